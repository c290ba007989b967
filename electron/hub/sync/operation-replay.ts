// Replays queued user actions to the server, in order, one at a time.
// +FLAGS/-FLAGS by UID is idempotent, so replaying an action twice (after a
// crash between the STORE and the log update) changes nothing. Only the flag
// an action names is touched: concurrent changes elsewhere are resolved as
// "last writer per flag". The flags are read back so the store ends with the
// server's truth, and a message the server no longer has fails its action
// with a reason instead of being retried forever.
import type { ImapFlow } from 'imapflow';
import { FLAG_ACTIONS } from '../../../shared/actions';
import type { ErrorInfo } from '../../../shared/model';
import { publicMailbox, toSummary } from '../store/message-rows';
import type { OperationRecord, OperationTarget } from '../store/operation-log';
import { storedFlags } from './fetch-summaries';
import type { SyncContext } from './sync-context';
import { toSequenceSet } from './uid-sets';

/** An action still failing after this many tries (with the server reachable) is reported failed. */
export const MAX_REPLAY_ATTEMPTS = 5;

function groupByMailbox(targets: OperationTarget[]): Map<string, OperationTarget[]> {
  const groups = new Map<string, OperationTarget[]>();
  for (const target of targets) groups.set(target.mailboxId, [...(groups.get(target.mailboxId) ?? []), target]);
  return groups;
}

function finish(ctx: SyncContext, operation: OperationRecord, error: ErrorInfo | null, serverFlags: Map<string, string[]>): void {
  const changed = ctx.store.operations.finish(operation.id, error ? 'failed' : 'applied', error, serverFlags);
  for (const record of changed) ctx.publish({ type: 'email.updated', payload: { message: toSummary(record) } });
  for (const mailboxId of new Set(changed.map((record) => record.mailboxId))) {
    const mailbox = ctx.store.reads.getMailbox(mailboxId);
    if (mailbox) ctx.publish({ type: 'mailbox.updated', payload: { mailbox: publicMailbox(mailbox) } });
  }
  ctx.publish({ type: 'action.status', payload: error ? { actionId: operation.id, state: 'failed', error } : { actionId: operation.id, state: 'applied' } });
}

async function replayOne(ctx: SyncContext, client: ImapFlow, operation: OperationRecord): Promise<void> {
  if (operation.attempts >= MAX_REPLAY_ATTEMPTS) {
    finish(ctx, operation, { code: 'replay_failed', message: `The server refused this action ${operation.attempts} times` }, new Map());
    return;
  }
  ctx.store.operations.countAttempt(operation.id);
  const { flag, add } = FLAG_ACTIONS[operation.type];
  const serverFlags = new Map<string, string[]>();
  let gone = 0;
  let invalidated = 0;
  for (const [mailboxId, targets] of groupByMailbox(operation.targets)) {
    const mailbox = ctx.store.reads.getMailbox(mailboxId);
    if (!mailbox) {
      gone += targets.length;
      continue;
    }
    const lock = await client.getMailboxLock(mailbox.path, { description: 'mailmind replay' });
    try {
      const uidValidity = client.mailbox ? Number(client.mailbox.uidValidity) : NaN;
      const valid = targets.filter((target) => target.uidValidity === uidValidity);
      invalidated += targets.length - valid.length;
      if (valid.length === 0) continue;
      const uidSet = toSequenceSet(valid.map((target) => target.uid));
      // Silent: the flags are read back just below, with the UIDs that still exist.
      if (add) await client.messageFlagsAdd(uidSet, [flag], { uid: true, silent: true });
      else await client.messageFlagsRemove(uidSet, [flag], { uid: true, silent: true });
      const found = new Map<number, string[]>();
      for await (const message of client.fetch(uidSet, { uid: true, flags: true }, { uid: true })) found.set(message.uid, storedFlags(message.flags));
      for (const target of valid) {
        const flags = found.get(target.uid);
        if (flags) serverFlags.set(target.messageId, flags);
        else gone += 1;
      }
    } finally {
      lock.release();
    }
  }
  const error: ErrorInfo | null = gone
    ? { code: 'message_gone', message: `${gone} of ${operation.targets.length} messages are no longer on the server` }
    : invalidated
      ? { code: 'uidvalidity_changed', message: 'The mailbox was rebuilt on the server before this action reached it' }
      : null;
  finish(ctx, operation, error, serverFlags);
}

/** Replays every pending action of the account, oldest first; stops when the connection goes. */
export async function replayPending(ctx: SyncContext, client: ImapFlow): Promise<number> {
  let replayed = 0;
  for (const operation of ctx.store.operations.pending(ctx.accountId)) {
    if (!client.usable) break;
    await replayOne(ctx, client, operation);
    replayed += 1;
  }
  return replayed;
}
