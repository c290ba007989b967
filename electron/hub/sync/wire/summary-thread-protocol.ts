// The messages between the hub's thread and the parsing thread (summary-thread.ts,
// summary-worker.ts). Each fetch has an id; its chunks are answered in order.
import type { ReadResult } from './summary-reader';

export type ToParser =
  | { op: 'open'; id: number; tags: string[] }
  | { op: 'bytes'; id: number; bytes: Uint8Array }
  | { op: 'close'; id: number };

export type FromParser = { ready: true } | ({ id: number } & ReadResult);
