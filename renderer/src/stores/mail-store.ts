// The mail slice as a vanilla zustand store with a thin hook; every change goes
// through a pure reducer from mail-state.ts.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { HubEvent } from '../../../shared/protocol';
import { applyEvent, initialMailState, type MailState } from './mail-state';

export const mailStore = createStore<MailState>(() => initialMailState);

export function updateMail(reduce: (state: MailState) => MailState): void {
  mailStore.setState((state) => reduce(state), true);
}

export function dispatchMailEvent(event: HubEvent): void {
  updateMail((state) => applyEvent(state, event));
}

export function useMail<T>(select: (state: MailState) => T): T {
  return useStore(mailStore, select);
}
