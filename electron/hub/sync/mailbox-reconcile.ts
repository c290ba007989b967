// The account's folders in the store follow the server's LIST: new ones added,
// renamed or re-ranked ones updated (a folder renamed elsewhere keeps its id and its
// mail), gone ones removed with their mail. Run at each session's start and at each
// check of the other folders, which is how a folder created or deleted by another
// client shows up without a reconnect.
import type { ImapFlow, StatusObject } from 'imapflow';
import { publicMailbox } from '../store/message-rows';
import type { MailboxRecord } from '../store/store-types';
import type { MailboxInput } from '../store/store-writes';
import { listMailboxes, type ListedMailbox } from './mailbox-list';
import type { SyncContext } from './sync-context';

export interface ReconciledMailbox {
  mailbox: MailboxRecord;
  /** STATUS from the same LIST, when asked for (see listMailboxes). */
  status: StatusObject | undefined;
}

const sameListing = (input: MailboxInput, mailbox: MailboxRecord | undefined): mailbox is MailboxRecord =>
  mailbox !== undefined && mailbox.name === input.name && mailbox.delimiter === input.delimiter && mailbox.specialUse === input.specialUse && mailbox.sortKey === input.sortKey;

/**
 * Folders renamed by another client: gone from their path, listed at a new one with the same
 * UIDVALIDITY (Dovecot, Cyrus and Gmail keep it across RENAME) and a UIDNEXT no lower. Taken
 * for a deletion and a new folder, a rename downloaded the folder again under new ids, and the
 * user's queued actions on its messages failed as "no longer on the server". Matched only when
 * neither side has a twin with that UIDVALIDITY; a server that changes it on RENAME gets the
 * deletion and the new folder, as before.
 *
 * `gone` holds the stored folders whose path the server no longer lists, and those it lists
 * with another UIDVALIDITY: a special folder renamed ("Archive" to "Archive 2023") that the
 * server creates again at once (Dovecot's auto=create) is at its path, but a new folder.
 */
function renamedElsewhere(gone: MailboxRecord[], fresh: ListedMailbox[]): Array<{ mailbox: MailboxRecord; path: string }> {
  const renames: Array<{ mailbox: MailboxRecord; path: string }> = [];
  for (const mailbox of gone) {
    // INBOX stays INBOX: renaming it moves its mail to a new folder and leaves it there, empty
    // (RFC 3501 section 6.3.5); the session watches INBOX by its id.
    if (mailbox.uidValidity === null || mailbox.specialUse === '\\Inbox') continue;
    const twins = gone.filter((other) => other.uidValidity === mailbox.uidValidity);
    const matches = fresh.filter((listed) => validityOf(listed) === mailbox.uidValidity);
    const [match] = matches;
    const uidNextKept = match?.status?.uidNext === undefined || mailbox.uidNext === null || match.status.uidNext >= mailbox.uidNext;
    if (twins.length === 1 && matches.length === 1 && match && uidNextKept) renames.push({ mailbox, path: match.input.path });
  }
  return renames;
}

const validityOf = ({ status }: ListedMailbox): number | null => (status?.uidValidity === undefined ? null : Number(status.uidValidity));

/**
 * LISTs the account's mailboxes into the store. Announces (mailbox.updated) every mailbox, at
 * a session's start or after a folder was removed, or only those added or changed, at a check.
 */
