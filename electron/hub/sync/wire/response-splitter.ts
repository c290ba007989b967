// Cuts the bytes an IMAP server sends into whole responses (RFC 3501 section
// 7): a line ending in CRLF, except that a line ending in a literal's length
// ("{123}" or literal8's "~{123}") continues after that many raw bytes.
// Chunks arrive as the socket delivers them; a response may span many.
//
// Not every "{123}" at a line's end is a literal: a status response (OK, NO,
// BAD, BYE, PREAUTH, tagged or untagged) and a continuation ("+") end in
// resp-text, which the grammar never lets hold a literal (RFC 9051 section 9,
// as RFC 3501's), so "* OK [ALERT] call {33}" is one line. Taken for a literal,
// it swallowed the start of the next response and glued the two together.
//
// Each byte is looked at once, in the chunk it came in: a response is copied
// (joined) only when it ends, and one that lies within a chunk is handed on as a
// view of it. Joining everything buffered at every chunk, as before, took
// quadratic time on a long line or a response of many literals: a server sending
// one 51 MB line in 16 KiB pieces kept the hub's thread busy for 150 s.
import { WireError } from './response-parser';

const LF = 0x0a;
const CR = 0x0d;
const ASTERISK = 0x2a;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACE = 0x7b;

/** The longest run of digits accepted as a literal length (a 20 MB attachment has 8). */
const MAX_LENGTH_DIGITS = 12;
/** Enough of a line's end to hold "{" + digits + "}" + CR, whatever chunk each came in. */
const TAIL_BYTES = MAX_LENGTH_DIGITS + 4;

/**
 * The largest literal a summary's FETCH can bring: the header fields asked for (the malformed
 * corpus has a 100 KB header line) or the first 2 KiB of a part. A larger one is a broken or
 * hostile server, which announcing {999999999999} had the hub buffer without end.
 */
export const MAX_LITERAL_BYTES = 16 * 1024 * 1024;
/** The largest response held while it is incomplete (many literals, a long line). */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** The length announced at the end of a line (`{n}` before CRLF), or -1 when the line ends without one. */
function literalLengthBefore(buffer: Buffer, lineEnd: number, lineStart: number): number {
  // lineEnd is the index of LF; the line's last byte before CR LF must be '}'.
  let index = lineEnd - 1;
  if (index < lineStart || buffer[index] !== CR) index += 1; // a bare LF line end is accepted
  const close = index - 1;
  if (close < lineStart || buffer[close] !== CLOSE_BRACE) return -1;
  let length = 0;
  let digits = 0;
  let cursor = close - 1;
  for (; cursor >= lineStart && digits <= MAX_LENGTH_DIGITS; cursor -= 1, digits += 1) {
    const byte = buffer[cursor] as number;
    if (byte === OPEN_BRACE) break;
    if (byte < 0x30 || byte > 0x39) return -1;
  }
  if (cursor < lineStart || buffer[cursor] !== OPEN_BRACE || digits === 0 || digits > MAX_LENGTH_DIGITS) return -1;
  for (let i = cursor + 1; i < close; i += 1) length = length * 10 + ((buffer[i] as number) - 0x30);
  return length;
}

// The untagged responses whose text follows their name (RFC 9051 section 9: resp-cond-state,
// resp-cond-bye, resp-cond-auth), as they begin: "* NAME SP".
const STATUS_PREFIXES = ['* OK ', '* NO ', '* BAD ', '* BYE ', '* PREAUTH '].map((prefix) => Buffer.from(prefix, 'latin1'));
/** Enough of a response's start to tell whether it is one of those. */
const HEAD_BYTES = Math.max(...STATUS_PREFIXES.map((prefix) => prefix.length));

/** Whether bytes[start, end) begin with `prefix`, its letters in either case (IMAP's keywords are case-insensitive: RFC 9051 section 9). */
function beginsWith(bytes: Buffer, start: number, end: number, prefix: Buffer): boolean {
  if (end - start < prefix.length) return false;
  for (let i = 0; i < prefix.length; i += 1) {
    const byte = bytes[start + i] as number;
    // Clearing 0x20 upper-cases a letter; "*" and SP, which have it, match only themselves.
    if (byte !== prefix[i] && (byte & 0xdf) !== prefix[i]) return false;
  }
  return true;
}

/**
 * True when the response whose first line is bytes[start, end) is all text, so that a "{123}"
 * ending that line is not a literal: a tagged response (tag SP resp-cond-state), a continuation
 * ("+"), an untagged status response. Any other untagged response ("* 1 FETCH", "* LIST",
 * "* STATUS") may carry literals. Read in place: it is asked once for every FETCH response.
 */
