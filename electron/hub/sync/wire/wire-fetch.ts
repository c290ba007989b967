// A connection for the bulk of a first sync: imapflow connects, logs in and
// EXAMINEs the mailbox (TLS, STARTTLS, authentication, capabilities), then
// hands over its socket (`unbind()`, a documented imapflow call), and the
// summaries are fetched over it with the small parser in this folder.
//
// Why: imapflow's general-purpose response parser costs about 60-90 µs a message
// for these summaries, measured, more than everything else the hub does with a
// message. This parser knows the one response shape it reads and costs a
// fraction of that. It runs on the parsing thread (summary-thread.ts), beside the
// store's writes on the hub's own thread. Anything unexpected (a malformed
// response, a NO, a closed socket, the parsing thread stopping) rejects, and the
// caller goes on with imapflow.
import type { ImapFlow } from 'imapflow';
import type { Readable, Writable } from 'node:stream';
import type { Summarized } from '../fetch-summaries';
import { createImapClient, type ImapClientOptions } from '../imap-client';
import { WireError } from './response-parser';
import type { ReadResult } from './summary-reader';
import { openSummaryReading, startSummaryThread, stopSummaryThread, whyNoSummaryThread } from './summary-thread';

export interface WireFetchItems {
  headerFields: readonly string[];
  /** Bytes of part 1 to fetch for the snippet. */
  firstPartBytes: number;
}

export interface WireFetcher {
  /** UIDVALIDITY of the mailbox as this connection EXAMINEd it. */
  readonly uidValidity: number;
  /** EXISTS of the mailbox as this connection EXAMINEd it. */
  readonly exists: number;
  /**
   * Streams the summaries of a UID set (or, `bySequence`, of a sequence set), in server order;
   * of several, one FETCH each, pipelined (PIPELINE_DEPTH in flight), their summaries in that order.
   */
  fetch(sets: string | readonly string[], items: WireFetchItems, options?: { bySequence?: boolean }): AsyncIterable<Summarized>;
  /** Bytes received on this connection so far (a sign the server is there). */
  bytesRead(): number;
  close(): void;
}

/** Flow control: reading pauses while this many messages wait for the consumer, or this many chunks (64 KiB at most) for the parsing thread. */
export interface HighWater {
  messages: number;
  chunks: number;
}
const HIGH_WATER: HighWater = { messages: 2000, chunks: 64 };

/**
 * Commands in flight at once. Pipelined (RFC 3501 section 5.5): sent one after another's tagged
 * OK, each range of a first sync waited a round trip plus the time to read the previous one's
 * last responses, 15-20 ms with the server idle, ten times for 50,000 messages. A few at a time,
 * not all: a resumed first sync can ask hundreds of UID sets, more than some servers queue.
 */
const PIPELINE_DEPTH = 8;

interface Waiter {
  resolve(): void;
}

/** Lets close() end a fetch in progress with an error rather than leave it waiting. */
interface FetchControl {
  abort: ((error: Error) => void) | null;
  /**
   * Why the connection cannot fetch again: a fetch ended before all its commands did (it failed,
   * or its reader stopped early), and what the server still sends for them would be read as the
   * next fetch's.
   */
  unusable: Error | null;
}

interface TaggedCommand {
  tag: string;
  text: string;
}

interface FetchRun {
  read: Readable;
  write: Writable;
  commands: readonly TaggedCommand[];
  control: FetchControl;
  idleMs: number;
  highWater: HighWater;
}

/**
 * Sends tagged commands over the raw sockets, PIPELINE_DEPTH at a time, and yields the
 * summaries their FETCH responses bring, read on the parsing thread (summary-thread.ts); fails
 * if nothing comes for `idleMs` while we wait (the socket is ours now, and imapflow's own timeout
 * went with it): blamed on the server, or on the parsing thread if it holds chunks unanswered.
 */
async function* runFetch({ read, write, commands, control, idleMs, highWater }: FetchRun): AsyncGenerator<Summarized> {
  if (commands.length === 0) return;
  const queue: Summarized[] = [];
  let finished = false;
  let failure: Error | null = null;
  let socketEnded = false;
  let sent = 0;
  let completed = 0;
  let waiter: Waiter | null = null;
  const wake = (): void => {
    const current = waiter;
    waiter = null;
    current?.resolve();
  };
  const fail = (error: Error): void => {
    if (finished) return;
    failure ??= error;
    wake();
  };
  const sendMore = (): void => {
    let text = '';
    for (; sent < commands.length && sent - completed < PIPELINE_DEPTH; sent += 1) text += `${commands[sent]!.tag} ${commands[sent]!.text}\r\n`;
    if (text) write.write(text);
  };
  const throttle = (): void => {
    if (finished || failure) return;
    if (queue.length >= highWater.messages || reading.waiting >= highWater.chunks) read.pause();
    else if (read.isPaused()) read.resume();
  };
  const closedDuring = (): WireError => new WireError('the connection closed during the fetch');
  const onResult = (result: ReadResult): void => {
    if (finished || failure) return;
    for (const item of result.items) queue.push(item);
    completed += result.completed;
    if (result.failure !== null) fail(new WireError(result.failure));
    else if (result.done) finished = true;
    else if (socketEnded && reading.waiting === 0) fail(closedDuring());
    else sendMore();
    throttle();
    wake();
  };
  const reading = openSummaryReading(commands.map((command) => command.tag), onResult);
  const onData = (chunk: Buffer): void => {
    if (finished || failure) return;
    reading.push(chunk);
    throttle();
  };
  // The parsing thread may still hold the last responses, the tagged OKs among them.
  const onEnd = (): void => {
    socketEnded = true;
    if (reading.waiting === 0) fail(closedDuring());
  };
  const onError = (error: Error): void => fail(error);
  const silent = (): void => {
    // Only the parsing thread holds chunks unanswered (read on this thread, none wait).
    if (reading.waiting > 0) {
      fail(new WireError(`the parsing thread did not answer for ${idleMs} ms`));
      stopSummaryThread();
    } else fail(new WireError(`the server sent nothing for ${idleMs} ms`));
  };
  read.on('data', onData);
  read.on('end', onEnd);
  read.on('close', onEnd);
  read.on('error', onError);
  control.abort = fail;
  // imapflow's unpipe leaves the socket paused; with a 'data' listener it flows to us.
  read.resume();
  try {
    sendMore();
    for (;;) {
      while (queue.length > 0) {
        const batch = queue.splice(0, queue.length);
        throttle();
        yield* batch;
      }
      if (failure) throw failure;
      if (finished) return;
      const silence = setTimeout(silent, idleMs);
      await new Promise<void>((resolve) => (waiter = { resolve }));
      clearTimeout(silence);
    }
  } finally {
    reading.close();
    control.abort = null;
    if (!finished) control.unusable ??= failure ?? new WireError('a fetch was left before its end');
    read.off('data', onData);
    read.off('end', onEnd);
    read.off('close', onEnd);
    read.off('error', onError);
  }
}

