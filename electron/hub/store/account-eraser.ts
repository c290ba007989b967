// An account removed leaves none of its mail readable in the store's files, and the hub goes on
// answering meanwhile: the account and its folders go at once, the rest in slices that yield to
// the event loop (see finishErasure). An account of 48,000 messages (3,000 bodies cached) held the
// hub's thread 1.7-1.9 s when all of it ran as one transaction; in slices, 36-45 ms at most (the
// whole erasure then takes 3.6-4.5 s instead of 1.8-2.0 s).
import type Database from 'better-sqlite3';
import { freePageScrub } from './free-page-scrub';
import type { StoreWrites } from './store-writes';

export interface ErasedAccount {
  /** False when there was no such account. */
  removed: boolean;
  /** False when a reader kept the WAL (with the removed pages as they were) from being truncated. */
  walTruncated: boolean;
}

/** How long one slice should hold the hub's thread, its commit included, before it yields. */
const SLICE_MS = 15;
/** Steps the first slice of each part runs; the next ones run as many as fitted in SLICE_MS. */
const FIRST_SLICE_STEPS = 4;
/** The most steps a slice runs, however fast they went. */
const MAX_SLICE_STEPS = 1000;
/** Messages one step deletes, each with its index row, cached body and queue row. */
const MESSAGES_PER_STEP = 50;
/** Pages of the full-text index one merge step writes: up to 20 ms a step over a 60 MB index full of tombstones, where 50 took up to 100 ms. */
const MERGE_STEP_PAGES = 16;

/** The wait before an erasure that failed part-way runs again: doubling from the first up to the most. */
const ERASE_RETRY_FIRST_MS = 5_000;
const ERASE_RETRY_MAX_MS = 5 * 60_000;

export interface EraseRetry {
  firstMs?: number;
  maxMs?: number;
}

/** FTS5's default 'deletemerge', the store's: a segment with this share of its rows deleted is merged again. */
const FTS5_DELETE_MERGE_PERCENT = 10;

/** An account taken off (its row and its folders' rows gone) whose messages and traces are still to erase. */
interface Erasure {
  accountId: string;
  mailboxIds: string[];
}

type EraserStatements = ReturnType<typeof prepareStatements>;

