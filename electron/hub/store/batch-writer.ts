// Where a first sync's batches are written. Inline: in the hub's own thread,
// as every other write. In a worker: a thread with its own connection to the
// same file (WAL lets the hub's thread read meanwhile), so that storing one
// batch (the insert and its full-text row, about half of a first sync's CPU)
// runs on the second core while the hub's thread parses the next.
//
// Only first-sync batches go this way; every other write stays in the hub's
// thread. SQLite serializes the two writers (busy_timeout), and a batch is a
// single transaction either way.
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger';
import type { Store } from './open-store';
import type { MailboxRecord, NewMessage } from './store-types';

export interface BatchWriter {
  /** Stores one batch in one transaction; resolves with how many were new. */
  insert(mailbox: MailboxRecord, messages: NewMessage[]): Promise<number>;
  close(): Promise<void>;
}

export interface BatchRequest {
  id: number;
  mailbox: MailboxRecord;
  messages: NewMessage[];
}

export type BatchReply = { id: number; inserted: number } | { id: number; error: string };

/** Writes in the calling thread. */
export function createInlineBatchWriter(store: Store): BatchWriter {
  return {
    insert: async (mailbox, messages) => store.writes.transaction(() => store.writes.insertMessages(mailbox, messages)).length,
    close: async () => undefined,
  };
}

/**
 * Writes in a worker thread running `workerUrl` (the built batch-writer-worker) on the
 * store at `dbPath`. Should the worker fail to start or die, the remaining batches are
 * written inline: a first sync never stops for it.
 */
export function createWorkerBatchWriter(store: Store, workerUrl: URL, logger: Logger): BatchWriter {
  const inline = createInlineBatchWriter(store);
  let worker: Worker | null = null;
  let broken = false;
  let sequence = 0;
  const waiting = new Map<number, { resolve(inserted: number): void; reject(error: Error): void }>();

  const giveUp = (reason: string): void => {
    if (broken) return;
    broken = true;
    logger.warn('store writer thread stopped; writing in the hub thread', { reason });
    for (const { reject } of waiting.values()) reject(new Error(`store writer thread stopped: ${reason}`));
    waiting.clear();
    void worker?.terminate();
    worker = null;
  };

  const started = (): Worker | null => {
    if (broken) return null;
    if (worker) return worker;
    try {
      worker = new Worker(workerUrl, { workerData: { dbPath: store.path } });
    } catch (error) {
      giveUp(String(error));
      return null;
    }
    worker.unref();
    worker.on('message', (reply: BatchReply) => {
      const entry = waiting.get(reply.id);
      if (!entry) return;
      waiting.delete(reply.id);
      if ('error' in reply) entry.reject(new Error(reply.error));
      else entry.resolve(reply.inserted);
    });
    worker.on('error', (error) => giveUp(error.message));
    worker.on('exit', (code) => giveUp(`exit ${code}`));
    return worker;
  };

  return {
    async insert(mailbox, messages) {
      const thread = started();
      if (!thread) return inline.insert(mailbox, messages);
      sequence += 1;
      const id = sequence;
      const done = new Promise<number>((resolve, reject) => waiting.set(id, { resolve, reject }));
      thread.postMessage({ id, mailbox, messages } satisfies BatchRequest);
      try {
        return await done;
      } catch (error) {
        // The thread died with this batch: whether it was committed is unknown, and
        // inserting again is safe (a stored UID is skipped).
        if (broken) return inline.insert(mailbox, messages);
        throw error;
      }
    },
    async close() {
      const thread = worker;
      broken = true;
      worker = null;
      if (thread) await thread.terminate();
    },
  };
}
