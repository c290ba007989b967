// Where the keyboard goes back to: the message list, whose own keys (arrows, Home/End, Space)
// act only while it has the focus (MessageList). Back from the reader, after a toolbar action,
// and when a focused control goes away (a banner's Retry now, a toast's Undo), the list takes
// the focus again, as Thunderbird's thread pane does. Left on <body> or on a toolbar button,
// those keys did nothing until the user clicked the list.
import { flushSync } from 'react-dom';
import { mailStore } from '../stores/mail-store';
import { setUi, uiStore } from '../stores/ui-store';

/** Gives the message list the focus; nothing when it is not shown (the setup form). */
export function focusMessageList(): void {
  document.querySelector<HTMLElement>('[data-testid="message-list"]')?.focus();
}

/**
 * Applies `change` to the view, rendered at once, then gives the list the focus. Rendered first:
 * in a narrow window the list is hidden behind the reader (visibility: hidden, styles.css) until
 * the reader closes, and a hidden element takes no focus. Not from a render or an effect (flushSync).
 */
export function focusListAfter(change: () => void): void {
  flushSync(change);
  focusMessageList();
}

/** Back from the reader (Esc, Back to the list): the list has the keyboard again, on the message that was open. */
export function backToList(): void {
  const { openId } = uiStore.getState();
  const inList = openId !== null && mailStore.getState().list.ids.includes(openId);
  focusListAfter(() => setUi(inList ? { openId: null, cursorId: openId } : { openId: null }));
}

/**
 * A ref for a control that goes away once used (Retry now, once the account connects; Undo, once
 * pressed): taken out of the page while it has the focus, it hands the focus to the list. React
 * calls a ref's cleanup before it removes the element, which still has the focus then.
 */
export function listFocusWhenGone(element: HTMLElement | null): (() => void) | undefined {
  if (!element) return undefined;
  return () => {
    if (document.activeElement === element) focusMessageList();
  };
}
