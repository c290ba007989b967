// Replays moves (archive and delete are moves) and permanent deletions.
// UID MOVE (RFC 6851), which imapflow replaces with COPY + \Deleted + EXPUNGE
// where the server lacks it; the new UIDs come from COPYUID (UIDPLUS, RFC
// 4315). Idempotent across crashes: a message the source no longer has is
// looked for in the target by Message-ID (the move may have happened before
// the hub died), so a replay never makes a second copy.
import type { ImapFlow } from 'imapflow';
import type { ErrorInfo } from '../../../shared/model';
import { publicMailbox } from '../store/message-rows';
import type { ServerLocation } from '../store/move-operations';
import type { OperationRecord, OperationTarget, ReplayOutcome } from '../store/operation-log';
import type { MailboxRecord } from '../store/store-types';
import { lockedMailbox } from './locked-mailbox';
import { currentUids, findByHeader, groupByServerMailbox } from './server-locator';
import type { SyncContext } from './sync-context';
import { toSequenceSets } from './uid-sets';

/**
 * A target mailbox the hub added locally (archive, delete) is created on the server first. Where
 * the server keeps every folder under a namespace prefix ("INBOX." on Courier and Cyrus), imapflow
 * creates it there ("INBOX.Archive"); the local mailbox takes that path. Left at "Archive", it was
 * gone from the next LIST: removed with the messages just filed into it, which came back under
 * new ids in INBOX.Archive, and the archive could not be undone.
 */
async function ensureMailbox(ctx: SyncContext, client: ImapFlow, mailbox: MailboxRecord): Promise<MailboxRecord> {
  if (mailbox.uidValidity !== null) return mailbox;
  // imapflow answers {created: false} when it exists already (ALREADYEXISTS, RFC 5530).
  const created = await client.mailboxCreate(mailbox.path);
  const path = created?.path;
  if (!path || path === mailbox.path || ctx.store.reads.getMailboxByPath(mailbox.accountId, path)) return mailbox;
  ctx.store.writes.renameMailbox(mailbox.id, path);
  const renamed = ctx.store.reads.getMailbox(mailbox.id) ?? { ...mailbox, path };
  ctx.publish({ type: 'mailbox.updated', payload: { mailbox: publicMailbox(renamed) } });
  return renamed;
}

/** True when the server says `path` does not exist (imapflow's STATUS checks with a LIST after a NO). */
async function goneFromServer(client: ImapFlow, path: string): Promise<boolean> {
  try {
    await client.status(path, { messages: true });
    return false;
  } catch (error) {
    return (error as { code?: unknown }).code === 'NotFound';
  }
}

function targetGoneError(target: MailboxRecord): ErrorInfo {
  return { code: 'mailbox_gone', message: `The folder ${target.name} no longer exists on the server` };
}

function goneError(count: number, total: number): ErrorInfo {
  return { code: 'message_gone', message: `${count} of ${total} messages are no longer on the server` };
}

/**
 * MOVEs `uids` in commands of a bounded length (see MAX_SET_LENGTH); the new UIDs come from each
 * answer's COPYUID. False if the server refused one: the sets before it are moved, and the retry
 * finds those messages in the target by Message-ID.
 */
async function moveInSets(client: ImapFlow, uids: number[], path: string): Promise<{ uidValidity: number | null; uidMap: Map<number, number> } | false> {
  const uidMap = new Map<number, number>();
  let uidValidity: number | null = null;
  for (const set of toSequenceSets(uids)) {
    const result = await client.messageMove(set, path, { uid: true });
    if (result === false) return false;
    if (result?.uidValidity !== undefined) uidValidity = Number(result.uidValidity);
    for (const [from, to] of result?.uidMap ?? []) uidMap.set(from, to);
  }
  return { uidValidity, uidMap };
}

