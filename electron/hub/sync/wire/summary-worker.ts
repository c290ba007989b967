// The parsing thread's own code (a worker_threads entry, built as
// out/main/summary-worker.js): it reads bulk FETCH bytes into summaries with
// summary-reader.ts and sends them back. See summary-thread.ts for the other side.
import { parentPort } from 'node:worker_threads';
import { createSummaryReader, type ReadResult } from './summary-reader';
import type { ToParser, FromParser } from './summary-thread-protocol';

const port = parentPort;
if (!port) throw new Error('summary-worker.ts runs as a worker thread');

const readers = new Map<number, (chunk: Buffer) => ReadResult>();

port.on('message', (message: ToParser) => {
  if (message.op === 'open') readers.set(message.id, createSummaryReader(message.tags));
  else if (message.op === 'close') readers.delete(message.id);
  else {
    const read = readers.get(message.id);
    if (!read) return;
    const result = read(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
    const reply: FromParser = { id: message.id, ...result };
    port.postMessage(reply);
  }
});
const ready: FromParser = { ready: true };
port.postMessage(ready);
