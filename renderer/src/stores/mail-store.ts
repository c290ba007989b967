// The mail slice as a vanilla zustand store (no React, so that data can be
// fetched into it before React has loaded); every change goes through a pure
// reducer from mail-state.ts. The React hook is use-mail.ts.
import { createStore } from 'zustand/vanilla';
import type { HubEvent } from '../../../shared/protocol';
import { applyEvent, initialMailState, type MailState } from './mail-state';

export const mailStore = createStore<MailState>(() => initialMailState);

export function updateMail(reduce: (state: MailState) => MailState): void {
  mailStore.setState((state) => reduce(state), true);
}

export function dispatchMailEvent(event: HubEvent): void {
  updateMail((state) => applyEvent(state, event));
}
