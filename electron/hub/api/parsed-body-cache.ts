// The parsed bodies of the messages opened last. A cached body was parsed again at every open,
// on the hub's thread: a 10 MB message cost about 70 ms of parsing each time the user came back
// to it (a 64 MiB one about half a second), with every other request waiting.
//
// An entry is held by the digest of the bytes it was parsed from, and checked against the bytes
// the store has now: it can never describe another body. A message's stored body is normally set
// once, but it may be written again (a body kept across a UIDVALIDITY rebuild is restored onto the
// message stored again with the same Message-ID and size, racing a download of it), and a
// rebuilt message's new row may reuse an old rowid; neither can make this serve the old parse.
// A removed message is never asked for (the route answers 404 first); its entry goes by LRU or
// after a quiet while.
import { createHash } from 'node:crypto';
import { parseMessageBody } from '../mime/message-body';
import type { ParsedBody } from '../mime/parsed-message';

export interface ParsedBodyCache {
  /**
   * The parse of `source`, the stored body of message `messageId`: held from an earlier request
   * for the same bytes, else `parsed` when the caller has it already, else parsed (once for
   * concurrent requests). Never rejects (parseMessageBody does not).
   */
  get(messageId: string, source: Buffer, parsed?: ParsedBody): Promise<ParsedBody>;
  /** What is held now, in estimated bytes (for tests and logs). */
  heldBytes(): number;
}

export interface ParsedBodyCacheOptions {
  /** The most held in all, by estimate (see estimateBytes); a parse larger than this is not held. */
  maxBytes?: number;
  /** An entry not asked for in this long goes, so that a hub left alone gives the memory back. */
  idleMs?: number;
  parse?: (source: Buffer) => Promise<ParsedBody>;
}

interface Entry {
  digest: string;
  parsed: Promise<ParsedBody>;
  /** Estimated size once parsed; 0 while parsing. */
  bytes: number;
  timer: ReturnType<typeof setTimeout> | null;
}

/** A few tens of MB: two 10 MB text messages, or dozens of ordinary ones. */
const PARSED_BODY_CACHE_BYTES = 48 * 1024 * 1024;
const IDLE_MS = 10 * 60_000;

/** SHA-256 of the source and its length: about 5 ms for 10 MB here, against about 70 ms to parse it. */
function digestOf(source: Buffer): string {
  return `${source.length}:${createHash('sha256').update(source).digest('base64')}`;
}

/**
 * What a parse holds, counted high: text and HTML at two bytes a character (V8 keeps a string
 * with any character past U+00FF in UTF-16), and a little for each attachment's description.
 */
export function estimateBytes(parsed: ParsedBody): number {
  return 2 * ((parsed.text?.length ?? 0) + (parsed.html?.length ?? 0)) + 256 * (parsed.attachments.length + 1);
}

/** Creates an empty cache of parsed bodies, least recently used first out. */
export function createParsedBodyCache({ maxBytes = PARSED_BODY_CACHE_BYTES, idleMs = IDLE_MS, parse = parseMessageBody }: ParsedBodyCacheOptions = {}): ParsedBodyCache {
  // A Map iterates in insertion order: an entry used is put back at the end, so the first is the least recently used.
  const entries = new Map<string, Entry>();
  let held = 0;

  const drop = (messageId: string, entry: Entry): void => {
    if (entries.get(messageId) !== entry) return;
    entries.delete(messageId);
    held -= entry.bytes;
    if (entry.timer) clearTimeout(entry.timer);
  };
  const touch = (messageId: string, entry: Entry): void => {
    entries.delete(messageId);
    entries.set(messageId, entry);
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => drop(messageId, entry), idleMs);
    entry.timer.unref();
  };
  const evict = (): void => {
    for (const [messageId, entry] of entries) {
      if (held <= maxBytes) return;
      // One still parsing holds nothing yet; the requests waiting on it keep it.
      if (entry.bytes > 0) drop(messageId, entry);
    }
  };

  return {
    get(messageId, source, parsed) {
      const digest = digestOf(source);
      const found = entries.get(messageId);
      if (found?.digest === digest) {
        touch(messageId, found);
        return found.parsed;
      }
      // Another body (or none held): whatever was held for this message describes other bytes.
      if (found) drop(messageId, found);
      const entry: Entry = { digest, parsed: parsed ? Promise.resolve(parsed) : parse(source), bytes: 0, timer: null };
      touch(messageId, entry);
      void entry.parsed.then((result) => {
        if (entries.get(messageId) !== entry) return;
        entry.bytes = estimateBytes(result);
        held += entry.bytes;
        // Too large to hold at all: the requests waiting have it; later ones parse again.
        if (entry.bytes > maxBytes) drop(messageId, entry);
        else evict();
      }, () => drop(messageId, entry));
      return entry.parsed;
    },
    heldBytes: () => held,
  };
}
