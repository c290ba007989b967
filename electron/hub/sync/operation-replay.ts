// Replays queued user actions to the server, in order. Each ends applied or
// failed with a reason, and the store ends with the server's truth: flags
// read back, moved messages with their new UIDs, messages the server no
// longer has removed. A lost connection leaves the action pending for the
// next connect; one the server keeps refusing is failed, not retried forever.
import type { ImapFlow } from 'imapflow';
import { publishChange } from '../events/publish-change';
import type { OperationRecord, ReplayOutcome } from '../store/operation-log';
import { mergeChanges } from '../store/store-change';
import { coalescible, replayFlagBatch } from './replay-flags';
import { replayExpunge, replayMove } from './replay-moves';
import type { SyncContext } from './sync-context';

/** An action still failing after this many tries (with the server reachable) is reported failed. */
export const MAX_REPLAY_ATTEMPTS = 5;

/** Ends operations in one transaction; clients hear each message and mailbox once, then each action's status. */
function finishAll(ctx: SyncContext, ended: Array<[OperationRecord, ReplayOutcome]>): void {
  const change = ctx.store.writes.transaction(() => mergeChanges(ended.map(([operation, outcome]) => ctx.store.operations.finish(operation.id, outcome))));
  publishChange(ctx.store, ctx.publish, change);
  for (const [{ id: actionId }, outcome] of ended) {
    ctx.publish({ type: 'action.status', payload: outcome.error ? { actionId, state: 'failed', error: outcome.error } : { actionId, state: 'applied' } });
  }
}

const finish = (ctx: SyncContext, operation: OperationRecord, outcome: ReplayOutcome): void => finishAll(ctx, [[operation, outcome]]);

/** Replays the oldest pending action (with the flag actions after it that can go together); returns how many ended. */
async function replayNext(ctx: SyncContext, client: ImapFlow, pending: OperationRecord[]): Promise<number> {
  const [first] = pending as [OperationRecord];
  const batch = first.kind === 'move' || first.kind === 'expunge' ? [first] : coalescible(pending);
  const worn = batch.filter((operation) => operation.attempts >= MAX_REPLAY_ATTEMPTS);
  if (worn.length > 0) {
    const error = (operation: OperationRecord) => ({ code: 'replay_failed', message: `The server refused this action ${operation.attempts} times` });
    finishAll(ctx, worn.map((operation) => [operation, { state: 'failed', error: error(operation) }]));
    return worn.length;
  }
  ctx.store.writes.transaction(() => batch.forEach((operation) => ctx.store.operations.countAttempt(operation.id)));
  if (first.kind === 'move') finish(ctx, first, await replayMove(ctx, client, first));
  else if (first.kind === 'expunge') finish(ctx, first, await replayExpunge(ctx, client, first));
  else {
    const outcomes = await replayFlagBatch(ctx, client, batch as Parameters<typeof replayFlagBatch>[2]);
    finishAll(ctx, batch.map((operation) => [operation, outcomes.get(operation.id)!]));
  }
  return batch.length;
}

/** Replays every pending action of the account, oldest first; stops when the connection goes. */
export async function replayPending(ctx: SyncContext, client: ImapFlow): Promise<number> {
  let replayed = 0;
  for (;;) {
    const pending = ctx.store.operations.pending(ctx.accountId);
    if (pending.length === 0 || !client.usable) return replayed;
    replayed += await replayNext(ctx, client, pending);
  }
}
