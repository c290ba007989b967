import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type { Account } from '../../../shared/model';
import { ApiError } from '../api/api-client';
import { useApi } from '../api/api-context';
import { removeAccount } from '../mail/account-commands';

/** How the dialog names the account: its name and address, or the address alone when it has no other name. */
export function accountTitle(account: Account): string {
  return account.displayName && account.displayName !== account.email ? `${account.displayName} (${account.email})` : account.email;
}

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

/**
 * Asks before an account is removed, naming it and saying what goes: the mail downloaded to this
 * computer, not the mail on the server. A modal alert dialog (WAI-ARIA APG): the focus starts on
 * Cancel, the least destructive choice, Tab stays inside, Esc or a click beside it cancels (not
 * while the removal is on its way). `onClose` says whether the account was removed; the caller puts
 * the focus back.
 */
export function RemoveAccountDialog({ account, onClose }: { account: Account; onClose(removed: boolean): void }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const textId = useId();
  const errorId = useId();

  useEffect(() => {
    cancel.current?.focus();
  }, []);

  const dismiss = (): void => {
    if (!busy) onClose(false);
  };

  const remove = async (): Promise<void> => {
    if (!api || busy) return;
    setBusy(true);
    setError(null);
    try {
      await removeAccount(api, account.id);
      onClose(true);
    } catch (caught) {
      setBusy(false);
      setError(caught instanceof ApiError ? caught.message : String(caught));
      confirm.current?.focus();
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    // The app's shortcuts (Delete, e, j…) act on messages: none of them while the dialog is open.
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      dismiss();
      return;
    }
    if (event.key !== 'Tab' || !dialog.current) return;
    const focusable = [...dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) return;
    // On the dialog itself (a click on its text) is as good as outside: Tab goes to its first control.
    const active = document.activeElement;
    const inside = active !== dialog.current && dialog.current.contains(active);
    if (event.shiftKey && (active === first || !inside)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !inside)) {
      event.preventDefault();
      first.focus();
    }
  };

  // Above everything (the sidebar scrolls, the panes clip): in the page's body.
  return createPortal(
    <div
      className="dialog-backdrop"
      onMouseDown={(event) => {
        // A press beside the dialog cancels; one inside must not take the focus out of it.
        if (event.target === event.currentTarget) {
          event.preventDefault();
          dismiss();
        }
      }}
    >
      <div
        ref={dialog}
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={error ? `${textId} ${errorId}` : textId}
        data-testid="remove-account-dialog"
        // Focusable by script and click only: a click on its text keeps the focus (and Esc, Tab) in it.
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId}>Remove {accountTitle(account)}?</h2>
        <div id={textId}>
          <p>
            The mail MailMind downloaded for this account is deleted from this computer, with its folders, its saved password and any changes not yet sent to the
            server.
          </p>
          <p>The mail on the server is not touched: add the account again to read it here again.</p>
        </div>
        {error ? (
          <p className="field-error" id={errorId} role="alert" data-testid="remove-account-error">
            The account could not be removed. {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button ref={cancel} type="button" aria-disabled={busy || undefined} onClick={dismiss}>
            Cancel
          </button>
          <button ref={confirm} type="button" className="danger" aria-disabled={busy || !api || undefined} onClick={() => void remove()} data-testid="remove-account-confirm">
            {busy ? 'Removing…' : 'Remove account'}
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
