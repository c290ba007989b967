// FETCH of what the list view needs for each message: flags, INTERNALDATE,
// size, structure, the header fields we show and thread by, and the first
// bytes of part 1 for the snippet.
//
// One FETCH streams a whole range while the server keeps working; messages are
// handed on in batches from inside the loop (storing them is not an IMAP
// command). No other IMAP command may run inside a `for await (… of
// client.fetch())` loop (imapflow would deadlock), so messages whose text is
// not part 1 wait until the loop is over for a second FETCH of their snippet.
import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { decodeSnippet } from '../mime/snippet';
import { parseHeaderBlock, SUMMARY_HEADER_FIELDS } from '../mime/parse-header-block';
import { summarizeBodyStructure } from '../mime/body-structure';
import type { NewMessage } from '../store/store-types';
import { storedModseq } from './mailbox-status';
import { toSequenceSets } from './uid-sets';

/**
 * The message's flags as stored on the server, sorted. \Recent is left out: it
 * belongs to one session (RFC 3501 2.3.2), not to the message.
 */
export function storedFlags(flags: Set<string> | undefined): string[] {
  return [...(flags ?? [])].filter((flag) => flag !== '\\Recent').sort();
}

const SNIPPET_BYTES = 2048;

/** Where a message's snippet is when its text is not part 1: fetched once the stream has ended. */
export interface SnippetPart {
  part: string;
  encoding: string;
  charset: string;
  type: 'text/plain' | 'text/html';
}

interface PendingSnippet extends SnippetPart {
  summary: NewMessage;
}

/** A message's summary as a FETCH row gave it, and where its snippet is if that row did not hold it. */
export interface Summarized {
  summary: NewMessage;
  pending: SnippetPart | null;
}

/** The summary of one FETCH row (see isSummaryRow for which rows are summaries). */
export function summarize(message: FetchMessageObject): Summarized {
  const headers = parseHeaderBlock(message.headers ?? Buffer.alloc(0));
  const { textPart: text, hasAttachments } = summarizeBodyStructure(message.bodyStructure);
  const internalDate = message.internalDate ? new Date(message.internalDate) : new Date(0);
  const summary: NewMessage = {
    uid: message.uid,
    messageId: headers.messageId,
    inReplyTo: headers.inReplyTo,
    references: headers.references,
    subject: headers.subject,
    from: headers.from,
    to: headers.to,
    cc: headers.cc,
    date: headers.date,
    receivedAt: Number.isNaN(internalDate.getTime()) ? 0 : internalDate.getTime(),
    flags: storedFlags(message.flags),
    size: message.size ?? 0,
    hasAttachments,
    snippet: '',
    modseq: storedModseq(message.modseq),
  };
  if (text && text.part === '1') {
    summary.snippet = decodeSnippet(message.bodyParts?.get('1') ?? Buffer.alloc(0), text.encoding, text.charset, text.type);
    return { summary, pending: null };
  }
  return { summary, pending: text ? { part: text.part, encoding: text.encoding, charset: text.charset, type: text.type } : null };
}

/** Second FETCH for snippets whose text is not part 1 (e.g. 1.1 inside multipart/mixed), one per part number. */
async function fillSnippets(client: ImapFlow, pending: PendingSnippet[]): Promise<void> {
  const byPart = new Map<string, PendingSnippet[]>();
  for (const entry of pending) byPart.set(entry.part, [...(byPart.get(entry.part) ?? []), entry]);
  for (const [part, entries] of byPart) {
    const byUid = new Map(entries.map((entry) => [entry.summary.uid, entry]));
    const parts = new Map<number, Buffer>();
    for (const set of toSequenceSets([...byUid.keys()])) {
      for await (const message of client.fetch(set, { uid: true, bodyParts: [{ key: part, maxLength: SNIPPET_BYTES }] }, { uid: true })) {
        const bytes = message.bodyParts?.get(part);
        if (bytes) parts.set(message.uid, bytes);
      }
    }
    for (const [uid, entry] of byUid) {
      const bytes = parts.get(uid);
      if (bytes) entry.summary.snippet = decodeSnippet(bytes, entry.encoding, entry.charset, entry.type);
    }
  }
}

