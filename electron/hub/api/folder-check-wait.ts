// A message the server did not have where the store says it is. Opened just after another client
// renamed its folder, it answered 404 gone (and 503 or gone again) until the sync's next folder
// check found the folder under its new name; the message then opened there. The open now has the
// folders checked at once and waits for that check, a few seconds at most, and is fetched again
// where the check put the message. Only a message the check did not find elsewhere is gone.
import type { Store } from '../store/open-store';
import type { AccountSync } from '../sync/account-sync';

/**
 * `moved`: the store has the message somewhere else now (fetch it there); `gone`: the store no
 * longer has it, or the check found no other place for it; `unknown`: no answer in time.
 */
export type FolderCheckOutcome = 'moved' | 'gone' | 'unknown';

/** How long an open waits for the folder check before it answers. */
export const FOLDER_CHECK_WAIT_MS = 5_000;

/** Where the store says the message is on the server (mailbox, its path, UIDVALIDITY, UID); null when it has no such message. */
export function placeOf(store: Store, messageId: string): string | null {
  if (!store.reads.getMessage(messageId)) return null;
  const location = store.operations.locate(messageId);
  if (!location) return 'nowhere';
  const path = store.reads.getMailbox(location.mailboxId)?.path ?? null;
  return JSON.stringify([location.mailboxId, path, location.uidValidity, location.uid]);
}

export interface FolderCheckWait {
  store: Store;
  account: Pick<AccountSync, 'checkFolders'>;
  messageId: string;
  /** placeOf() when the fetch found nothing. */
  place: string | null;
  timeoutMs?: number;
}

/**
 * Has the account's folders checked (a LIST, joining a check queued already) and answers, after at
 * most `timeoutMs`, where the store then says the message is: elsewhere (its folder renamed), nowhere
 * (its folder deleted with it), or where it was, which after a completed check means gone.
 */
export async function waitForFolderCheck({ store, account, messageId, place, timeoutMs = FOLDER_CHECK_WAIT_MS }: FolderCheckWait): Promise<FolderCheckOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const checked = await Promise.race([
    account.checkFolders().catch(() => false),
    new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs))),
  ]);
  clearTimeout(timer);
  const now = placeOf(store, messageId);
  if (now === null) return 'gone';
  if (now !== place) return 'moved';
  return checked === true ? 'gone' : 'unknown';
}