/** Quotes an astring for a command (header field names are atoms; this keeps odd ones safe). */
function atomOrQuoted(value: string): string {
  return /^[A-Za-z0-9-]+$/.test(value) ? value.toUpperCase() : `"${value.replace(/["\\]/g, '\\$&')}"`;
}

export interface WireSettings {
  /** For connecting and logging in, and again for EXAMINE (default 20 s). */
  openMs?: number;
  /** For silence from the server while a fetch waits for it (default 60 s). */
  idleMs?: number;
  /** When reading pauses (see HIGH_WATER). */
  highWater?: HighWater;
}

/** Rejects with a WireError if `promise` has not settled within `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WireError(`${what} took more than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The longest a bulk connection waits for the parsing thread (it starts in about 80 ms); then it reads on the hub's thread. */
const THREAD_READY_MS = 5_000;

let warnedUnavailable = false;
function warnThreadUnavailable(logger: ImapClientOptions['logger']): void {
  if (warnedUnavailable) return;
  warnedUnavailable = true;
  logger.warn('no parsing thread; bulk fetches are read on the hub thread', { reason: whyNoSummaryThread() ?? `it was not ready within ${THREAD_READY_MS} ms` });
}

/**
 * Connects and logs in with imapflow, EXAMINEs `mailboxPath` once `openAfter` has settled
 * (either way), then takes the socket over. A server too slow at any of it is an error: the
 * caller goes on over its main connection rather than wait.
 */
export async function openWireFetcher(options: Omit<ImapClientOptions, 'idle'>, mailboxPath: string, openAfter?: Promise<unknown>, settings: WireSettings = {}): Promise<WireFetcher> {
  const { openMs = 20_000, idleMs = 60_000, highWater = HIGH_WATER } = settings;
  const client: ImapFlow = createImapClient({ ...options, idle: false });
  try {
    // The parsing thread starts while this connection logs in (it is ready long before).
    const threadReady = startSummaryThread();
    await within(client.connect(), openMs, 'connecting and logging in');
    await openAfter?.catch(() => undefined);
    const mailbox = await within(client.mailboxOpen(mailboxPath, { readOnly: true }), openMs, 'opening the mailbox');
    if (await within(threadReady, THREAD_READY_MS, 'starting the parsing thread').catch(() => false)) options.logger.debug('bulk fetch read on the parsing thread', { mailboxPath });
    else warnThreadUnavailable(options.logger);
    const condstore = client.capabilities.has('CONDSTORE') && !mailbox.noModseq;
    const { readSocket, writeSocket, socket } = client.unbind();
    const read = readSocket as unknown as Readable;
    const write = writeSocket as unknown as Writable;
    // The socket is ours now: an error on it must not reach the process as unhandled.
    read.on('error', () => undefined);
    let sequence = 0;
    const control: FetchControl = { abort: null, unusable: null };
    return {
      uidValidity: Number(mailbox.uidValidity),
      exists: mailbox.exists,
      fetch(sets, items, { bySequence = false } = {}) {
        const list = typeof sets === 'string' ? [sets] : sets;
        if (list.some((set) => !/^[\d:,*]+$/.test(set))) throw new WireError('not a UID or sequence set');
        if (control.unusable) throw new WireError(`the connection cannot fetch again after: ${control.unusable.message}`);
        const fields = items.headerFields.map(atomOrQuoted).join(' ');
        const wanted = `UID FLAGS INTERNALDATE RFC822.SIZE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (${fields})] BODY.PEEK[1]<0.${items.firstPartBytes}>${condstore ? ' MODSEQ' : ''}`;
        const commands = list.map((set) => ({ tag: `W${(sequence += 1)}`, text: `${bySequence ? 'FETCH' : 'UID FETCH'} ${set} (${wanted})` }));
        return runFetch({ read, write, commands, control, idleMs, highWater });
      },
      bytesRead: () => (socket as unknown as { bytesRead?: number }).bytesRead ?? 0,
      close() {
        control.abort?.(new WireError('the connection was closed during the fetch'));
        // LOGOUT is a courtesy; the socket goes either way.
        if (!socket.destroyed) {
          write.write('W0 LOGOUT\r\n');
          socket.end();
          setTimeout(() => socket.destroy(), 1000).unref();
        }
      },
    };
  } catch (error) {
    client.close();
    throw error;
  }
}