/** Replays one move; the connection failing throws (the move is tried again at the next connect). */
export async function replayMove(ctx: SyncContext, client: ImapFlow, operation: OperationRecord): Promise<ReplayOutcome> {
  const wanted = operation.targetMailboxId ? ctx.store.reads.getMailbox(operation.targetMailboxId) : null;
  if (!wanted) return { state: 'failed', error: { code: 'mailbox_gone', message: 'The target mailbox no longer exists' } };
  const target = await ensureMailbox(ctx, client, wanted);
  const { groups, unplaced } = groupByServerMailbox(ctx.store, operation.targets);
  const moved = new Map<string, ServerLocation | null>();
  const lookInTarget: OperationTarget[] = [...unplaced];
  for (const group of groups) {
    if (group.mailboxId === target.id) {
      // Moved back before the first move reached the server: it is where it should be.
      for (const { target: item, location } of group.targets) moved.set(item.messageId, location);
      continue;
    }
    const lock = await client.getMailboxLock(group.path, { description: 'mailmind move' });
    try {
      const uids = await currentUids(client, lock, group);
      const result = await moveInSets(client, [...uids.values()], target.path);
      if (result === false) {
        // The target was on the server and is not there now under this path. Renamed elsewhere,
        // perhaps: the folder check queued after this refusal finds where it went, and the next
        // try goes there. Still missing at a later try, it was deleted: saying so then beats five
        // refusals and "refused 5 times". Its messages go back where they were.
        if (target.uidValidity !== null && (await goneFromServer(client, target.path))) {
          if (operation.refusals > 0) return { state: 'failed', error: targetGoneError(target) };
          return { state: 'retry', error: { code: 'mailbox_missing', message: `The server has no folder ${target.name} now` } };
        }
        // NO: perhaps passing (a busy server), perhaps not. It is tried again with backoff, and
        // failed (the messages back where the server has them) after that.
        return { state: 'retry', error: { code: 'move_refused', message: `The server refused to move messages to ${target.name}` } };
      }
      const { uidValidity, uidMap } = result;
      for (const { target: item } of group.targets) {
        const uid = uids.get(item.messageId);
        const newUid = uid === undefined ? undefined : uidMap.get(uid);
        if (newUid !== undefined && uidValidity !== null) moved.set(item.messageId, { mailboxId: target.id, uidValidity, uid: newUid });
        else lookInTarget.push(item);
      }
    } finally {
      lock.release();
    }
  }
  if (lookInTarget.length > 0) {
    // No COPYUID (no UIDPLUS), or the source no longer had it: the target tells.
    const lock = await client.getMailboxLock(target.path, { description: 'mailmind move check' });
    try {
      const uidValidity = Number(lockedMailbox(client, lock).uidValidity);
      for (const item of lookInTarget) {
        const uid = await findByHeader(client, item.header);
        moved.set(item.messageId, uid === null ? null : { mailboxId: target.id, uidValidity, uid });
      }
    } finally {
      lock.release();
    }
  }
  const gone = [...moved.values()].filter((place) => place === null).length;
  return gone ? { state: 'failed', error: goneError(gone, operation.targets.length), moved } : { state: 'applied', error: null, moved };
}

/** Replays a permanent deletion (in Trash): \Deleted and UID EXPUNGE of exactly those UIDs (RFC 4315). */
export async function replayExpunge(ctx: SyncContext, client: ImapFlow, operation: OperationRecord): Promise<ReplayOutcome> {
  const { groups } = groupByServerMailbox(ctx.store, operation.targets);
  for (const group of groups) {
    const lock = await client.getMailboxLock(group.path, { description: 'mailmind expunge' });
    try {
      const uids = await currentUids(client, lock, group);
      for (const set of toSequenceSets([...uids.values()])) {
        if (!(await client.messageDelete(set, { uid: true }))) return { state: 'retry', error: { code: 'delete_refused', message: 'The server refused to delete the messages' } };
      }
    } finally {
      lock.release();
    }
  }
  // Already gone counts as done: the user wanted them gone.
  return { state: 'applied', error: null };
}
