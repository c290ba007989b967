// Keyboard shortcuts: j/k next/previous, Enter open, Esc close, e archive,
// # delete, s star, u read/unread, / search. Ignored while typing in a field.
import { useEffect } from 'react';
import type { ApiClient } from '../api/api-client';
import { mailStore } from '../stores/mail-store';
import { actionTargets, setUi, uiStore } from '../stores/ui-store';
import { openMessage, performAction, toggleFlag, toggleRead } from './mail-commands';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Moves the cursor by `step` rows; with the reader open, the next message opens too. */
function moveCursor(api: ApiClient, step: number): void {
  const ids = mailStore.getState().list.ids;
  if (ids.length === 0) return;
  const ui = uiStore.getState();
  const at = ui.cursorId ? ids.indexOf(ui.cursorId) : -1;
  const next = ids[Math.max(0, Math.min(ids.length - 1, at < 0 ? 0 : at + step))];
  if (!next) return;
  if (ui.openId) openMessage(api, next);
  else setUi({ cursorId: next });
}

export function useKeyboardShortcuts(api: ApiClient | null): void {
  useEffect(() => {
    if (!api) return undefined;
    const onKey = (event: KeyboardEvent): void => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) {
        if (event.key === 'Escape' && event.target instanceof HTMLElement) event.target.blur();
        return;
      }
      // Enter and Space on a focused button or link activate it, as usual.
      if ((event.key === 'Enter' || event.key === ' ') && event.target instanceof HTMLElement && event.target.closest('button, a, summary')) return;
      const targets = actionTargets(uiStore.getState());
      switch (event.key) {
        case 'j':
          moveCursor(api, 1);
          break;
        case 'k':
          moveCursor(api, -1);
          break;
        case 'Enter': {
          const cursor = uiStore.getState().cursorId;
          if (cursor) openMessage(api, cursor);
          break;
        }
        case 'Escape':
          if (uiStore.getState().openId) setUi({ openId: null });
          else setUi({ selected: {} });
          break;
        case 'e':
          void performAction(api, 'archive', targets);
          break;
        case '#':
          void performAction(api, 'delete', targets);
          break;
        case 's':
          if (targets.length > 0) toggleFlag(api, targets);
          break;
        case 'u':
          if (targets.length > 0) toggleRead(api, targets);
          break;
        case '/':
          document.getElementById('search-input')?.focus();
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [api]);
}
