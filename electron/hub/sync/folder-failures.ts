// Which of an account's folders failed to sync, and why. DESIGN: 'idle' means every mailbox
// is synced; while one is not (the server refuses to open it, say), the account is in
// 'error', naming it, and 'idle' again once it syncs.
import type { ErrorInfo } from '../../../shared/model';
import { serverText } from './imap-client';

export interface FolderFailures {
  /** Records a folder's last sync: `reason` when it failed, null when it synced. True when that changed the account's state. */
  record(mailboxId: string, reason: string | null): boolean;
  /** Forgets every failure (a new session syncs every folder again). */
  clear(): void;
  /** The error to report, or null for 'idle'; folders `exists` no longer knows are forgotten. */
  error(exists: (mailboxId: string) => boolean): ErrorInfo | null;
  /** Whether a failed folder is one `exists` no longer knows (deleted or renamed elsewhere): the state must be published again. */
  namesGone(exists: (mailboxId: string) => boolean): boolean;
}

/** "Could not sync "Projects": <the server's text>". */
export function folderFailureReason(folderName: string, error: unknown): string {
  return `Could not sync "${folderName}": ${serverText(error)}`;
}

export function createFolderFailures(): FolderFailures {
  const failed = new Map<string, string>();
  return {
    record(mailboxId, reason) {
      const before = failed.get(mailboxId);
      if (reason === null) failed.delete(mailboxId);
      else failed.set(mailboxId, reason);
      return before !== (reason ?? undefined);
    },
    clear: () => failed.clear(),
    namesGone: (exists) => [...failed.keys()].some((id) => !exists(id)),
    error(exists) {
      for (const id of failed.keys()) if (!exists(id)) failed.delete(id);
      const [first] = failed.values();
      if (first === undefined) return null;
      const message = failed.size === 1 ? first : `${first} (and ${failed.size - 1} more folders)`;
      return { code: 'mailbox_sync_failed', message };
    },
  };
}