export async function reconcileMailboxes(ctx: SyncContext, imap: ImapFlow, announce: 'all' | 'changed'): Promise<ReconciledMailbox[]> {
  const { writes, reads } = ctx.store;
  // STATUS tells whether a synced mailbox changed, and where a renamed one went (its UIDVALIDITY):
  // not needed while no mailbox has been opened yet.
  const listed = await listMailboxes(imap, reads.listMailboxes(ctx.accountId).some((mailbox) => mailbox.uidValidity !== null));
  const serverPaths = new Set(listed.map(({ input }) => input.path));
  // A mailbox the user's queued actions move mail into (an Archive or Trash added locally)
  // is not on the server until the replay creates it: it stays.
  const awaited = new Set(ctx.store.operations.pending(ctx.accountId).map((operation) => operation.targetMailboxId));
  const stored = new Map(reads.listMailboxes(ctx.accountId).map((mailbox) => [mailbox.path, mailbox]));
  // Every account has an INBOX (RFC 3501 section 5.1): a LIST without one is a server answering
  // wrongly (a proxy or a backend failing mid-answer), not the user deleting every folder. Taken
  // at its word, it removed every folder with its mail, cached bodies and queued moves' records.
  const complete = listed.some(({ input }) => input.specialUse === '\\Inbox');
  if (!complete) ctx.logger.warn('the server listed no INBOX; no folder is removed this time', { accountId: ctx.accountId, listed: listed.length });
  const missing = complete ? [...stored.values()].filter((m) => !serverPaths.has(m.path)) : [];
  const listedAt = new Map(listed.map((entry) => [entry.input.path, entry]));
  const replaced = [...stored.values()].filter((m) => {
    const now = listedAt.get(m.path);
    return m.uidValidity !== null && now !== undefined && validityOf(now) !== null && validityOf(now) !== m.uidValidity;
  });
  const gone = new Set([...missing, ...replaced].map((mailbox) => mailbox.id));
  // Where a renamed folder may be now: a new path, or one whose folder went or was replaced too
  // (names moved around between two checks: A to C then B to A, or A and B swapped).
  const vacant = listed.filter(({ input }) => !stored.has(input.path) || gone.has(stored.get(input.path)!.id));
  const renames = renamedElsewhere([...missing, ...replaced], vacant);
  const renamed = new Set(renames.map(({ mailbox }) => mailbox.id));
  const taken = new Set(renames.map(({ path }) => path));
  // A replaced folder whose path a renamed one takes makes way for it; one that stays is rebuilt
  // by its sync (its UIDVALIDITY changed).
  const stale = [...missing.filter((m) => !awaited.has(m.id)), ...replaced.filter((m) => taken.has(m.path))].filter((m) => !renamed.has(m.id));
  // Nothing to write when the server lists what the store has (a resync that finds no change writes nothing).
  const unchanged = stale.length === 0 && renames.length === 0 && listed.every(({ input }) => sameListing(input, stored.get(input.path)));
  // The messages of folders gone from the server leave every client's lists (email.deleted).
  const removed: Array<{ mailboxId: string; ids: string[] }> = [];
  const mailboxes = unchanged
    ? listed.map(({ input, status }) => ({ mailbox: stored.get(input.path) as MailboxRecord, status }))
    : writes.transaction(() => {
        // Through a path no folder has first: paths are unique per account, and names may have
        // moved around (A and B swapped).
        for (const { mailbox } of renames) writes.renameMailbox(mailbox.id, `\u0000renaming ${mailbox.id}`);
        for (const mailbox of stale) {
          removed.push({ mailboxId: mailbox.id, ids: writes.clearMailbox(mailbox.id) });
          writes.deleteMailbox(mailbox.id);
        }
        for (const { mailbox, path } of renames) writes.renameMailbox(mailbox.id, path);
        return listed.map(({ input, status }) => ({ mailbox: writes.upsertMailbox(ctx.accountId, input), status }));
      });
  for (const { mailboxId, ids } of removed) if (ids.length > 0) ctx.publish({ type: 'email.deleted', payload: { ids, mailboxId } });
  // The protocol has no event for a removed folder: every folder left is announced instead, so
  // that views know to fetch the folder list again (even when the removed folder was empty).
  // After a rename too: a folder created again at the old path is new to the views under a known name.
  const announceAll = announce === 'all' || removed.length > 0 || renames.length > 0;
  for (const [index, { mailbox }] of mailboxes.entries()) {
    const { input } = listed[index]!;
    if (announceAll || !sameListing(input, stored.get(input.path))) ctx.publish({ type: 'mailbox.updated', payload: { mailbox: publicMailbox(mailbox) } });
  }
  return mailboxes;
}
