// Worker threads do not inherit vitest's TypeScript transform: this entry
// registers tsx's loader in the worker, then runs the TypeScript module named
// in workerData.entry (what the build ships as plain JS).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
