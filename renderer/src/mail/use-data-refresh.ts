// Fetches what the views show as soon as the API is known, and again after the
// socket opens, so events missed while it was not connected are not lost (and sends
// the user's actions that could not reach the hub meanwhile, this page's or those an
// earlier page kept): after a reconnect at once, after the first open a moment later
// (the first fetch raced the socket by a few milliseconds; the first rows need not wait for it).
import { useEffect, useRef } from 'react';
import type { ApiClient } from '../api/api-client';
import { useHubState } from '../stores/hub-store';
import { mailStore } from '../stores/mail-store';
import { useMail } from '../stores/use-mail';
import { followAccountRemoval, refreshAll, reloadMailboxes } from './mail-commands';
import { resendUnsent } from './action-commands';
import { restoreUnsentActions } from './kept-unsent-actions';

export const FIRST_OPEN_REFRESH_DELAY_MS = 1000;
/** A burst of folder events (a session's start announces every folder; a first sync, each batch) makes one fetch. */
export const MAILBOX_REFETCH_DELAY_MS = 300;
/**
 * But a burst that goes on (a first sync of a large mailbox announces every batch, several a
 * second for minutes) fetches at least this often: the first account's inbox opens, and fills,
 * while its sync runs, not once it is over (reloadMailboxes).
 */
export const MAILBOX_REFETCH_MAX_WAIT_MS = 2000;

export function useDataRefresh(api: ApiClient | null): void {
  const openCount = useHubState((state) => state.openCount);
  const mailboxEvents = useMail((state) => state.mailboxEvents);
  /** When the first folder event not yet followed by a fetch came. */
  const burstStart = useRef<number | null>(null);
  useEffect(() => {
    // Folders created, renamed or deleted elsewhere (see MailState.mailboxEvents).
    if (!api || mailboxEvents === 0) return undefined;
    burstStart.current ??= Date.now();
    const wait = Math.max(0, Math.min(MAILBOX_REFETCH_DELAY_MS, burstStart.current + MAILBOX_REFETCH_MAX_WAIT_MS - Date.now()));
    const timer = setTimeout(() => {
      burstStart.current = null;
      void reloadMailboxes(api);
    }, wait);
    return () => clearTimeout(timer);
  }, [api, mailboxEvents]);
  const removedAccounts = useMail((state) => Object.keys(state.removedAccounts).length);
  useEffect(() => {
    // An account removed (account.removed, from this page or another): a view of its folder goes.
    if (api && removedAccounts > 0) void followAccountRemoval(api);
  }, [api, removedAccounts]);
  useEffect(() => {
    // Actions an earlier page kept unsent (it was closed or reloaded while the hub was away) are
    // tracked again, as not sent yet: their toasts show, and so does their change in the lists.
    // Here rather than in the entry (main.ts), whose first requests would wait for the storage.
    restoreUnsentActions();
  }, []);
  const mounted = useRef(false);
  useEffect(() => {
    if (!api) return;
    const atMount = !mounted.current;
    mounted.current = true;
    // Those go as soon as the hub is known, not only when the socket opens: the sooner the toast
    // stops saying they wait, the better (a second round for the socket finds nothing left).
    if (mailStore.getState().actions.some((action) => action.state === 'unsent')) void resendUnsent(api);
    // Headless, the entry fetched everything before React loaded (main.ts): a
    // refresh still running is joined by refreshAll, one that finished is not
    // repeated. A later client (a new hub address) fetches again.
    if (atMount && mailStore.getState().accountsLoaded) return;
    void refreshAll(api, atMount);
  }, [api]);
  useEffect(() => {
    if (!api || openCount === 0) return undefined;
    // Actions that never reached the hub (it was not reachable) go now, in order, before the
    // refresh: the hub is back.
    void resendUnsent(api);
    if (openCount > 1) {
      void refreshAll(api);
      return undefined;
    }
    const timer = setTimeout(() => void refreshAll(api), FIRST_OPEN_REFRESH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [api, openCount]);
}
