// The mail slice as a vanilla zustand store (no React, so that data can be
// fetched into it before React has loaded); every change goes through a pure
// reducer from mail-state.ts. The React hook is use-mail.ts.
import { createStore } from 'zustand/vanilla';
import type { HubEvent } from '../../../shared/protocol';
import { applyEvent, compareMessages, initialMailState, type MailState } from './mail-state';
import { afterRemovals, setUi, uiStore } from './ui-store';

export const mailStore = createStore<MailState>(() => initialMailState);

export function updateMail(reduce: (state: MailState) => MailState): void {
  mailStore.setState((state) => reduce(state), true);
}

export function dispatchMailEvent(event: HubEvent): void {
  updateMailFollowingRemovals((state) => applyEvent(state, event));
}

/** An update from the hub (an event, a reload): the view lets go of messages that left (afterRemovals). */
export function updateMailFollowingRemovals(reduce: (state: MailState) => MailState): void {
  const before = mailStore.getState();
  updateMail(reduce);
  const after = mailStore.getState();
  // A new list (another mailbox, a search) is not a removal.
  if (after.list.generation !== before.list.generation) return;
  // The list itself unchanged (a flag change, the common event): only the reader can have lost
  // its message. Not diffing the list here keeps a burst of thousands of flag changes cheap.
  if (after.list.ids === before.list.ids) {
    const { openId } = uiStore.getState();
    if (openId !== null && openId in before.messages && !(openId in after.messages)) setUi({ openId: null });
    return;
  }
  // A reload that stopped short of where the list went before (new mail pushed rows down) did
  // not remove the rows past its last one: they are just not loaded again yet.
  const last = after.list.nextCursor !== null ? after.messages[after.list.ids.at(-1) ?? ''] : undefined;
  const beforeIds = last ? before.list.ids.filter((id) => !before.messages[id] || compareMessages(before.messages[id], last) <= 0) : before.list.ids;
  const change = afterRemovals(uiStore.getState(), beforeIds, after.list.ids, (id) => id in before.messages && !(id in after.messages));
  if (change) setUi(change);
}