function isTextResponse(bytes: Buffer, start: number, end: number): boolean {
  if (bytes[start] !== ASTERISK) return true;
  // "* 12 FETCH": message data, the one answer to the first sync's FETCH, told at its first digit.
  const third = bytes[start + 2] as number;
  if (third >= DIGIT_0 && third <= DIGIT_9) return false;
  for (const prefix of STATUS_PREFIXES) if (beginsWith(bytes, start, end, prefix)) return true;
  return false;
}

/**
 * isTextResponse for the current response, begun at `start` in `chunk` or, when `parts` hold
 * its bytes from earlier chunks, in those; its first line ends before `end` in `chunk`.
 */
function currentIsText(parts: readonly Buffer[], chunk: Buffer, start: number, end: number): boolean {
  if (parts.length === 0) return isTextResponse(chunk, start, end);
  const first = parts[0] as Buffer;
  if (first.length >= HEAD_BYTES) return isTextResponse(first, 0, first.length);
  // The start came in tiny chunks: join HEAD_BYTES of it, copying no more however long the parts.
  const pieces: Buffer[] = [];
  let length = 0;
  for (const part of parts) {
    pieces.push(part);
    length += part.length;
    if (length >= HEAD_BYTES) break;
  }
  if (length < HEAD_BYTES) {
    pieces.push(chunk.subarray(0, end));
    length += end;
  }
  const head = Buffer.concat(pieces, Math.min(HEAD_BYTES, length));
  return isTextResponse(head, 0, head.length);
}

const NO_BYTES: Buffer = Buffer.alloc(0);

/** The last TAIL_BYTES of `tail` followed by `bytes`. */
function lastBytes(tail: Buffer, bytes: Buffer): Buffer {
  if (bytes.length >= TAIL_BYTES) return bytes.subarray(bytes.length - TAIL_BYTES);
  const joined = Buffer.concat([tail, bytes]);
  return joined.subarray(Math.max(0, joined.length - TAIL_BYTES));
}

export interface ResponseSplitter {
  /** Adds received bytes; returns every response completed by them, in order. A WireError for a literal or response past the bounds above. */
  push(chunk: Buffer): Buffer[];
}

export function createResponseSplitter(): ResponseSplitter {
  // The current response's bytes from earlier chunks.
  let parts: Buffer[] = [];
  let partsLength = 0;
  // Raw bytes of a literal still to come; the response goes on after them.
  let literalLeft = 0;
  // Whether the current response has had a literal: it is not a status response, and the
  // "{123}" ending any of its lines is a literal (its first line's was told by its start).
  let hadLiteral = false;
  // The end of the current line from earlier chunks (a "{123}" may be cut between two), never
  // reaching back into a literal's bytes.
  let lineTail: Buffer = NO_BYTES;
  return {
    push(chunk) {
      const responses: Buffer[] = [];
      // Where the current response begins in this chunk (`parts` hold what came before).
      let start = 0;
      let position = 0;
      while (position < chunk.length) {
        if (literalLeft > 0) {
          const taken = Math.min(literalLeft, chunk.length - position);
          literalLeft -= taken;
          position += taken;
          continue;
        }
        const lineEnd = chunk.indexOf(LF, position);
        if (lineEnd < 0) {
          lineTail = lastBytes(lineTail, chunk.subarray(position));
          break;
        }
        // Read in place unless the line's end began in an earlier chunk ("{12" + "3}\r\n").
        let literal: number;
        if (lineTail.length === 0 || lineEnd + 1 - position >= TAIL_BYTES) {
          literal = literalLengthBefore(chunk, lineEnd, position);
        } else {
          const end = Buffer.concat([lineTail, chunk.subarray(position, lineEnd + 1)]);
          literal = literalLengthBefore(end, end.length - 1, 0);
        }
        if (lineTail.length > 0) lineTail = NO_BYTES;
        position = lineEnd + 1;
        // Told once a response, at its first line ending in "{123}": a FETCH's header literal.
        if (literal >= 0 && !hadLiteral && currentIsText(parts, chunk, start, position)) literal = -1;
        if (literal > MAX_LITERAL_BYTES) throw new WireError(`the server announced a literal of ${literal} bytes`);
        if (literal >= 0) {
          literalLeft = literal;
          hadLiteral = true;
          continue;
        }
        hadLiteral = false;
        const last = chunk.subarray(start, position);
        responses.push(parts.length === 0 ? last : Buffer.concat([...parts, last], partsLength + last.length));
        parts = [];
        partsLength = 0;
        start = position;
      }
      if (start < chunk.length) {
        parts.push(chunk.subarray(start));
        partsLength += chunk.length - start;
        if (partsLength > MAX_RESPONSE_BYTES) throw new WireError(`a response longer than ${MAX_RESPONSE_BYTES} bytes`);
      }
      return responses;
    },
  };
}
