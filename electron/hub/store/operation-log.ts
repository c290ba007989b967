// The operation log: every user action is written, in one transaction, as
// its optimistic change to the messages and as a log entry; the entry stays
// pending until the server has it, across restarts and crashes.
import type { Database } from 'better-sqlite3';
import { FLAG_ACTIONS, type FlagActionType } from '../../../shared/actions';
import type { ErrorInfo } from '../../../shared/model';
import { createMoveOperations, type MovedTarget, type ServerLocation } from './move-operations';
import { toMessage, type MessageRow } from './message-rows';
import { emptyChange, noteUpdated, type StoreChange } from './store-change';
import type { MailboxRecord, MessageRecord } from './store-types';
import type { StoreWrites } from './store-writes';

/** What an operation does on the server: a flag change, a move (archive and delete are moves), or a permanent deletion. */
export type OperationKind = FlagActionType | 'move' | 'expunge';

/** One message an operation acts on. */
export interface OperationTarget extends MovedTarget {
  /** Flag actions: whether the flag was set before, locally (what an undo restores). */
  hadFlag?: boolean;
}

export interface OperationRecord {
  seq: number;
  id: string;
  accountId: string;
  kind: OperationKind;
  targets: OperationTarget[];
  /** Moves: the mailbox the messages go to. */
  targetMailboxId: string | null;
  state: 'pending' | 'applied' | 'failed';
  error: ErrorInfo | null;
  /** Tries: one sent may have reached the server, so it can no longer be cancelled. */
  attempts: number;
  /** Times the server said no (not a lost connection): enough of them fail the action. */
  refusals: number;
}

interface OperationRow {
  seq: number;
  id: string;
  account_id: string;
  type: OperationKind;
  targets_json: string;
  target_mailbox_id: string | null;
  state: 'pending' | 'applied' | 'failed';
  error_json: string | null;
  attempts: number;
  refusals: number;
}

/** What the server answered for one operation; `moved` maps hub id → new place (null: the server no longer had it). */
export interface ReplayOutcome {
  /** 'retry': the server said no this time; the operation stays pending and is tried again later. */
  state: 'applied' | 'failed' | 'retry';
  error: ErrorInfo | null;
  /** Flag operations: hub id → the flags read back from the server. */
  serverFlags?: Map<string, string[]>;
  moved?: Map<string, ServerLocation | null>;
}

export interface OperationLog {
  /** Applies a flag action to the store and logs it. */
  queueFlagAction(actionId: string, accountId: string, type: FlagActionType, records: MessageRecord[]): StoreChange;
  /** Shows the messages in `target` at once and logs the move. */
  queueMove(actionId: string, accountId: string, records: MessageRecord[], target: MailboxRecord): StoreChange;
  /** Removes the messages at once and logs their permanent deletion. */
  queueExpunge(actionId: string, accountId: string, records: MessageRecord[]): StoreChange;
  pending(accountId: string): OperationRecord[];
  get(actionId: string): OperationRecord | null;
  /**
   * Claims a pending operation for a try (from then on it cannot be cancelled); false when it
   * is no longer pending: undone since the replay read the queue, it must not be sent.
   */
  countAttempt(actionId: string): boolean;
  /** The server refused a try (a lost connection is not a refusal). */
  countRefusal(actionId: string): void;
  /** Forgets actions that ended (applied, failed, cancelled) before `before` (ms); returns how many. */
  pruneEnded(before: number): number;
  /** Cancels a pending operation not yet sent (it never reaches the server); null otherwise, and for a move a later queued move or deletion of the same message depends on. */
  cancel(actionId: string): StoreChange | null;
  /** Ends a pending operation with what the server answered (the store ends with the server's truth); null when it was not pending. */
  finish(actionId: string, outcome: ReplayOutcome & { state: 'applied' | 'failed' }): StoreChange | null;
  /** Where the server keeps a message now, as far as the hub knows. */
  locate(messageId: string): ServerLocation | null;
  /** Whether the server's message at `uid` is one the user moved or deleted (not to be stored again). */
  isHeld(mailboxId: string, uid: number): boolean;
  /** Before a mailbox of the account is rebuilt: keeps where the server had the messages its queued actions name (in the caller's transaction). */
  keepPendingLocations(accountId: string, mailboxId: string): void;
}

