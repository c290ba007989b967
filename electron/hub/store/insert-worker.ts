// Entry point of the store's insert worker: the first sync's batches are
// written here, on another core, while the main thread keeps parsing the IMAP
// stream. It opens its own connection to the same database (WAL: readers on
// the main thread never wait; writers take turns through IMMEDIATE transactions).
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from './open-store';
import type { InsertRequest, InsertResponse } from './batch-inserter';

const port = parentPort;
if (!port) throw new Error('insert-worker must run as a worker thread');
const store = openStore((workerData as { dbPath: string }).dbPath);

port.on('message', (request: InsertRequest | 'close') => {
  if (request === 'close') {
    store.close();
    port.close();
    return;
  }
  let response: InsertResponse;
  try {
    const records = store.writes.transaction(() => store.writes.insertMessages(request.mailbox, request.messages));
    response = { id: request.id, records };
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response);
});
