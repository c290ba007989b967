// The store writer thread (see batch-writer.ts): its own connection to the hub's
// store, one transaction per batch, replies in order.
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from './open-store';
import type { BatchReply, BatchRequest } from './batch-writer';

const port = parentPort;
if (!port) throw new Error('batch-writer-worker runs as a worker thread');
const store = openStore((workerData as { dbPath: string }).dbPath);

port.on('message', ({ id, mailbox, messages }: BatchRequest) => {
  let reply: BatchReply;
  try {
    const inserted = store.writes.transaction(() => store.writes.insertMessages(mailbox, messages)).length;
    reply = { id, inserted };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