function toOperation(row: OperationRow): OperationRecord {
  return {
    seq: row.seq,
    id: row.id,
    accountId: row.account_id,
    kind: row.type,
    targets: JSON.parse(row.targets_json) as OperationTarget[],
    targetMailboxId: row.target_mailbox_id,
    state: row.state,
    error: row.error_json ? (JSON.parse(row.error_json) as ErrorInfo) : null,
    attempts: row.attempts,
    refusals: row.refusals,
  };
}

export function isFlagKind(kind: OperationKind): kind is FlagActionType {
  return kind in FLAG_ACTIONS;
}

/** The flags after applying a flag action to `flags` (sorted, like the server's). */
export function flagsAfter(type: FlagActionType, flags: string[]): string[] {
  const { flag, add } = FLAG_ACTIONS[type];
  const next = new Set(flags);
  if (add) next.add(flag);
  else next.delete(flag);
  return [...next].sort();
}

const CANCELLED: ErrorInfo = { code: 'cancelled', message: 'Undone before it reached the server' };

/** Prepares the operation log's statements. */
/** `committed` is called after each of the log's write transactions. */
export function createOperationLog(db: Database, writes: Pick<StoreWrites, 'refreshCounts'>, committed: () => void = () => {}): OperationLog {
  const insert = db.prepare(
    `INSERT INTO operations (id, account_id, type, targets_json, target_mailbox_id, state, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)`,
  );
  const byId = db.prepare<[string], OperationRow>('SELECT * FROM operations WHERE id = ?');
  const pendingOf = db.prepare<[string], OperationRow>("SELECT * FROM operations WHERE account_id = ? AND state = 'pending' ORDER BY seq");
  const setFlags = db.prepare('UPDATE messages SET flags_json = ?, seen = ? WHERE id = ?');
  const holdMessage = db.prepare('UPDATE messages SET pending_ops = pending_ops + 1 WHERE id = ?');
  const releaseMessage = db.prepare('UPDATE messages SET pending_ops = MAX(pending_ops - 1, 0) WHERE id = ?');
  const messageById = db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE id = ?');
  const end = db.prepare('UPDATE operations SET state = ?, error_json = ?, ended_at = ? WHERE id = ?');
  const attempt = db.prepare("UPDATE operations SET attempts = attempts + 1 WHERE id = ? AND state = 'pending'");
  const refusal = db.prepare("UPDATE operations SET refusals = refusals + 1 WHERE id = ? AND state = 'pending'");
  const pruneEnded = db.prepare("DELETE FROM operations WHERE state <> 'pending' AND ended_at < ?");
  const forgetModseq = db.prepare('UPDATE mailboxes SET highest_modseq = NULL WHERE id = ?');
  const moves = createMoveOperations(db);

  const writeFlags = (change: StoreChange, record: MessageRecord, flags: string[]): void => {
    if (JSON.stringify(flags) === JSON.stringify(record.flags)) return;
    setFlags.run(JSON.stringify(flags), flags.includes('\\Seen') ? 1 : 0, record.id);
    noteUpdated(change, { ...record, flags });
  };
  /** Runs `work` and the log entry's insert in one transaction, then recounts what it touched. */
  const logged = (work: (change: StoreChange) => void): StoreChange => {
    const result = db
      .transaction(() => {
        const change = emptyChange();
        work(change);
        for (const mailboxId of change.mailboxes) writes.refreshCounts(mailboxId);
        return change;
      })
      .immediate();
    committed();
    return result;
  };
  const log = (actionId: string, accountId: string, kind: OperationKind, targets: OperationTarget[], targetMailboxId: string | null = null): void =>
    void insert.run(actionId, accountId, kind, JSON.stringify(targets), targetMailboxId, Date.now());

  // A message with queued actions keeps its local state until the server has them (see applyFlags).
  const hold = (messageIds: string[]): void => messageIds.forEach((id) => holdMessage.run(id));
  const release = (operation: OperationRecord): void => operation.targets.forEach((target) => releaseMessage.run(target.messageId));

  const finishFlags = (operation: OperationRecord, outcome: ReplayOutcome, change: StoreChange): void => {
    for (const target of operation.targets) {
      const row = messageById.get(target.messageId);
      if (!row) continue;
      const flags = outcome.serverFlags?.get(target.messageId);
      if (!flags) {
        // Refused too often (replay_failed), the row still shows the action. Its mailbox's next sync
        // reads every flag again (no CHANGEDSINCE), since a CHANGEDSINCE would not report a message
        // the server never changed. (A message gone from the server goes with that sync anyway.)
        if (outcome.error?.code === 'replay_failed') forgetModseq.run(row.mailbox_id);
        continue;
      }
      // Another action on the message is still queued (read, then unread again while the first
      // was on its way): the row keeps showing it until that one ends and reads the flags back.
      // Written over now, the message flickered back, and stayed so if the line dropped.
      if ((row.pending_ops ?? 0) > 0) continue;
      writeFlags(change, toMessage(row), flags);
    }
  };
  const cancelFlags = (operation: OperationRecord, type: FlagActionType, change: StoreChange): void => {
    const { flag } = FLAG_ACTIONS[type];
    for (const target of operation.targets) {
      const row = messageById.get(target.messageId);
      if (!row) continue;
      const record = toMessage(row);
      const flags = new Set(record.flags);
      if (target.hadFlag) flags.add(flag);
      else flags.delete(flag);
      writeFlags(change, record, [...flags].sort());
    }
  };

  return {
    queueFlagAction: (actionId, accountId, type, records) =>
      logged((change) => {
        hold(records.map((record) => record.id));
        for (const record of records) writeFlags(change, record, flagsAfter(type, record.flags));
        const { flag } = FLAG_ACTIONS[type];
        const targets = records.map((record) => ({ messageId: record.id, mailboxId: record.mailboxId, header: record.messageId, hadFlag: record.flags.includes(flag) }));
        log(actionId, accountId, type, targets);
      }),
    queueMove: (actionId, accountId, records, target) =>
      logged((change) => {
        hold(records.map((record) => record.id));
        log(actionId, accountId, 'move', moves.applyMove(records, target, change), target.id);
      }),
    queueExpunge: (actionId, accountId, records) => logged((change) => log(actionId, accountId, 'expunge', moves.applyExpunge(records, change))),
    pending: (accountId) => pendingOf.all(accountId).map(toOperation),
    get: (actionId) => {
      const row = byId.get(actionId);
      return row ? toOperation(row) : null;
    },
    countAttempt: (actionId) => attempt.run(actionId).changes > 0,
    countRefusal: (actionId) => void refusal.run(actionId),
    pruneEnded: (before) => pruneEnded.run(before).changes,
    cancel(actionId) {
      const row = byId.get(actionId);
      // Once sent, the server may have it already: only its inverse can undo it then.
      if (!row || row.state !== 'pending' || row.attempts > 0 || row.type === 'expunge') return null;
      const operation = toOperation(row);
      // A move or deletion of the same message queued after it (Delete pressed again on the message
      // shown in Trash) decides where it ends up: putting it back would leave that one acting on
      // a message the user sees elsewhere, and a deletion for good would still reach the server.
      if (!isFlagKind(operation.kind) && operation.targets.some((target) => moves.hasLaterMove(operation.seq, target.messageId))) return null;
      return logged((change) => {
        end.run('failed', JSON.stringify(CANCELLED), Date.now(), actionId);
        release(operation);
        if (isFlagKind(operation.kind)) {
          cancelFlags(operation, operation.kind, change);
          moves.releaseRebuildPins(operation.targets.map((target) => target.messageId));
        } else moves.cancelMove(operation.targets, operation.targetMailboxId as string, change);
      });
    },
    finish(actionId, outcome) {
      const row = byId.get(actionId);
      if (!row || row.state !== 'pending') return null;
      return logged((change) => {
        const operation = toOperation(row);
        end.run(outcome.state, outcome.error ? JSON.stringify(outcome.error) : null, Date.now(), actionId);
        release(operation);
        if (isFlagKind(operation.kind)) {
          finishFlags(operation, outcome, change);
          moves.releaseRebuildPins(operation.targets.map((target) => target.messageId));
          return;
        }
        for (const target of operation.targets) {
          if (operation.kind === 'expunge') moves.settleExpunge(target.messageId);
          else if (outcome.moved?.has(target.messageId)) moves.settleMove(operation.seq, target.messageId, outcome.moved.get(target.messageId) ?? null, change);
          else moves.revertMove(operation.seq, target, operation.targetMailboxId as string, change);
        }
      });
    },
    locate: (messageId) => moves.locate(messageId),
    isHeld: (mailboxId, uid) => moves.isHeld(mailboxId, uid),
    keepPendingLocations(accountId, mailboxId) {
      const named = pendingOf.all(accountId).flatMap((row) => toOperation(row).targets.map((target) => target.messageId));
      moves.pinBeforeRebuild(mailboxId, new Set(named));
    },
  };
}
