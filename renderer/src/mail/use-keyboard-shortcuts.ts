// Keyboard shortcuts: j/k next/previous (with Shift, checking the rows on the way), Enter or o
// open, Esc close, x select, e archive, # or Delete delete, s star, u read/unread, / search,
// z (Gmail) or Ctrl+Z / Cmd+Z (Thunderbird) undo. Ignored while typing in a field: Ctrl+Z there
// is the field's own undo.
// The message list's own keys (arrows, Home/End, PageUp/PageDown, Space) are the list's,
// in MessageList: they act only while it has the focus.
import { useEffect } from 'react';
import type { ApiClient } from '../api/api-client';
import { actionTargets, setUi, toggleSelected, uiStore } from '../stores/ui-store';
import { openMessage, performAction, toggleFlag, toggleRead, undoNewest } from './action-commands';
import { moveCursor } from './list-cursor';
import { backToList } from './list-focus';

/** Input types that take no text: a key pressed on one of them is a shortcut, not typing. */
const NOT_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'image', 'file', 'color', 'range']);

/**
 * Whether the key goes into a text field. A ticked check box (a row's, in the list) is not one:
 * counting every INPUT as typing turned all shortcuts off after a click on a row's check box.
 */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target instanceof HTMLInputElement && !NOT_TEXT_INPUTS.has(target.type);
}

/**
 * z, or Ctrl+Z (Cmd+Z on a Mac): undo. Not with Shift or Alt, nor with Ctrl and Cmd both: those
 * are other keys (Ctrl+Shift+Z is redo elsewhere). Z without Shift is z with Caps Lock on.
 */
function isUndoKey(event: KeyboardEvent): boolean {
  return (event.key === 'z' || event.key === 'Z') && !event.shiftKey && !event.altKey && !(event.ctrlKey && event.metaKey);
}

export function useKeyboardShortcuts(api: ApiClient | null): void {
  useEffect(() => {
    if (!api) return undefined;
    const onKey = (event: KeyboardEvent): void => {
      // A modal dialog (Remove account…) is open: its keys are its own, whatever has the focus.
      if (document.querySelector('[aria-modal="true"]')) return;
      if (isUndoKey(event)) {
        if (isTyping(event.target)) return;
        event.preventDefault();
        // A held key repeats: one press, one undo (held, it undid every toast on screen).
        if (event.repeat) return;
        // Undoes what the newest toast with Undo shows; nothing to undo, nothing happens.
        void undoNewest(api);
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) {
        if (event.key === 'Escape' && event.target instanceof HTMLElement) event.target.blur();
        return;
      }
      // Enter and Space on a focused button, link or check box activate it, as usual.
      if ((event.key === 'Enter' || event.key === ' ') && event.target instanceof HTMLElement && event.target.closest('button, a, summary, input')) return;
      const targets = actionTargets(uiStore.getState());
      switch (event.key) {
        case 'j':
          void moveCursor(api, 1);
          break;
        case 'k':
          void moveCursor(api, -1);
          break;
        // Shift+j/k check the rows on the way, as Shift and the arrows do in the list (J and K
        // without Shift are j and k with Caps Lock on).
        case 'J':
          void moveCursor(api, 1, { extend: event.shiftKey });
          break;
        case 'K':
          void moveCursor(api, -1, { extend: event.shiftKey });
          break;
        case 'Enter':
        case 'o': {
          const cursor = uiStore.getState().cursorId;
          if (cursor) openMessage(api, cursor);
          break;
        }
        case 'x': {
          // Gmail's x: check or uncheck the cursor row.
          const cursor = uiStore.getState().cursorId;
          if (cursor) toggleSelected(cursor);
          break;
        }
        case 'Escape':
          if (uiStore.getState().openId) backToList();
          else setUi({ selected: {} });
          break;
        case 'e':
          void performAction(api, 'archive', targets);
          break;
        case '#':
        case 'Delete':
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
