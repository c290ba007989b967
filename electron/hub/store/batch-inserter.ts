// Where the first sync's message batches are written: in a worker thread
// when the composition root names one (another core does the SQLite and FTS
// work while the main thread parses the IMAP stream), else in process.
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger';
import type { Store } from './open-store';
import type { MailboxRecord, MessageRecord, NewMessage } from './store-types';

export interface BatchInserter {
  /** Inserts messages not yet stored; resolves with the inserted ones, in order of the calls. */
  insert(mailbox: MailboxRecord, messages: NewMessage[]): Promise<MessageRecord[]>;
  close(): Promise<void>;
}

/** How to start the worker: its entry module, and extra data for a loader (tests run TypeScript). */
export interface InsertWorkerSpec {
  url: URL;
  workerData?: Record<string, unknown>;
}

export interface InsertRequest {
  id: number;
  mailbox: MailboxRecord;
  messages: NewMessage[];
}

export type InsertResponse = { id: number; records: MessageRecord[] } | { id: number; error: string };

/** Writes on the calling thread. */
export function createInProcessInserter(store: Store): BatchInserter {
  return {
    insert: async (mailbox, messages) => store.writes.transaction(() => store.writes.insertMessages(mailbox, messages)),
    close: async () => {},
  };
}

/** Writes in a worker thread; if the worker cannot run, says so once and writes in process. */
export function createWorkerInserter(spec: InsertWorkerSpec, dbPath: string, store: Store, logger: Logger): BatchInserter {
  const fallback = createInProcessInserter(store);
  const pending = new Map<number, { resolve(records: MessageRecord[]): void; reject(error: Error): void }>();
  let nextId = 1;
  let broken = false;
  const worker = new Worker(spec.url, { workerData: { ...spec.workerData, dbPath } });

  const fail = (error: Error): void => {
    if (!broken) logger.error('store insert worker failed; writing on the main thread', { reason: error.message });
    broken = true;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on('message', (response: InsertResponse) => {
    const waiting = pending.get(response.id);
    if (!waiting) return;
    pending.delete(response.id);
    if ('error' in response) waiting.reject(new Error(response.error));
    else waiting.resolve(response.records);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (pending.size > 0 || code !== 0) fail(new Error(`insert worker exited with code ${code}`));
    broken = true;
  });

  return {
    insert(mailbox, messages) {
      if (broken) return fallback.insert(mailbox, messages);
      const id = nextId++;
      return new Promise<MessageRecord[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, mailbox, messages } satisfies InsertRequest);
      });
    },
    async close() {
      if (broken) return;
      broken = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('close');
      await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
      await worker.terminate();
    },
  };
}
