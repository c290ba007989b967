// A connection for the bulk of a first sync: imapflow connects, logs in and
// EXAMINEs the mailbox (TLS, STARTTLS, authentication, capabilities), then
// hands over its socket (`unbind()`, a documented imapflow call), and the
// summaries are fetched over it with the small parser in this folder.
//
// Why: imapflow's general-purpose response parser costs about 60-90 µs a message
// for these summaries, measured, more than everything else the hub does with a
// message. This parser knows the one response shape it reads and costs a
// fraction of that. Anything unexpected (a malformed response, a NO, a closed
// socket) rejects, and the caller goes on with imapflow.
import type { FetchMessageObject, ImapFlow } from 'imapflow';
import type { Readable, Writable } from 'node:stream';
import { isSummaryRow } from '../fetch-summaries';
import { createImapClient, type ImapClientOptions } from '../imap-client';
import { MAX_MODSEQ } from '../mailbox-status';
import { createResponseSplitter } from './response-splitter';
import { parseResponse, WireError, type WireValue } from './response-parser';
import { wireBodyStructure } from './wire-body-structure';

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
  /** Streams the summaries of a UID set (or, `bySequence`, of a sequence set), in server order. */
  fetch(set: string, items: WireFetchItems, options?: { bySequence?: boolean }): AsyncIterable<FetchMessageObject>;
  /** Bytes received on this connection so far (a sign the server is there). */
  bytesRead(): number;
  close(): void;
}

// Flow control: reading pauses while this many messages wait for the consumer.
const HIGH_WATER = 2000;

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };
const DATE_TIME = /^\s*(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;

/**
 * INTERNALDATE's date-time (RFC 3501 section 9: "17-Jul-1996 02:44:25 -0700"); undefined when it
 * does not parse or names no real time ("31-Feb-2024", "99:99:99"), which Date.UTC would roll over.
 */
export function parseInternalDate(value: string): Date | undefined {
  const match = DATE_TIME.exec(value);
  const month = match ? MONTHS[(match[2] as string).toLowerCase()] : undefined;
  if (!match || month === undefined) return undefined;
  const [day, year, hours, minutes, seconds, zoneHours, zoneMinutes] = [1, 3, 4, 5, 6, 8, 9].map((index) => Number(match[index]));
  if (hours! > 23 || minutes! > 59 || seconds! > 60 || zoneHours! > 23 || zoneMinutes! > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year!, month, day); // not Date.UTC: it reads years 0-99 as 1900-1999
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month) return undefined;
  const offset = (match[7] === '-' ? -1 : 1) * (zoneHours! * 60 + zoneMinutes!);
  date.setUTCHours(hours!, minutes! - offset, Math.min(seconds!, 59));
  return date;
}

function flagSet(value: WireValue | undefined): Set<string> {
  const flags = new Set<string>();
  if (Array.isArray(value)) for (const flag of value) if (typeof flag === 'string') flags.add(flag);
  return flags;
}

// RFC 3501 section 9: nz-number (a UID) and number are 32-bit unsigned, written in decimal digits.
// Number() also read "1e3", "0x10", "+7" and "1.5", and passed 0 and 2^64 on as UIDs; imapflow's
// own parser drops those rows, so the two paths disagreed on the same bytes.
const NZ_NUMBER = /^[1-9]\d{0,9}$/;
const NUMBER = /^\d{1,10}$/;
const MAX_UINT32 = 4_294_967_295;
/** RFC 7162 mod-sequence-value: up to 2^63 - 1. */
const MODSEQ = /^[1-9]\d{0,18}$/;

function numberOf(value: WireValue | undefined, pattern: RegExp): number | undefined {
  if (typeof value !== 'string' || !pattern.test(value)) return undefined;
  const parsed = Number(value);
  return parsed <= MAX_UINT32 ? parsed : undefined;
}

function modseqOf(value: WireValue | undefined): bigint | undefined {
  const [first] = Array.isArray(value) ? value : [];
  if (typeof first !== 'string' || !MODSEQ.test(first)) return undefined;
  const modseq = BigInt(first);
  return modseq <= MAX_MODSEQ ? modseq : undefined;
}

/**
 * One FETCH response's attributes as imapflow would have given them for the same items; null
 * for a response without them: a flag change the server reports unasked (with QRESYNC
 * enabled it carries UID and FLAGS too), which must not be taken for a summary. The rule is
 * isSummaryRow's, the one imapflow's rows go through.
 */
export function toFetchMessage(seq: number, attributes: Map<string, WireValue>): FetchMessageObject | null {
  const uid = numberOf(attributes.get('UID'), NZ_NUMBER);
  if (uid === undefined) return null;
  const message: FetchMessageObject = { seq, uid, flags: flagSet(attributes.get('FLAGS')) };
  const size = numberOf(attributes.get('RFC822.SIZE'), NUMBER);
  if (size !== undefined) message.size = size;
  const date = attributes.get('INTERNALDATE');
  if (typeof date === 'string') message.internalDate = parseInternalDate(date);
  const modseq = modseqOf(attributes.get('MODSEQ'));
  if (modseq !== undefined) message.modseq = modseq;
  if (attributes.has('BODYSTRUCTURE')) message.bodyStructure = wireBodyStructure(attributes.get('BODYSTRUCTURE')) as unknown as FetchMessageObject['bodyStructure'];
  const bodyParts = new Map<string, Buffer>();
  for (const [name, value] of attributes) {
    if (!name.startsWith('BODY[')) continue;
    const bytes = Buffer.isBuffer(value) ? value : typeof value === 'string' ? Buffer.from(value) : Buffer.alloc(0);
    if (name.startsWith('BODY[HEADER')) message.headers = bytes;
    else bodyParts.set(name.slice('BODY['.length, name.indexOf(']')), bytes);
  }
  if (bodyParts.size > 0) message.bodyParts = bodyParts;
  return isSummaryRow(message) ? message : null;
}

