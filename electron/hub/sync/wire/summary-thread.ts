// The parsing thread: a worker thread that reads a first sync's bulk FETCH bytes
// into summaries (summary-reader.ts) while the hub's own thread stores them.
//
// Why: during a large first sync the hub's thread was busy about 90% of the time,
// and reading the bytes was more than half of that: for 50,000 messages, 1.0 s
// of 1.8 s (the replay probe in BENCHMARKS.md). The store's writes (SQLite, the
// full-text index) stay on the hub's thread, the one writer; the reading goes
// beside them on the machine's other core.
//
// One thread serves every bulk connection, started when the first opens and
// stopped after a minute with nothing to read. Where it cannot start (no script
// found, a packaged app that cannot load it), the reading is done on the hub's
// thread as before; if it stops during a fetch, that fetch fails and the first
// sync goes on over the main connection, as after any failed bulk fetch.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createSummaryReader, type ReadResult } from './summary-reader';
import type { FromParser, ToParser } from './summary-thread-protocol';

export interface SummaryReading {
  /** Hands on a chunk; what it brought comes to the reading's callback, in order. */
  push(chunk: Buffer): void;
  /** Chunks handed on and not answered yet (flow control). */
  readonly waiting: number;
  close(): void;
}

type OnResult = (result: ReadResult) => void;

interface OpenReading {
  onResult: OnResult;
  waiting: number;
}

/** How long the thread is kept with nothing to read. */
const IDLE_MS = 60_000;

interface Running {
  worker: Worker;
  ready: Promise<boolean>;
  isReady: boolean;
  readings: Map<number, OpenReading>;
  idle: ReturnType<typeof setTimeout> | null;
  stopping: boolean;
}

let running: Running | null = null;
/** Why the thread cannot start in this process; set once, then readings stay on the hub's thread. */
let unavailable: string | null = null;
let nextId = 1;

/** The worker's script: built, beside the hub's bundle; from source (tests, tsx), the .ts file. */
function workerScript(): { path: string; typescript: boolean } | null {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { path: fileURLToPath(new URL('./summary-worker.ts', here)), typescript: true };
  for (const candidate of ['./summary-worker.js', '../summary-worker.js']) {
    const path = fileURLToPath(new URL(candidate, here));
    if (existsSync(path)) return { path, typescript: false };
  }
  return null;
}

// From source, the worker registers tsx's loader before loading the .ts entry.
const TYPESCRIPT_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then(({ register }) => { register(); return import(workerData.entry); });
`;

/** tsx's ESM API ("tsx/esm/api" as an import resolves it; require would give its CommonJS build). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(manifest), exports['./esm/api']!.import.default)).href;
}

function spawn(script: { path: string; typescript: boolean }): Worker {
  if (!script.typescript) return new Worker(script.path);
  return new Worker(TYPESCRIPT_BOOTSTRAP, { eval: true, workerData: { tsx: tsxEsmApi(), entry: pathToFileURL(script.path).href } });
}

function failReadings(state: Running, reason: string): void {
  for (const reading of state.readings.values()) reading.onResult({ items: [], done: false, failure: `the parsing thread stopped: ${reason}` });
  state.readings.clear();
}

function start(): Running | null {
  const script = workerScript();
  if (!script) {
    unavailable = 'its script was not found';
    return null;
  }
  let settle: (ok: boolean) => void = () => {};
  const state: Running = {
    worker: spawn(script),
    ready: new Promise<boolean>((resolve) => (settle = resolve)),
    isReady: false,
    readings: new Map(),
    idle: null,
    stopping: false,
  };
  const { worker } = state;
  worker.unref();
  worker.on('message', (message: FromParser) => {
    if ('ready' in message) {
      state.isReady = true;
      settle(true);
      return;
    }
    const reading = state.readings.get(message.id);
    if (!reading) return;
    reading.waiting -= 1;
    reading.onResult(message);
  });
  const ended = (reason: string): void => {
    if (running === state) running = null;
    if (state.idle) clearTimeout(state.idle);
    if (!state.isReady) unavailable ??= reason;
    settle(false);
    if (!state.stopping) failReadings(state, reason);
  };
  worker.on('error', (error) => ended(error.message));
  worker.on('exit', (code) => ended(`it exited (code ${code})`));
  return state;
}

/**
 * Starts the thread if it is not running; resolves true once it is ready, false if it cannot
 * run here (readings then stay on the hub's thread). Never rejects.
 */
export function startSummaryThread(): Promise<boolean> {
  if (unavailable) return Promise.resolve(false);
  running ??= start();
  return running ? running.ready : Promise.resolve(false);
}

/** Why the thread cannot run in this process, or null. */
export function summaryThreadUnavailable(): string | null {
  return unavailable;
}

function closeReading(state: Running, id: number): void {
  if (!state.readings.delete(id)) return;
  const message: ToParser = { op: 'close', id };
  state.worker.postMessage(message);
  if (state.readings.size > 0 || state.stopping) return;
  state.idle = setTimeout(() => stopSummaryThread(), IDLE_MS);
  state.idle.unref();
}

function inlineReading(tags: string[], onResult: OnResult): SummaryReading {
  const read = createSummaryReader(tags);
  let closed = false;
  return {
    push: (chunk) => {
      if (!closed) onResult(read(chunk));
    },
    waiting: 0,
    close: () => {
      closed = true;
    },
  };
}

/**
 * Reads the responses to the commands tagged `tags` (see createSummaryReader): on the parsing
 * thread when it is ready, else on this one (the results then come within push).
 */
export function openSummaryReading(tags: string[], onResult: OnResult): SummaryReading {
  const state = running;
  if (!state?.isReady || state.stopping) return inlineReading(tags, onResult);
  if (state.idle) clearTimeout(state.idle);
  state.idle = null;
  const id = nextId++;
  const reading: OpenReading = { onResult, waiting: 0 };
  state.readings.set(id, reading);
  const open: ToParser = { op: 'open', id, tags };
  state.worker.postMessage(open);
  return {
    push(chunk) {
      if (!state.readings.has(id)) return;
      // A copy of exactly these bytes, moved rather than copied again: the socket's chunk
      // may be a view of a larger buffer, all of which postMessage would clone.
      const bytes = new Uint8Array(chunk);
      const message: ToParser = { op: 'bytes', id, bytes };
      reading.waiting += 1;
      state.worker.postMessage(message, [bytes.buffer]);
    },
    get waiting() {
      return reading.waiting;
    },
    close: () => closeReading(state, id),
  };
}

/** Stops the thread (it starts again when a bulk connection needs it); fetches in progress fail. */
export function stopSummaryThread(): void {
  const state = running;
  if (!state) return;
  running = null;
  if (state.idle) clearTimeout(state.idle);
  failReadings(state, 'it was stopped');
  state.stopping = true;
  void state.worker.terminate();
}