/**
 * False for a FETCH row that carries none of the summary's own items: a flag change the server
 * reported unasked during the command (another session's STORE: UID, FLAGS, MODSEQ), which
 * stored as a summary would be an empty message. Dropping it loses nothing: the modseq saved
 * after this sync was read before the fetch, so the next CHANGEDSINCE brings the change.
 * An item the server answered with NIL still counts (imapflow gives `headers: false`).
 */
export function isSummaryRow(message: FetchMessageObject): boolean {
  return message.headers !== undefined || message.bodyStructure !== undefined || message.internalDate !== undefined || message.size !== undefined;
}

export interface StreamOptions {
  /** Messages below this UID are dropped: "n:*" also returns the highest message when n is above it (RFC 3501 6.4.8). */
  minUid?: number;
  batchSize: number;
  /** Called with each batch as it completes, in server order. */
  onBatch(messages: NewMessage[]): void;
}

/** The FETCH items of a summary, as imapflow query and (wire-fetch.ts) as raw items. */
export const SUMMARY_QUERY = { uid: true, flags: true, internalDate: true, size: true, bodyStructure: true, headers: [...SUMMARY_HEADER_FIELDS], bodyParts: [{ key: '1', maxLength: SNIPPET_BYTES }] };
export const SUMMARY_WIRE_ITEMS = { headerFields: SUMMARY_HEADER_FIELDS, firstPartBytes: SNIPPET_BYTES };

/** The summaries of the rows of a FETCH stream. */
export async function* summariesOf(messages: AsyncIterable<FetchMessageObject>): AsyncGenerator<Summarized> {
  for await (const message of messages) if (isSummaryRow(message)) yield summarize(message);
}

/**
 * Turns fetched messages into summaries, handed to `onBatch` as batches fill; returns how
 * many were delivered. `client` has the mailbox selected and is free: snippets whose text
 * is not part 1 are fetched over it once the stream has ended.
 */
export function collectSummaries(messages: AsyncIterable<FetchMessageObject>, client: ImapFlow, options: StreamOptions): Promise<number> {
  return collectSummarized(summariesOf(messages), client, options);
}

/** collectSummaries for rows already summarized (by the wire fetcher, on its own thread). */
export async function collectSummarized(items: AsyncIterable<Summarized>, client: ImapFlow, options: StreamOptions): Promise<number> {
  const { minUid = 1, batchSize, onBatch } = options;
  let batch: NewMessage[] = [];
  const deferred: PendingSnippet[] = [];
  let delivered = 0;
  const flush = (): void => {
    if (batch.length === 0) return;
    delivered += batch.length;
    onBatch(batch);
    batch = [];
  };
  for await (const { summary, pending } of items) {
    if (!(summary.uid >= minUid)) continue;
    if (pending) deferred.push({ summary, ...pending });
    else batch.push(summary);
    if (batch.length >= batchSize) flush();
  }
  flush();
  if (deferred.length > 0) {
    await fillSnippets(client, deferred);
    batch = deferred.map((entry) => entry.summary);
    flush();
  }
  return delivered;
}

/** Streams summaries of a UID set ("1:100", "5,7,9") to `onBatch`; returns how many were delivered. */
export function streamSummaries(client: ImapFlow, uidSet: string, options: StreamOptions): Promise<number> {
  return collectSummaries(client.fetch(uidSet, SUMMARY_QUERY, { uid: true }), client, options);
}

/** Fetches summaries of a UID set in one batch. */
export async function fetchSummaries(client: ImapFlow, uidSet: string, minUid = 1): Promise<NewMessage[]> {
  const all: NewMessage[] = [];
  await streamSummaries(client, uidSet, { minUid, batchSize: Number.MAX_SAFE_INTEGER, onBatch: (messages) => all.push(...messages) });
  return all;
}
