// WAL checkpoints on a worker thread. SQLite checkpoints on the connection that
// commits (every 1,000 pages by default): it copies pages into the database file
// and fsyncs, on the hub's only thread. During a first sync of 50,000 messages that
// was a third of the store's time, and every API request waited behind it.
// Here, after commits, the worker runs a PASSIVE checkpoint (it never blocks the
// writer) on its own connection, one at a time. The hub's connection still
// checkpoints itself, but only if the WAL reaches 40 MB (the worker far behind,
// or a write that did not tell it); should the worker fail, it goes back to
// SQLite's default.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';

/** SQLite's default: the hub's connection checkpoints every this many pages when no worker does. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;
/** How long closing waits for the worker's connection to close before terminating it. */
const CLOSE_WAIT_MS = 5000;
/** While the worker lives: a backstop only (4 KiB pages: 40 MB of WAL). */
const BACKSTOP_AUTOCHECKPOINT_PAGES = 10_000;

// A CommonJS script for `new Worker(..., { eval: true })`: no separate file to locate in the
// bundle or the packaged app. It loads the same better-sqlite3 the hub uses (workerData.driver).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(() => {
  let db;
  try {
    const Database = require(workerData.driver);
    db = new Database(workerData.path, { fileMustExist: true });
    db.pragma('busy_timeout = 1000');
  } catch (error) {
    parentPort.postMessage({ type: 'failed', reason: String(error) });
    return;
  }
  parentPort.on('message', (message) => {
    if (message === 'close') {
      db.close();
      parentPort.close();
      return;
    }
    try {
      const [result] = db.pragma('wal_checkpoint(PASSIVE)');
      parentPort.postMessage({ type: 'done', frames: result.log, copied: result.checkpointed });
    } catch (error) {
      parentPort.postMessage({ type: 'done', error: String(error) });
    }
  });
  parentPort.postMessage({ type: 'ready' });
})();
`;

type WorkerMessage = { type: 'ready' } | { type: 'failed'; reason: string } | { type: 'done'; frames?: number; copied?: number; error?: string };

export interface WalCheckpointer {
  /** Call after a commit: a checkpoint runs soon (one at a time, another after it if needed). */
  committed(): void;
  /** Resolves once the checkpoints asked for so far have run (tests, benchmarks). */
  settled(): Promise<void>;
  /**
   * Stops the worker (the hub's own connection goes on as SQLite's default); resolves once its
   * connection is closed, so that nothing touches the database files any more.
   */
  close(): Promise<void>;
}

export interface WalCheckpointerOptions {
  /** The better-sqlite3 entry the worker loads; the hub's own by default. */
  driver?: string;
  onFailure?(reason: string): void;
}

/**
 * Checkpoints `db` (a WAL database at `path`) on a worker thread, started at the first commit:
 * a hub that only reads (a resync that finds nothing new) never starts one.
 */
export function startWalCheckpointer(db: Database, path: string, options: WalCheckpointerOptions = {}): WalCheckpointer {
  let worker: Worker | null = null;
  /** Resolves when the worker thread has exited (it may on its own, after failing to start). */
  let workerExited: Promise<void> = Promise.resolve();
  let alive = true;
  let inFlight = false;
  let again = false;
  let waiters: Array<() => void> = [];
  const wake = (): void => {
    const list = waiters;
    waiters = [];
    for (const resolve of list) resolve();
  };
  const fail = (reason: string): void => {
    if (!alive) return;
    alive = false;
    if (db.open) {
      db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      // What the worker did not get to: at once, not at the next 1,000 pages.
      db.pragma('wal_checkpoint(PASSIVE)');
    }
    options.onFailure?.(reason);
    wake();
  };
  const start = (): Worker => {
    const driver = options.driver ?? createRequire(import.meta.url).resolve('better-sqlite3');
    const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver } });
    workerExited = new Promise((resolve) => started.once('exit', () => resolve()));
    // Never keeps the process alive: the hub's own shutdown closes it.
    started.unref();
    db.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
    started.on('message', (message: WorkerMessage) => {
      if (message.type === 'failed') return fail(message.reason);
      if (message.type !== 'done') return;
      inFlight = false;
      if (again) run();
      else wake();
    });
    started.on('error', (error) => fail(String(error)));
    started.on('exit', () => fail('the checkpoint worker exited'));
    return started;
  };
  const run = (): void => {
    if (!worker) {
      try {
        worker = start();
      } catch (error) {
        return fail(String(error));
      }
    }
    inFlight = true;
    again = false;
    worker.postMessage('checkpoint');
  };
  return {
    committed() {
      if (!alive) return;
      if (inFlight) again = true;
      else run();
    },
    settled: () => (alive && (inFlight || again) ? new Promise<void>((resolve) => waiters.push(resolve)) : Promise.resolve()),
    close() {
      const running = worker;
      const wasAlive = alive;
      alive = false;
      if (wasAlive && db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      wake();
      if (!running) return Promise.resolve();
      // Waited for (ref'd again): the last connection to close checkpoints and removes the WAL
      // file, and whoever closed the store may delete its folder next. A worker stuck past
      // CLOSE_WAIT_MS is terminated.
      running.ref();
      const stuck = setTimeout(() => void running.terminate(), CLOSE_WAIT_MS);
      running.postMessage('close');
      return workerExited.then(() => clearTimeout(stuck));
    },
  };
}
