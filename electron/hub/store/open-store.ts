// Opens (and migrates) the hub's SQLite store: WAL so readers never wait for
// the sync writer, foreign keys on so deleting an account removes its mail.
import Database from 'better-sqlite3';
import { migrate } from './migrations';
import { createOperationLog, type OperationLog } from './operation-log';
import { createStoreReads, type StoreReads } from './store-reads';
import { createStoreWrites, type StoreWrites } from './store-writes';
import { startWalCheckpointer, type WalCheckpointer, type WalCheckpointerOptions } from './wal-checkpointer';

export interface Store {
  reads: StoreReads;
  writes: StoreWrites;
  operations: OperationLog;
  /** `PRAGMA integrity_check` result ('ok' when healthy). */
  integrityCheck(): string;
  /** Resolves once the WAL checkpoints asked for so far have run (see wal-checkpointer.ts). */
  checkpointsSettled(): Promise<void>;
  /** Closes the database; resolves once the checkpoint worker's connection is closed too. */
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Checkpoint the WAL on a worker thread (default true); what to do if that worker fails. */
  backgroundCheckpoints?: boolean | WalCheckpointerOptions;
}

/** What the WAL file is cut back to once checkpointed (4 MiB: about SQLite's default checkpoint, 1,000 pages). */
export const WAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;

/** Opens the store at `path` (created if missing) and applies pending migrations. */
export function openStore(path: string, options: StoreOptions = {}): Store {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a power loss may lose the last commits but never corrupts.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // The WAL file keeps the size it once reached (a first sync of 50,000 messages leaves ~30 MB)
  // unless limited: SQLite cuts it back to this when it starts the file over after a checkpoint.
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  migrate(db);
  const { backgroundCheckpoints = true } = options;
  const checkpointer: WalCheckpointer | null = backgroundCheckpoints ? startWalCheckpointer(db, path, backgroundCheckpoints === true ? {} : backgroundCheckpoints) : null;
  const committed = (): void => checkpointer?.committed();
  const writes = createStoreWrites(db, committed);
  return {
    reads: createStoreReads(db),
    writes,
    operations: createOperationLog(db, writes, committed),
    integrityCheck: () => String(db.pragma('integrity_check', { simple: true })),
    checkpointsSettled: () => checkpointer?.settled() ?? Promise.resolve(),
    close: async () => {
      // The worker's connection first: the hub's, closing last, folds the WAL into the
      // database and removes it. Closing both at once, each could see the other still open.
      await checkpointer?.close();
      db.close();
    },
  };
}
