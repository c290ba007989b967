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
import type { Worker } from 'node:worker_threads';
import { createSummaryReader, type ReadResult } from './summary-reader';
import type { FromParser, ToParser } from './summary-thread-protocol';
import { spawnSummaryWorker, summaryWorkerScript } from './summary-worker-script';

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

function failReadings(state: Running, reason: string): void {
  const readings = [...state.readings.values()];
  state.readings.clear();
  for (const reading of readings) reading.onResult({ items: [], done: false, completed: 0, failure: `the parsing thread stopped: ${reason}` });
}

function clearIdle(state: Running): void {
  if (state.idle) clearTimeout(state.idle);
  state.idle = null;
}

/** Stops the thread after IDLE_MS unless a reading opens meanwhile. */
function armIdle(state: Running): void {
  clearIdle(state);
  state.idle = setTimeout(() => {
    if (running === state) stopSummaryThread();
  }, IDLE_MS);
  state.idle.unref();
}

/** Starts that failed before the thread was ready; after MAX_START_FAILURES it is given up. */
const MAX_START_FAILURES = 3;
let startFailures = 0;
let lastStartFailure: string | null = null;

function noteStartFailure(reason: string): void {
  lastStartFailure = reason;
  startFailures += 1;
  if (startFailures >= MAX_START_FAILURES) unavailable ??= reason;
}

function start(): Running | null {
  const script = summaryWorkerScript();
  if (!script) {
    unavailable = 'its script was not found';
    return null;
  }
  let worker: Worker;
  try {
    worker = spawnSummaryWorker(script);
  } catch (error) {
    // No thread to be had now (ERR_WORKER_INIT_FAILED), or tsx not found from source.
    noteStartFailure(error instanceof Error ? error.message : String(error));
    return null;
  }
  let settle: (ok: boolean) => void = () => {};
  const state: Running = {
    worker,
    ready: new Promise<boolean>((resolve) => (settle = resolve)),
    isReady: false,
    readings: new Map(),
    idle: null,
    stopping: false,
  };
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
    clearIdle(state);
    const stopped = state.stopping;
    state.stopping = true;
    if (!state.isReady && !stopped) noteStartFailure(reason);
    settle(false);
    if (!stopped) failReadings(state, reason);
  };
  worker.on('error', (error) => ended(error.message));
  worker.on('exit', (code) => ended(`it exited (code ${code})`));
  return state;
}

/**
 * Starts the thread if it is not running; resolves true once it is ready, false if it cannot
 * run now (readings then stay on the hub's thread). Never throws or rejects. A bulk connection
 * calls it as it starts to open: the thread then stays at least IDLE_MS for its first reading.
 */
export function startSummaryThread(): Promise<boolean> {
  if (unavailable) return Promise.resolve(false);
  running ??= start();
  if (!running) return Promise.resolve(false);
  if (running.readings.size === 0) armIdle(running);
  return running.ready;
}

/** Why there is no parsing thread (it cannot run in this process, or its last start failed), or null. */
export function whyNoSummaryThread(): string | null {
  return unavailable ?? lastStartFailure;
}

function closeReading(state: Running, id: number): void {
  if (!state.readings.delete(id) || state.stopping) return;
  const message: ToParser = { op: 'close', id };
  state.worker.postMessage(message);
  if (state.readings.size === 0) armIdle(state);
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
  clearIdle(state);
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
      return state.readings.has(id) ? reading.waiting : 0;
    },
    close: () => closeReading(state, id),
  };
}

/** Stops the thread (it starts again when a bulk connection needs it); fetches in progress fail. */
export function stopSummaryThread(): void {
  const state = running;
  if (!state) return;
  running = null;
  state.stopping = true;
  clearIdle(state);
  failReadings(state, 'it was stopped');
  void state.worker.terminate();
}
