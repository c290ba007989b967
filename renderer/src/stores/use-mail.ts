// The thin React hook over the mail store, apart from it so that the store and
// the commands that fill it load without React.
import { useStore } from 'zustand';
import type { MailState } from './mail-state';
import { mailStore } from './mail-store';

export function useMail<T>(select: (state: MailState) => T): T {
  return useStore(mailStore, select);
}
