// RFC 2047 encoded words (`=?charset?B|Q?payload?=`) in unstructured header text and in
// display names.
//
// Why not libmime.decodeWords alone: it decodes an unknown charset as UTF-8 with U+FFFD
// replacements (`=?x-unknown?Q?caf=E9?=` becomes "caf\uFFFD") and turns an invalid base64
// payload into garbage. Here the Q/B payload is undone to bytes (a few lines, RFC 2047
// section 4), then decoded with the shared charset fallback (charset-decoding.ts), which
// uses libmime for every charset it knows.
import iconv from 'iconv-lite';
import { decodeCharset } from './charset-decoding';

// charset may carry an RFC 2231 section 5 language suffix ("utf-8*en"). The payload may not
// contain '?' (RFC 2047 section 2); spaces inside it are invalid but common, so allowed.
const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?]*)\?=/g;
const BASE64_PAYLOAD = /^[A-Za-z0-9+/]*={0,2}$/;
const WHITESPACE_ONLY = /^[ \t\r\n]*$/;

interface EncodedWord {
  /** Lowercased, language suffix removed. */
  charset: string;
  encoding: 'B' | 'Q';
  payload: string;
  start: number;
  end: number;
}

/** RFC 2047 section 4.2: "_" is a space, "=XX" a byte; anything else stands for itself. */
function qPayloadBytes(payload: string, charset: string): Buffer {
  const bytes: number[] = [];
  for (let index = 0; index < payload.length; index++) {
    const code = payload.charCodeAt(index);
    if (code === 0x5f /* _ */) {
      bytes.push(0x20);
    } else if (code === 0x3d /* = */ && /^[0-9A-Fa-f]{2}$/.test(payload.slice(index + 1, index + 3))) {
      bytes.push(parseInt(payload.slice(index + 1, index + 3), 16));
      index += 2;
    } else if (code < 0x80) {
      bytes.push(code);
    } else {
      // Raw 8-bit text inside a Q word (invalid) was already decoded with the header
      // (header-fields.ts): back to bytes in the word's charset, to be decoded with its other
      // bytes ("=?iso-8859-1?Q?caf<0xE9>?=" read "cafÃ©" when re-encoded as UTF-8).
      bytes.push(...rawCharBytes(payload.charAt(index), charset));
    }
  }
  return Buffer.from(bytes);
}

/** A character as bytes of `charset` when that charset has it (it decodes back the same), else as UTF-8. */
function rawCharBytes(char: string, charset: string): Buffer {
  if (charset !== 'utf-8' && charset !== 'utf8' && iconv.encodingExists(charset)) {
    const bytes = iconv.encode(char, charset);
    if (iconv.decode(bytes, charset) === char) return bytes;
  }
  return Buffer.from(char, 'utf8');
}

function findEncodedWords(value: string): EncodedWord[] {
  const words: EncodedWord[] = [];
  for (const match of value.matchAll(ENCODED_WORD)) {
    const [whole, rawCharset = '', encoding = 'Q', payload = ''] = match;
    const upper = encoding.toUpperCase() === 'B' ? 'B' : 'Q';
    // A B word whose payload is not base64 is left as written: readable, not garbage.
    if (upper === 'B' && !BASE64_PAYLOAD.test(payload.replace(/\s+/g, ''))) continue;
    const star = rawCharset.indexOf('*');
    const charset = (star >= 0 ? rawCharset.slice(0, star) : rawCharset).toLowerCase();
    words.push({ charset, encoding: upper, payload, start: match.index, end: match.index + whole.length });
  }
  return words;
}

/**
 * Decodes a run of adjacent words with the same charset as one byte string: mailers split
 * multibyte characters (and sometimes base64 quads) across words, although RFC 2047
 * section 5 forbids it.
 */
function decodeRun(run: EncodedWord[]): string {
  const first = run[0];
  if (!first) return '';
  const chunks: Buffer[] = [];
  // Pieces, not one growing string: testing the end of a string built by += flattens it,
  // which made a subject of 64,000 words take half a minute (quadratic).
  let base64: string[] = [];
  const flushBase64 = (): void => {
    if (base64.length > 0) chunks.push(Buffer.from(base64.join(''), 'base64'));
    base64 = [];
  };
  for (const word of run) {
    if (word.encoding === 'B') {
      // Concatenated text, flushed at padding: a quad split across two words still decodes.
      const piece = word.payload.replace(/\s+/g, '');
      base64.push(piece);
      if (piece.endsWith('=')) flushBase64();
    } else {
      flushBase64();
      chunks.push(qPayloadBytes(word.payload, word.charset));
    }
  }
  flushBase64();
  return decodeCharset(Buffer.concat(chunks), first.charset);
}

/**
 * Decodes every encoded word in `value`. Whitespace between adjacent encoded words is
 * dropped (RFC 2047 section 6.2); malformed words stay as written; never throws.
 */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  const words = findEncodedWords(value);
  if (words.length === 0) return value;
  let output = '';
  let cursor = 0;
  let run: EncodedWord[] = [];
  const flushRun = (): void => {
    output += decodeRun(run);
    run = [];
  };
  for (const word of words) {
    const gap = value.slice(cursor, word.start);
    const previous = run[run.length - 1];
    if (previous && WHITESPACE_ONLY.test(gap)) {
      // Adjacent: the gap disappears; same charset continues the byte run.
      if (previous.charset !== word.charset) flushRun();
    } else {
      if (run.length > 0) flushRun();
      output += gap;
    }
    run.push(word);
    cursor = word.end;
  }
  flushRun();
  return output + value.slice(cursor);
}
