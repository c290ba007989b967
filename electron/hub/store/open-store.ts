// Opens (and migrates) the hub's SQLite store: WAL so readers never wait for
// the sync writer, foreign keys on so deleting an account removes its mail.
import Database from 'better-sqlite3';
import { migrate } from './migrations';
import { createOperationLog, type OperationLog } from './operation-log';
import { createStoreReads, type StoreReads } from './store-reads';
import { createStoreWrites, type StoreWrites } from './store-writes';

export interface Store {
  reads: StoreReads;
  writes: StoreWrites;
  operations: OperationLog;
  /** `PRAGMA integrity_check` result ('ok' when healthy). */
  integrityCheck(): string;
  close(): void;
}

/** Opens the store at `path` (created if missing) and applies pending migrations. */
export function openStore(path: string): Store {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a power loss may lose the last commits but never corrupts.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  const writes = createStoreWrites(db);
  return {
    reads: createStoreReads(db),
    writes,
    operations: createOperationLog(db, writes),
    integrityCheck: () => String(db.pragma('integrity_check', { simple: true })),
    close: () => db.close(),
  };
}