function prepareStatements(db: Database.Database) {
  return {
    accountExists: db.prepare<[string], number>('SELECT 1 FROM accounts WHERE id = ?').pluck(),
    mailboxIds: db.prepare<[string], string>('SELECT id FROM mailboxes WHERE account_id = ?').pluck(),
    note: db.prepare('INSERT INTO account_erasures (account_id, mailbox_ids_json, started_at) VALUES (?, ?, ?)'),
    unfinished: db.prepare<[], { account_id: string; mailbox_ids_json: string }>('SELECT account_id, mailbox_ids_json FROM account_erasures ORDER BY started_at'),
    finished: db.prepare('DELETE FROM account_erasures WHERE account_id = ?'),
    deleteServerLocations: db.prepare('DELETE FROM server_locations WHERE mailbox_id = ?'),
    deleteOperations: db.prepare('DELETE FROM operations WHERE account_id = ?'),
    deleteMailboxes: db.prepare('DELETE FROM mailboxes WHERE account_id = ?'),
    deleteAccount: db.prepare('DELETE FROM accounts WHERE id = ?'),
    // Oldest first, by messages_by_date read backwards: index rows deleted in key order. Newest
    // first, FTS5's automerge took about 6 times as long over them.
    messagesOf: db.prepare<[string, number], { rowid: number; fts_key: number | null }>(
      'SELECT rowid, fts_key FROM messages WHERE mailbox_id = ? ORDER BY received_at, IFNULL(uid, -1), rowid LIMIT ?',
    ),
    deleteFts: db.prepare('DELETE FROM messages_fts WHERE rowid = ?'),
    deleteMessage: db.prepare('DELETE FROM messages WHERE rowid = ?'),
    merge: db.prepare("INSERT INTO messages_fts (messages_fts, rank) VALUES ('merge', ?)"),
    // Literals: FTS5 refuses a setting bound as a number (better-sqlite3 binds a REAL).
    deleteMergeOff: db.prepare("INSERT INTO messages_fts (messages_fts, rank) VALUES ('deletemerge', 0)"),
    deleteMergeOn: db.prepare(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('deletemerge', ${FTS5_DELETE_MERGE_PERCENT})`),
    totalChanges: db.prepare<[], number>('SELECT total_changes()').pluck(),
  };
}

/**
 * Erases accounts one at a time (erase), after finishing those a stopped hub left unfinished
 * (account_erasures, migration 12). An account leaves the reads as soon as erase is called, even
 * while another erasure runs.
 */
export function createAccountEraser(db: Database.Database, writes: StoreWrites, checkpointsSettled: () => Promise<void>, retry: EraseRetry = {}) {
  const { firstMs = ERASE_RETRY_FIRST_MS, maxMs = ERASE_RETRY_MAX_MS } = retry;
  const statements = prepareStatements(db);
  let queue: Promise<unknown> = Promise.resolve();
  let closing = false;
  const retries = new Set<ReturnType<typeof setTimeout>>();
  /**
   * An erasure that failed part-way (the disk full, say) or could not truncate the WAL stays
   * noted and runs again later in this session, and at the next start if the hub stops first:
   * meanwhile the account's mail would still be in the files.
   */
  const again = (erasure: Erasure, tries: number): void => {
    if (closing) return;
    const timer = setTimeout(() => {
      retries.delete(timer);
      enqueue(erasure, tries).catch(() => undefined);
    }, Math.min(maxMs, firstMs * 2 ** (tries - 1)));
    timer.unref();
    retries.add(timer);
  };
  const enqueue = (erasure: Erasure, tries = 0): Promise<ErasedAccount> => {
    const run = queue.then(() => finishErasure(db, writes, statements, erasure, checkpointsSettled));
    queue = run.catch(() => undefined);
    run.then(
      (erased) => erased.walTruncated || again(erasure, tries + 1),
      () => again(erasure, tries + 1),
    );
    return run;
  };
  for (const row of statements.unfinished.all()) {
    // Nobody waits for these (the store has no logger): one that fails stays noted (see again).
    enqueue({ accountId: row.account_id, mailboxIds: JSON.parse(row.mailbox_ids_json) as string[] }).catch(() => undefined);
  }
  return {
    /**
     * Takes the account off at once (`alongside` runs in that transaction, `takenOff` right after
     * it commits); resolves once its mail is erased from the files.
     */
    erase(id: string, alongside?: () => void, takenOff?: () => void): Promise<ErasedAccount> {
      let erasure: Erasure | null;
      try {
        erasure = takeOff(db, writes, statements, id, alongside);
      } catch (error) {
        return Promise.reject(error as Error);
      }
      if (!erasure) return Promise.resolve({ removed: false, walTruncated: false });
      takenOff?.();
      return enqueue(erasure);
    },
    /** Runs no more retries (those left wait for the next start); resolves once no erasure runs. */
    close(): Promise<void> {
      closing = true;
      for (const timer of retries) clearTimeout(timer);
      retries.clear();
      return queue.then(() => undefined);
    },
  };
}

/** Runs `work` under secure_delete ON and puts back the mode it found. */
function underSecureDelete<T>(db: Database.Database, work: () => T): T {
  // Read as 0 off, 1 on, 2 fast; put back by name: written as a number it is a boolean, and 2 was ON.
  const mode = (['OFF', 'ON', 'FAST'] as const)[db.pragma('secure_delete', { simple: true }) as number] ?? 'FAST';
  db.pragma('secure_delete = ON');
  try {
    return work();
  } finally {
    db.pragma(`secure_delete = ${mode}`);
  }
}

/**
 * Deletes the account's row, its folders, their server locations and its queued actions, and
 * notes the erasure, in one small transaction: every read of accounts and folders, the sync's
 * among them, no longer finds it. Foreign keys are off for it, or ON DELETE CASCADE would take
 * all of its messages in the same block. They stay, with no account or folder of theirs, until
 * finishErasure deletes them: found by no read (store-reads.ts leaves out a message without its
 * folder), and written by nothing (the sync loop is stopped, an action on one fails on its
 * missing account).
 */
function takeOff(db: Database.Database, writes: StoreWrites, s: EraserStatements, id: string, alongside?: () => void): Erasure | null {
  // A no-op inside a transaction: there the account's rows all go at once, as before slices.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    return underSecureDelete(db, () =>
      writes.transaction(() => {
        if (!s.accountExists.get(id)) return null;
        const mailboxIds = s.mailboxIds.all(id);
        s.note.run(id, JSON.stringify(mailboxIds), Date.now());
        alongside?.();
        for (const mailboxId of mailboxIds) s.deleteServerLocations.run(mailboxId);
        s.deleteOperations.run(id);
        s.deleteMailboxes.run(id);
        s.deleteAccount.run(id);
        return { accountId: id, mailboxIds };
      }),
    );
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}

/**
 * Runs `step` (false once nothing is left) in transactions under secure_delete ON, yielding to
 * the event loop between them: the hub's other writes, under the store's own mode, come in
 * between. A slice takes about SLICE_MS, its commit included, which writes what its steps
 * changed and is often most of its time (a filler row's pages, a body's zeroed pages): each
 * slice runs as many steps as the one before it did in that time.
 */
async function inSlices(db: Database.Database, writes: StoreWrites, checkpointsSettled: () => Promise<void>, step: () => boolean): Promise<void> {
  let cap = FIRST_SLICE_STEPS;
  for (;;) {
    const started = performance.now();
    let steps = 0;
    const more = underSecureDelete(db, () =>
      writes.transaction(() => {
        while (steps < cap) {
          steps += 1;
          if (!step()) return false;
          if (performance.now() - started >= SLICE_MS) break;
        }
        return true;
      }),
    );
    if (!more) return;
    const took = Math.max(performance.now() - started, 1);
    cap = Math.max(1, Math.min(MAX_SLICE_STEPS, Math.floor((steps * SLICE_MS) / took)));
    // The worker's checkpoint of the slice first: ahead of it, the WAL grows past the backstop
    // (40 MB), and the hub's own connection checkpoints in a commit, 100-300 ms on its thread.
    await checkpointsSettled();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Erases what takeOff left, so that nothing of the account's mail is readable in the files, as
 * `strings mailmind.db` would find it. Each step below is safe to repeat: an erasure cut short
 * (the hub killed between two slices) runs again from the top at the next start.
 *
 * 1. Its messages, folder by folder, with their index rows (cached bodies and queue rows go by
 *    cascade), under secure_delete ON, which zeroes every page that becomes free (FAST, the
 *    store's mode, leaves such pages as they were: a cached body's overflow pages).
 * 2. The full-text index: contentless, yet its segments hold every term of the account's mail,
 *    and a delete only marks rows deleted (tombstones). It is merged into one segment, written
 *    again without them (mergeStep). FTS5's deletemerge is off until then: with it, every
 *    commit wrote again the segments whose rows it had marked (10,000 deletes in commits of
 *    500: 2.2 s, against 0.08 s without), work this merge does once.
 * 3. The free pages, zeroed (free-page-scrub.ts). Last, not first: pages freed under FAST hold
 *    what earlier deletes of this account's mail left, and, since the hub writes between slices,
 *    what its other writes moved off a page while the account's rows were still on it.
 * 4. The WAL, which still holds pages as they were, checkpointed and truncated; then the note.
 */
async function finishErasure(db: Database.Database, writes: StoreWrites, s: EraserStatements, erasure: Erasure, checkpointsSettled: () => Promise<void>): Promise<ErasedAccount> {
  const inSlicesOf = (step: () => boolean): Promise<void> => inSlices(db, writes, checkpointsSettled, step);
  writes.transaction(() => s.deleteMergeOff.run());
  try {
    let folder = 0;
    await inSlicesOf(() => {
      const mailboxId = erasure.mailboxIds[folder];
      if (mailboxId === undefined) return false;
      const rows = s.messagesOf.all(mailboxId, MESSAGES_PER_STEP);
      for (const row of rows) {
        if (row.fts_key !== null) s.deleteFts.run(row.fts_key);
        s.deleteMessage.run(row.rowid);
      }
      if (rows.length < MESSAGES_PER_STEP) folder += 1;
      return folder < erasure.mailboxIds.length;
    });
    await inSlicesOf(() => mergeStep(s));
  } finally {
    // Failed part-way too: the hub's own deletes must not leave their segments unmerged meanwhile.
    writes.transaction(() => s.deleteMergeOn.run());
  }
  const scrub = freePageScrub(db);
  await inSlicesOf(scrub.fill);
  await inSlicesOf(scrub.clear);
  // The worker's checkpoint of those commits first: TRUNCATE would wait for it on the hub's thread.
  await checkpointsSettled();
  // Busy only with a reader on an older snapshot (none in the hub, whose one connection reads
  // synchronously): not waited for on the hub's thread (busy_timeout), tried again later instead.
  const busyTimeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  let truncated: boolean;
  try {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    truncated = result?.busy === 0;
  } finally {
    db.pragma(`busy_timeout = ${busyTimeout}`);
  }
  // The note stays until the WAL no longer holds the account's pages as they were.
  if (truncated) underSecureDelete(db, () => writes.transaction(() => s.finished.run(erasure.accountId)));
  return { removed: true, walTruncated: truncated };
}

/**
 * One step of merging every segment of the full-text index into one, as 'optimize' does at once
 * (about 1 s of the hub's thread for a 35 MB index): FTS5's 'merge' with a negative page count
 * merges whatever segments there are; a step that changes nothing means one is left.
 */
function mergeStep(s: EraserStatements): boolean {
  const before = s.totalChanges.get() as number;
  s.merge.run(-MERGE_STEP_PAGES);
  return (s.totalChanges.get() as number) - before >= 2;
}
