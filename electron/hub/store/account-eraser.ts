// An account removed leaves none of its mail readable in the store's files (see eraseAccount):
// zeroed free pages, the full-text index written again without it, the WAL truncated.
import type Database from 'better-sqlite3';
import type { StoreWrites } from './store-writes';

export interface ErasedAccount {
  /** False when there was no such account. */
  removed: boolean;
  /** False when a reader kept the WAL (with the removed pages as they were) from being truncated. */
  walTruncated: boolean;
}

/** Pages of the full-text index one merge step writes: about 0.1 s of the hub's thread for a 35 MB index, which answers requests between steps. */
const MERGE_STEP_PAGES = 200;

/**
 * Erases accounts one at a time (eraseAccount): each sets secure_delete for its whole run, which
 * yields between its steps, and must find it as the writes before it left it.
 */
export function createAccountEraser(db: Database.Database, writes: StoreWrites, checkpointsSettled: () => Promise<void>) {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    erase(id: string, alongside?: () => void): Promise<ErasedAccount> {
      const run = queue.then(() => eraseAccount(db, writes, id, { alongside, checkpointsSettled }));
      queue = run.catch(() => undefined);
      return run;
    },
    /** Resolves once no erasure runs. */
    settled: () => queue.then(() => undefined),
  };
}

/**
 * An account removed leaves nothing of its mail readable in the files, as `strings mailmind.db`
 * would find it. The whole erasure runs under secure_delete ON, which zeroes every page that
 * becomes free (FAST, the default, leaves them as they were: a cached body's overflow pages).
 * First the pages already free are zeroed (scrubFreePages): FAST left there what earlier deletes
 * of this account's mail freed. Then its rows go. The full-text index is contentless, yet its
 * segments hold every term of the account's mail, and a delete only marks the rows deleted
 * (tombstones): the index is merged into one segment, written again without them
 * (mergeSearchIndex). Last, the WAL, which still holds pages as they were, is checkpointed and
 * truncated.
 */
async function eraseAccount(db: Database.Database, writes: StoreWrites, id: string, options: { alongside?: () => void; checkpointsSettled(): Promise<void> }): Promise<ErasedAccount> {
  // Read as 0 off, 1 on, 2 fast; put back by name: written as a number it is a boolean, and 2 was ON.
  const mode = (['OFF', 'ON', 'FAST'] as const)[db.pragma('secure_delete', { simple: true }) as number] ?? 'FAST';
  db.pragma('secure_delete = ON');
  let removed: boolean;
  try {
    removed = writes.transaction(() => {
      scrubFreePages(db);
      options.alongside?.();
      return writes.deleteAccount(id);
    });
    if (removed) await mergeSearchIndex(db, writes);
  } finally {
    db.pragma(`secure_delete = ${mode}`);
  }
  if (!removed) return { removed, walTruncated: false };
  // The worker's checkpoint of those commits first: TRUNCATE would wait for it on the hub's thread.
  await options.checkpointsSettled();
  // Busy only with a reader on an older snapshot: none in the hub, whose one connection reads synchronously.
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
  return { removed, walTruncated: result?.busy === 0 };
}

/** The most one filler row takes (SQLite refuses values over 1 GB by default). */
const SCRUB_ROW_BYTES = 256 * 1024 * 1024;

/**
 * Zeroes the pages free now. SQLite has no command for it; a table that takes them all (a new
 * table's rows take free pages before the file grows) and is dropped under secure_delete ON
 * writes each of them with zeros. Run inside a transaction.
 */
function scrubFreePages(db: Database.Database): void {
  const free = db.pragma('freelist_count', { simple: true }) as number;
  if (free === 0) return;
  let bytes = free * (db.pragma('page_size', { simple: true }) as number);
  db.exec('CREATE TABLE free_page_scrub (filler BLOB NOT NULL)');
  const fill = db.prepare('INSERT INTO free_page_scrub (filler) VALUES (zeroblob(?))');
  for (; bytes > 0; bytes -= SCRUB_ROW_BYTES) fill.run(Math.min(bytes, SCRUB_ROW_BYTES));
  db.exec('DROP TABLE free_page_scrub');
}

/**
 * Merges every segment of the full-text index into one, as 'optimize' does, but in steps of
 * MERGE_STEP_PAGES, each its own transaction, yielding between them: FTS5's 'merge' with a negative
 * page count merges whatever segments there are; a step that changes nothing means one is left.
 * 'optimize' at once held the hub's thread about 1 s for a 35 MB index.
 */
async function mergeSearchIndex(db: Database.Database, writes: StoreWrites): Promise<void> {
  const merge = db.prepare("INSERT INTO messages_fts (messages_fts, rank) VALUES ('merge', ?)");
  const totalChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
  for (;;) {
    const before = totalChanges.get() as number;
    writes.transaction(() => merge.run(-MERGE_STEP_PAGES));
    if ((totalChanges.get() as number) - before < 2) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