interface Waiter {
  resolve(): void;
}

/** Lets close() end a fetch in progress with an error rather than leave it waiting. */
interface FetchControl {
  abort: ((error: Error) => void) | null;
}

/**
 * Runs one tagged command over the raw sockets and yields the FETCH responses it brings; fails
 * if the server sends nothing for `idleMs` while we wait for it (the socket is ours now, and
 * imapflow's own timeout went with it).
 */
async function* runFetch(read: Readable, write: Writable, tag: string, command: string, control: FetchControl, idleMs: number): AsyncGenerator<FetchMessageObject> {
  const splitter = createResponseSplitter();
  const queue: FetchMessageObject[] = [];
  let finished = false;
  let failure: Error | null = null;
  let waiter: Waiter | null = null;
  const wake = (): void => {
    const current = waiter;
    waiter = null;
    current?.resolve();
  };
  const fail = (error: Error): void => {
    failure ??= error;
    wake();
  };
  const onData = (chunk: Buffer): void => {
    if (finished || failure) return;
    try {
      for (const bytes of splitter.push(chunk)) {
        const response = parseResponse(bytes);
        if (response.kind === 'fetch') {
          const message = toFetchMessage(response.seq, response.attributes);
          if (message) queue.push(message);
        } else if (response.kind === 'tagged' && response.tag === tag) {
          if (response.status !== 'OK') throw new WireError(`the server answered ${response.status}: ${response.text}`);
          finished = true;
        } else if (response.kind === 'untagged' && response.name === 'BYE') {
          throw new WireError(`the server closed the session: ${response.text}`);
        }
      }
    } catch (error) {
      fail(error instanceof Error ? error : new WireError(String(error)));
      return;
    }
    if (queue.length >= HIGH_WATER) read.pause();
    wake();
  };
  const onEnd = (): void => fail(new WireError('the connection closed during the fetch'));
  const onError = (error: Error): void => fail(error);
  read.on('data', onData);
  read.on('end', onEnd);
  read.on('close', onEnd);
  read.on('error', onError);
  control.abort = fail;
  // imapflow's unpipe leaves the socket paused; with a 'data' listener it flows to us.
  read.resume();
  try {
    write.write(`${tag} ${command}\r\n`);
    for (;;) {
      while (queue.length > 0) {
        const batch = queue.splice(0, queue.length);
        if (read.isPaused()) read.resume();
        yield* batch;
      }
      if (failure) throw failure;
      if (finished) return;
      const silence = setTimeout(() => fail(new WireError(`the server sent nothing for ${idleMs} ms`)), idleMs);
      await new Promise<void>((resolve) => (waiter = { resolve }));
      clearTimeout(silence);
    }
  } finally {
    control.abort = null;
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

export interface WireTimeouts {
  /** For connecting and logging in, and again for EXAMINE (default 20 s). */
  openMs?: number;
  /** For silence from the server while a fetch waits for it (default 60 s). */
  idleMs?: number;
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

/**
 * Connects and logs in with imapflow, EXAMINEs `mailboxPath` once `openAfter` has settled
 * (either way), then takes the socket over. A server too slow at any of it is an error: the
 * caller goes on over its main connection rather than wait.
 */
export async function openWireFetcher(options: Omit<ImapClientOptions, 'idle'>, mailboxPath: string, openAfter?: Promise<unknown>, timeouts: WireTimeouts = {}): Promise<WireFetcher> {
  const { openMs = 20_000, idleMs = 60_000 } = timeouts;
  const client: ImapFlow = createImapClient({ ...options, idle: false });
  try {
    await within(client.connect(), openMs, 'connecting and logging in');
    await openAfter?.catch(() => undefined);
    const mailbox = await within(client.mailboxOpen(mailboxPath, { readOnly: true }), openMs, 'opening the mailbox');
    const condstore = client.capabilities.has('CONDSTORE') && !mailbox.noModseq;
    const { readSocket, writeSocket, socket } = client.unbind();
    const read = readSocket as unknown as Readable;
    const write = writeSocket as unknown as Writable;
    // The socket is ours now: an error on it must not reach the process as unhandled.
    read.on('error', () => undefined);
    let sequence = 0;
    const control: FetchControl = { abort: null };
    return {
      uidValidity: Number(mailbox.uidValidity),
      exists: mailbox.exists,
      fetch(set, items, { bySequence = false } = {}) {
        if (!/^[\d:,*]+$/.test(set)) throw new WireError('not a UID or sequence set');
        sequence += 1;
        const fields = items.headerFields.map(atomOrQuoted).join(' ');
        const wanted = `UID FLAGS INTERNALDATE RFC822.SIZE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (${fields})] BODY.PEEK[1]<0.${items.firstPartBytes}>${condstore ? ' MODSEQ' : ''}`;
        return runFetch(read, write, `W${sequence}`, `${bySequence ? 'FETCH' : 'UID FETCH'} ${set} (${wanted})`, control, idleMs);
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
