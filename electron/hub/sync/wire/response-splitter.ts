// Cuts the bytes an IMAP server sends into whole responses (RFC 3501 section
// 7): a line ending in CRLF, except that a line ending in a literal's length
// ("{123}" or literal8's "~{123}") continues after that many raw bytes.
// Chunks arrive as the socket delivers them; a response may span many.

const LF = 0x0a;
const CR = 0x0d;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACE = 0x7b;

/** The longest run of digits accepted as a literal length (a 20 MB attachment has 8). */
const MAX_LENGTH_DIGITS = 12;

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

export interface ResponseSplitter {
  /** Adds received bytes; returns every response completed by them, in order. */
  push(chunk: Buffer): Buffer[];
}

export function createResponseSplitter(): ResponseSplitter {
  // Received bytes not yet cut into responses; joined only when there may be a whole one,
  // so a long literal arriving in many chunks is copied once, not once per chunk.
  let chunks: Buffer[] = [];
  let buffered = 0;
  // Bytes needed before another response can be complete (the end of a literal being received).
  let needed = 0;
  // Where to look for the next line end: after the literals already seen in the current response.
  let scanFrom = 0;
  return {
    push(chunk) {
      chunks.push(chunk);
      buffered += chunk.length;
      if (buffered < needed) return [];
      const pending = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, buffered);
      const responses: Buffer[] = [];
      let start = 0;
      let lineStart = scanFrom;
      needed = 0;
      for (;;) {
        const lineEnd = pending.indexOf(LF, lineStart);
        if (lineEnd < 0) break;
        const literal = literalLengthBefore(pending, lineEnd, lineStart);
        if (literal >= 0) {
          // The literal's raw bytes follow the line end; the response goes on after them.
          lineStart = lineEnd + 1 + literal;
          if (lineStart > pending.length) {
            needed = lineStart - start;
            break;
          }
          continue;
        }
        responses.push(pending.subarray(start, lineEnd + 1));
        start = lineEnd + 1;
        lineStart = start;
      }
      const rest = pending.subarray(start);
      chunks = rest.length > 0 ? [rest] : [];
      buffered = rest.length;
      scanFrom = lineStart - start;
      return responses;
    },
  };
}
