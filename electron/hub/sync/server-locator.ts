// Finds the server's UID of each message an operation acts on. A UID is only
// valid under its mailbox's UIDVALIDITY (RFC 3501 2.3.1.1): when that changed
// before the replay, the message is found again by its Message-ID (SEARCH
// HEADER), or reported gone; a queued action is never silently dropped.
import type { ImapFlow, MailboxLockObject } from 'imapflow';
import type { Store } from '../store/open-store';
import type { OperationTarget } from '../store/operation-log';
import type { ServerLocation } from '../store/move-operations';
import { lockedMailbox } from './locked-mailbox';

/** Targets grouped by the mailbox the server keeps them in. */
export interface LocatedGroup {
  mailboxId: string;
  path: string;
  targets: Array<{ target: OperationTarget; location: ServerLocation }>;
}

/** Groups targets by their server mailbox; those the hub knows no place for are returned apart. */
export function groupByServerMailbox(store: Store, targets: OperationTarget[]): { groups: LocatedGroup[]; unplaced: OperationTarget[] } {
  const groups = new Map<string, LocatedGroup>();
  const unplaced: OperationTarget[] = [];
  for (const target of targets) {
    const location = store.operations.locate(target.messageId);
    const mailbox = location ? store.reads.getMailbox(location.mailboxId) : null;
    if (!location || !mailbox) {
      unplaced.push(target);
      continue;
    }
    const group = groups.get(mailbox.id) ?? { mailboxId: mailbox.id, path: mailbox.path, targets: [] };
    group.targets.push({ target, location });
    groups.set(mailbox.id, group);
  }
  return { groups: [...groups.values()], unplaced };
}

/** One Message-ID's UID in the selected mailbox, or null (absent, or no Message-ID to look for). */
export async function findByHeader(client: ImapFlow, header: string | null): Promise<number | null> {
  if (!header) return null;
  const found = await client.search({ header: { 'message-id': header } }, { uid: true });
  return Array.isArray(found) && found.length > 0 ? Math.max(...found) : null;
}

/**
 * The current UIDs of a group's messages in the selected mailbox (hub id → UID); a message
 * whose UID predates a UIDVALIDITY change is looked up by Message-ID, and left out if absent.
 */
export async function currentUids(client: ImapFlow, lock: MailboxLockObject, group: LocatedGroup): Promise<Map<string, number>> {
  const uidValidity = Number(lockedMailbox(client, lock).uidValidity);
  const uids = new Map<string, number>();
  for (const { target, location } of group.targets) {
    const uid = location.uidValidity === uidValidity ? location.uid : await findByHeader(client, target.header);
    if (uid !== null) uids.set(target.messageId, uid);
  }
  return uids;
}
