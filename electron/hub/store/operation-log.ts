// The operation log: every user action is written, in one transaction, as
// its optimistic change to the messages and as a log entry; the entry stays
// pending until the server has it, across restarts and crashes.
import type { Database } from 'better-sqlite3';
import { FLAG_ACTIONS, type FlagActionType } from '../../../shared/actions';
import type { ErrorInfo } from '../../../shared/model';
import { toMessage, type MessageRow } from './message-rows';
import type { MessageRecord } from './store-types';
import type { StoreWrites } from './store-writes';

/** One message an operation acts on, pinned to the UID it had (valid only under that UIDVALIDITY). */
export interface OperationTarget {
  messageId: string;
  mailboxId: string;
  uid: number;
  uidValidity: number;
  /** Whether the action's flag was set before it, locally: what an undo restores. */
  hadFlag?: boolean;
}

export interface OperationRecord {
  seq: number;
  id: string;
  accountId: string;
  type: FlagActionType;
  targets: OperationTarget[];
  state: 'pending' | 'applied' | 'failed';
  error: ErrorInfo | null;
  attempts: number;
}

interface OperationRow {
  seq: number;
  id: string;
  account_id: string;
  type: FlagActionType;
  targets_json: string;
  state: 'pending' | 'applied' | 'failed';
  error_json: string | null;
  attempts: number;
}

export interface OperationLog {
  /** Applies a flag action to the store and logs it; returns the messages whose flags changed. */
  queueFlagAction(actionId: string, accountId: string, type: FlagActionType, targets: Array<{ record: MessageRecord; uidValidity: number }>): MessageRecord[];
  pending(accountId: string): OperationRecord[];
  get(actionId: string): OperationRecord | null;
  countAttempt(actionId: string): void;
  /**
   * Cancels a pending operation (it never reaches the server): its flag goes back to
   * what each message had before it. Returns the messages whose flags changed, or null
   * when the operation is not pending.
   */
  cancel(actionId: string): MessageRecord[] | null;
  /**
   * Ends an operation; `serverFlags` (hub message id → flags read back from the server)
   * replaces the local flags of its messages. Returns the messages whose flags changed.
   */
  finish(actionId: string, state: 'applied' | 'failed', error: ErrorInfo | null, serverFlags: Map<string, string[]>): MessageRecord[];
}

function toOperation(row: OperationRow): OperationRecord {
  return {
    seq: row.seq,
    id: row.id,
    accountId: row.account_id,
    type: row.type,
    targets: JSON.parse(row.targets_json) as OperationTarget[],
    state: row.state,
    error: row.error_json ? (JSON.parse(row.error_json) as ErrorInfo) : null,
    attempts: row.attempts,
  };
}

/** The flags after applying a flag action to `flags` (sorted, like the server's). */
export function flagsAfter(type: FlagActionType, flags: string[]): string[] {
  const { flag, add } = FLAG_ACTIONS[type];
  const next = new Set(flags);
  if (add) next.add(flag);
  else next.delete(flag);
  return [...next].sort();
}

/** Prepares the operation log's statements. */
export function createOperationLog(db: Database, writes: Pick<StoreWrites, 'refreshCounts'>): OperationLog {
  const insert = db.prepare(
    `INSERT INTO operations (id, account_id, type, targets_json, state, created_at) VALUES (?, ?, ?, ?, 'pending', ?)`,
  );
  const byId = db.prepare<[string], OperationRow>('SELECT * FROM operations WHERE id = ?');
  const pendingOf = db.prepare<[string], OperationRow>("SELECT * FROM operations WHERE account_id = ? AND state = 'pending' ORDER BY seq");
  const setFlags = db.prepare('UPDATE messages SET flags_json = ?, seen = ? WHERE id = ?');
  const holdMessage = db.prepare('UPDATE messages SET pending_ops = pending_ops + 1 WHERE id = ?');
  const releaseMessage = db.prepare('UPDATE messages SET pending_ops = MAX(pending_ops - 1, 0) WHERE id = ?');
  const messageById = db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE id = ?');
  const end = db.prepare('UPDATE operations SET state = ?, error_json = ? WHERE id = ?');
  const attempt = db.prepare('UPDATE operations SET attempts = attempts + 1 WHERE id = ?');

  const writeFlags = (record: MessageRecord, flags: string[]): MessageRecord | null => {
    if (JSON.stringify(flags) === JSON.stringify(record.flags)) return null;
    setFlags.run(JSON.stringify(flags), flags.includes('\\Seen') ? 1 : 0, record.id);
    return { ...record, flags };
  };

  return {
    queueFlagAction(actionId, accountId, type, targets) {
      return db
        .transaction(() => {
          const changed: MessageRecord[] = [];
          for (const { record } of targets) {
            holdMessage.run(record.id);
            const updated = writeFlags(record, flagsAfter(type, record.flags));
            if (updated) changed.push(updated);
          }
          const pinned: OperationTarget[] = targets.map(({ record, uidValidity }) => ({
            messageId: record.id,
            mailboxId: record.mailboxId,
            uid: record.uid as number,
            uidValidity,
            hadFlag: record.flags.includes(FLAG_ACTIONS[type].flag),
          }));
          insert.run(actionId, accountId, type, JSON.stringify(pinned), Date.now());
          for (const mailboxId of new Set(targets.map(({ record }) => record.mailboxId))) writes.refreshCounts(mailboxId);
          return changed;
        })
        .immediate();
    },
    pending: (accountId) => pendingOf.all(accountId).map(toOperation),
    get: (actionId) => {
      const row = byId.get(actionId);
      return row ? toOperation(row) : null;
    },
    countAttempt: (actionId) => void attempt.run(actionId),
    cancel(actionId) {
      return db
        .transaction(() => {
          const operation = byId.get(actionId);
          if (!operation || operation.state !== 'pending') return null;
          end.run('failed', JSON.stringify({ code: 'cancelled', message: 'Undone before it reached the server' }), actionId);
          const { flag } = FLAG_ACTIONS[operation.type];
          const changed: MessageRecord[] = [];
          for (const target of JSON.parse(operation.targets_json) as OperationTarget[]) {
            releaseMessage.run(target.messageId);
            const row = messageById.get(target.messageId);
            if (!row) continue;
            const record = toMessage(row);
            const flags = new Set(record.flags);
            if (target.hadFlag) flags.add(flag);
            else flags.delete(flag);
            const updated = writeFlags(record, [...flags].sort());
            if (updated) changed.push(updated);
          }
          for (const mailboxId of new Set(changed.map((record) => record.mailboxId))) writes.refreshCounts(mailboxId);
          return changed;
        })
        .immediate();
    },
    finish(actionId, state, error, serverFlags) {
      return db
        .transaction(() => {
          const operation = byId.get(actionId);
          if (!operation || operation.state !== 'pending') return [];
          end.run(state, error ? JSON.stringify(error) : null, actionId);
          const changed: MessageRecord[] = [];
          const mailboxes = new Set<string>();
          for (const target of JSON.parse(operation.targets_json) as OperationTarget[]) {
            releaseMessage.run(target.messageId);
            const row = messageById.get(target.messageId);
            const flags = serverFlags.get(target.messageId);
            if (!row || !flags) continue;
            const updated = writeFlags(toMessage(row), flags);
            if (updated) {
              changed.push(updated);
              mailboxes.add(updated.mailboxId);
            }
          }
          for (const mailboxId of mailboxes) writes.refreshCounts(mailboxId);
          return changed;
        })
        .immediate();
    },
  };
}
