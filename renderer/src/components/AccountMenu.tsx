import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Account } from '../../../shared/model';

/**
 * The account's menu button beside its name in the sidebar (a menu button, WAI-ARIA APG): Enter,
 * Space or a click opens it on its first item; the arrows, Home and End move among the items; Esc
 * closes it on the button; Tab or a click elsewhere closes it. Its one item, "Remove account…",
 * asks first (RemoveAccountDialog, through `onRemove`, given the button to return the focus to).
 */
export function AccountMenu({ account, onRemove }: { account: Account; onRemove(opener: HTMLElement | null): void }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const menuId = useId();
  const name = account.displayName || account.email;

  useEffect(() => {
    if (!open) return undefined;
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const outside = (event: MouseEvent): void => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);

  const onMenuKey = (event: KeyboardEvent<HTMLUListElement>): void => {
    // The app's shortcuts act on messages: not on keys meant for the menu.
    event.stopPropagation();
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const go = (index: number): void => items[(index + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'Escape':
        setOpen(false);
        button.current?.focus();
        break;
      case 'Tab':
        setOpen(false);
        return;
      case 'ArrowDown':
        go(at + 1);
        break;
      case 'ArrowUp':
        go(at - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(items.length - 1);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <div className="account-menu">
      <button
        ref={button}
        type="button"
        className="account-menu-button"
        aria-label={`Account actions for ${name}`}
        title="Account actions"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        data-testid="account-menu-button"
        onClick={() => setOpen((was) => !was)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            event.stopPropagation();
            setOpen(true);
          }
        }}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {open ? (
        <ul ref={menu} id={menuId} className="account-menu-items" role="menu" aria-label={`Actions for ${name}`} onKeyDown={onMenuKey}>
          <li role="none">
            <button
              type="button"
              role="menuitem"
              tabIndex={-1}
              data-testid="remove-account"
              onClick={() => {
                setOpen(false);
                onRemove(button.current);
              }}
            >
              Remove account…
            </button>
          </li>
        </ul>
      ) : null}
    </div>
  );
}
