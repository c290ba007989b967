// Splits a raw header block into unfolded field values. This runs for every message of a
// first sync, so it works on a latin1 view of the bytes (one char per byte, no decoding
// cost) and only keeps the fields asked for.
import { isAscii } from 'node:buffer';
import { decodeRawHeaderText, hasEightBitText } from './charset-decoding';

// The header block ends at the first empty line (RFC 5322 section 2.1). Real mail mixes
// CRLF, bare LF and bare CR line endings; the line loop below finds the real end, this
// only bounds how much of a whole message gets converted to a string.
const HEADER_END_MARKERS = ['\r\n\r\n', '\n\n', '\r\r'].map((marker) => Buffer.from(marker, 'latin1'));

// RFC 2045 section 5.1: the charset parameter, quoted or not.
const CHARSET_PARAMETER = /;\s*charset\s*=\s*(?:"([^"]*)"|([^\s;()"]+))/i;

function charsetParameter(contentType: string | undefined): string {
  const match = contentType === undefined ? null : CHARSET_PARAMETER.exec(contentType);
  return match?.[1] ?? match?.[2] ?? '';
}

/** An upper bound for the header block's byte length within `raw`. */
function headerBlockBound(raw: Buffer): number {
  for (const marker of HEADER_END_MARKERS) {
    const at = raw.indexOf(marker);
    if (at >= 0) return at + marker.length;
  }
  return raw.length;
}

/**
 * The unfolded values of the `wanted` fields (lowercase names). RFC 5322 section 3.6
 * allows one of each; of duplicates the first wins, as in mailparser (and in Dovecot's
 * MIME parser, which builds the BODYSTRUCTURE from the first Content-Type). Raw 8-bit
 * bytes in a value are decoded as UTF-8, else in the charset of Content-Type (when it is
 * wanted), else windows-1252 (charset-decoding.ts).
 */
export function readHeaderFields(raw: Buffer, wanted: ReadonlySet<string>): Map<string, string> {
  const bound = headerBlockBound(raw);
  const text = raw.toString('latin1', 0, bound);
  const lines = text.split(/\r\n|\n|\r/);
  const values = new Map<string, string>();
  // One native check for the whole block spares nearly every message a test per field.
  const ascii = isAscii(raw.subarray(0, bound));
  // Fields holding raw 8-bit bytes: decoded at the end, as Content-Type may come later.
  const eightBit: string[] = [];
  let current: string | null = null;
  let value = '';
  const finish = (): void => {
    if (current !== null) {
      const trimmed = value.trim();
      values.set(current, trimmed);
      if (!ascii && hasEightBitText(trimmed)) eightBit.push(current);
    }
    current = null;
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line === '') break; // end of the header block
    const first = line.charCodeAt(0);
    if (first === 0x20 || first === 0x09) {
      // RFC 5322 section 2.2.3: unfolding removes the line break, not the whitespace.
      if (current !== null) value += line;
      continue;
    }
    finish();
    const colon = line.indexOf(':');
    if (colon <= 0) continue; // not a field (an mbox "From " line, garbage): skip it and its folds
    // The obsolete syntax (RFC 5322 section 4.5) allows whitespace before the colon.
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!wanted.has(name) || values.has(name)) continue;
    current = name;
    value = line.slice(colon + 1);
  }
  finish();
  if (eightBit.length > 0) {
    // Mailers that write raw legacy bytes (Shift_JIS, KOI8-R, GBK) mostly write the body
    // in the same charset; Thunderbird falls back to it the same way.
    const fallbackCharset = charsetParameter(values.get('content-type'));
    for (const name of eightBit) values.set(name, decodeRawHeaderText(values.get(name) ?? '', fallbackCharset));
  }
  return values;
}

/**
 * Byte offset where the body starts: just after the first empty line, with CRLF, bare LF
 * and bare CR all ending a line (as in readHeaderFields); raw.length when there is none.
 */
export function bodyOffset(raw: Buffer): number {
  let lineStart = 0;
  for (let index = 0; index < raw.length; index++) {
    const byte = raw[index];
    if (byte !== 0x0a && byte !== 0x0d) continue;
    const next = byte === 0x0d && raw[index + 1] === 0x0a ? index + 2 : index + 1;
    if (index === lineStart) return next;
    lineStart = next;
    index = next - 1;
  }
  return raw.length;
}
