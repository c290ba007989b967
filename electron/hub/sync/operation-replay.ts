// Replays queued user actions to the server, in order. Each ends applied or
// failed with a reason, and the store ends with the server's truth: flags
// read back, moved messages with their new UIDs, messages the server no
// longer has removed. A lost connection leaves the action pending for the
// next connect; one the server keeps refusing is failed, not retried forever.
import type { ImapFlow } from 'imapflow';
import { publishChange } from '../events/publish-change';
import type { OperationRecord, ReplayOutcome } from '../store/operation-log';
import { mergeChanges, type StoreChange } from '../store/store-change';
import { coalescible, replayFlagBatch } from './replay-flags';
import { replayExpunge, replayMove } from './replay-moves';
import { serverText } from './imap-client';
import { OfflineError } from './offline-error';
import type { SyncContext } from './sync-context';

/** An action still failing after this many tries (with the server reachable) is reported failed. */
export const MAX_REPLAY_ATTEMPTS = 5;
/**
 * Tries of any outcome after which an action fails too: one whose command makes the server drop
 * the connection is never refused, and the replay runs before every sync pass, so it would keep
 * the account from syncing at every reconnect.
 */
export const MAX_REPLAY_TRIES = 20;

/**
 * Ended actions are kept this long (undo is offered for seconds; a week leaves room for a look
 * back), then forgotten: every message read is an action, and the app stays open for weeks.
 */
export const ENDED_ACTIONS_KEPT_MS = 7 * 24 * 60 * 60 * 1000;
let lastPrune = 0;

type Ended = [OperationRecord, ReplayOutcome & { state: 'applied' | 'failed' }];

/** Ends operations in one transaction; clients hear each message and mailbox once, then each action's status. */
function finishAll(ctx: SyncContext, ended: Ended[]): void {
  const changes: StoreChange[] = [];
  const finished = ctx.store.writes.transaction(() => ended.filter(([operation, outcome]) => {
    const change = ctx.store.operations.finish(operation.id, outcome);
    if (change) changes.push(change);
    return change !== null;
  }));
  publishChange(ctx.store, ctx.publish, mergeChanges(changes));
  for (const [{ id: actionId }, outcome] of finished) {
    ctx.publish({ type: 'action.status', payload: outcome.error ? { actionId, state: 'failed', error: outcome.error } : { actionId, state: 'applied' } });
  }
}

/** Fails actions the server refused too often; a refused deletion's mailbox is synced in full again so its messages show. */
function failWorn(ctx: SyncContext, worn: OperationRecord[]): void {
  for (const operation of worn.filter((o) => o.kind === 'expunge')) {
    for (const target of operation.targets) {
      const location = ctx.store.operations.locate(target.messageId);
      if (location) ctx.store.writes.setSyncState(location.mailboxId, { initialSyncDone: false });
    }
  }
  const error = (operation: OperationRecord) => ({
    code: 'replay_failed',
    message: operation.refusals >= MAX_REPLAY_ATTEMPTS ? `The server refused this action ${operation.refusals} times` : `The connection dropped during this action ${operation.attempts} times`,
  });
  finishAll(ctx, worn.map((operation): Ended => [operation, { state: 'failed', error: error(operation) }]));
}

/** What one step of the replay did: how many actions ended, and whether one must wait (the server said no). */
interface Step {
  /** The actions this step dealt with (ended, or tried and left for later). */
  done: Set<string>;
  ended: number;
  stalled: boolean;
}

/** Replays the oldest pending action (with the flag actions after it that can go together). */
async function replayNext(ctx: SyncContext, client: ImapFlow, pending: OperationRecord[]): Promise<Step> {
  const [first] = pending as [OperationRecord];
  const batch = first.kind === 'move' || first.kind === 'expunge' ? [first] : coalescible(pending);
  const worn = batch.filter((operation) => operation.refusals >= MAX_REPLAY_ATTEMPTS || operation.attempts >= MAX_REPLAY_TRIES);
  if (worn.length > 0) {
    failWorn(ctx, worn);
    // Only those: the rest of the batch is tried in the next step.
    return { done: new Set(worn.map((operation) => operation.id)), ended: worn.length, stalled: false };
  }
  // The queue was read before earlier steps went over the network: an action undone meanwhile
  // is not pending any more and is not sent.
  const live = ctx.store.writes.transaction(() => batch.filter((operation) => ctx.store.operations.countAttempt(operation.id)));
  const done = new Set(batch.map((operation) => operation.id));
  if (live.length === 0) return { done, ended: 0, stalled: false };
  let outcomes: Map<string, ReplayOutcome>;
  try {
    outcomes =
      first.kind === 'move' ? new Map([[first.id, await replayMove(ctx, client, first)]])
      : first.kind === 'expunge' ? new Map([[first.id, await replayExpunge(ctx, client, first)]])
      : await replayFlagBatch(ctx, client, live as Parameters<typeof replayFlagBatch>[2]);
  } catch (error) {
    // A lost connection ends the replay: the next session goes on from here. Any other NO (the
    // server will not open the folder, say) is a refusal like a refused STORE: tried again after
    // a backoff, failed after MAX_REPLAY_ATTEMPTS. Thrown on, it held up the whole queue until
    // the next connect or the next action.
    if (!client.usable || error instanceof OfflineError) throw error;
    const reason = serverText(error);
    ctx.logger.warn('the server refused a queued action; trying again later', { accountId: ctx.accountId, kind: first.kind, reason });
    const refused: ReplayOutcome = { state: 'retry', error: { code: 'replay_refused', message: reason } };
    outcomes = new Map(live.map((operation) => [operation.id, refused]));
  }
  const ended = live.flatMap((operation): Ended[] => {
    const outcome = outcomes.get(operation.id)!;
    return outcome.state === 'retry' ? [] : [[operation, { ...outcome, state: outcome.state }]];
  });
  const refused = live.filter((operation) => outcomes.get(operation.id)!.state === 'retry');
  // imapflow answers a MOVE or EXPUNGE whose connection dropped with false, like a NO: not a refusal.
  if (refused.length > 0 && !client.usable) throw new OfflineError('The connection closed during the replay');
  ctx.store.writes.transaction(() => refused.forEach((operation) => ctx.store.operations.countRefusal(operation.id)));
  finishAll(ctx, ended);
  return { done, ended: ended.length, stalled: refused.length > 0 };
}

export interface ReplayResult {
  replayed: number;
  /** An action the server refused waits (with the ones after it) for a later try. */
  stalled: boolean;
}

/** Replays pending actions of the account, oldest first; stops when the connection goes or the server refuses one. */
export async function replayPending(ctx: SyncContext, client: ImapFlow): Promise<ReplayResult> {
  let replayed = 0;
  // Read once (not once per step: a long queue would be parsed again for every action), and
  // again when done, for actions queued meanwhile.
  let queue = ctx.store.operations.pending(ctx.accountId);
  while (queue.length > 0 && client.usable) {
    const step = await replayNext(ctx, client, queue);
    replayed += step.ended;
    if (step.stalled) return { replayed, stalled: true };
    queue = queue.filter((operation) => !step.done.has(operation.id));
    if (queue.length === 0) queue = ctx.store.operations.pending(ctx.accountId);
  }
  // At most hourly: the delete reads the whole table, and a replay ends after every message read.
  if (replayed > 0 && Date.now() - lastPrune > 60 * 60 * 1000) {
    lastPrune = Date.now();
    ctx.store.writes.transaction(() => ctx.store.operations.pruneEnded(lastPrune - ENDED_ACTIONS_KEPT_MS));
  }
  return { replayed, stalled: false };
}
