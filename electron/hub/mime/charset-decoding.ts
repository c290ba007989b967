// Bytes to text for mail we do not control. Declared charsets are often missing, unknown
// or wrong, so every path ends in a decoding that keeps the text readable: valid UTF-8 is
// taken as UTF-8, anything else as windows-1252, which maps every byte to a character
// (WHATWG Encoding treats "iso-8859-1" and "us-ascii" labels as windows-1252 for the same
// reason), so nothing ever decodes to an empty string.
import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { decode as libmimeDecode, normalizeCharset } from 'libmime/lib/charset';

// libmime decodes these with encoding-japanese, as iconv-lite has no ISO-2022-JP.
const JAPANESE_CHARSET = /^jis|^iso-?2022-?jp|^eucjp/i;
// Codecs iconv-lite knows that are not text encodings a message may use: UTF-7 can smuggle
// markup past filters (`+ADw-script+AD4-`), base64 and hex are transfer encodings.
const REFUSED_CHARSET = /^(?:unicode-1-1-)?utf-?7(?:-imap)?$|^base64$|^hex$/i;
// Labels that promise 7-bit text: any 8-bit byte proves the label wrong, so the bytes are
// guessed instead of trusted (RFC 2045 section 5.2 makes us-ascii the default charset).
const SEVEN_BIT_LABEL = /^(?:us-?)?ascii$|^ansi_x3\.4-1968$|^iso646-us$|^7bit$/i;
// Encodings in which ASCII bytes do not stand for ASCII text.
const NOT_ASCII_COMPATIBLE = /^(?:utf-?(?:16|32)|ucs-?[24]|iso-?2022|hz|utf-?7|unicode)/i;

const EIGHT_BIT_BYTE = /[\x80-\xff]/;

function hasEightBitBytes(bytes: Buffer): boolean {
  return !isAscii(bytes);
}

function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Bytes of unknown encoding: UTF-8 when they are valid UTF-8 (RFC 6532 allows raw UTF-8 in
 * headers), else windows-1252.
 */
export function decodeGuessingCharset(bytes: Buffer): string {
  if (!hasEightBitBytes(bytes)) return bytes.toString('latin1');
  if (isUtf8(bytes)) return stripByteOrderMark(bytes.toString('utf8'));
  return iconv.decode(bytes, 'windows-1252');
}

/** True when a latin1 string (one char per byte) holds 8-bit bytes. */
export function hasEightBitText(latin1: string): boolean {
  return EIGHT_BIT_BYTE.test(latin1);
}

/**
 * A header value held as a latin1 string (one char per byte): UTF-8 when its bytes are
 * valid UTF-8, else `fallbackCharset` (the message's declared charset, as Thunderbird
 * does for raw 8-bit headers), else windows-1252.
 */
export function decodeRawHeaderText(latin1: string, fallbackCharset = ''): string {
  if (!EIGHT_BIT_BYTE.test(latin1)) return latin1;
  const bytes = Buffer.from(latin1, 'latin1');
  if (!fallbackCharset || isUtf8(bytes)) return decodeGuessingCharset(bytes);
  return decodeWithHeaderCharset(bytes, fallbackCharset) ?? decodeGuessingCharset(bytes);
}

/**
 * `bytes` in the declared `charset`, or null when that charset cannot hold raw header
 * bytes (unknown, 7-bit, UTF-8, not ASCII-compatible) or does not fit them (a byte
 * sequence it has no character for).
 */
function decodeWithHeaderCharset(bytes: Buffer, charset: string): string | null {
  const declared = charset.trim().toLowerCase();
  if (SEVEN_BIT_LABEL.test(declared) || !isKnownCharset(declared)) return null;
  const normalized = normalizeCharset(declared);
  if (normalized === 'UTF-8' || NOT_ASCII_COMPATIBLE.test(normalized)) return null;
  let text: string;
  try {
    text = libmimeDecode(bytes, normalized);
  } catch {
    return null;
  }
  return text.includes('\uFFFD') ? null : text;
}

/** True when `charset` says nothing about the text: missing, or the us-ascii default (RFC 2045 section 5.2). */
export function isDefaultCharsetLabel(charset: string): boolean {
  const label = charset.trim();
  return label === '' || SEVEN_BIT_LABEL.test(label);
}

/** True when `charset` names an encoding we can decode (after libmime's alias resolution). */
export function isKnownCharset(charset: string): boolean {
  const name = charset.trim();
  if (name === '' || REFUSED_CHARSET.test(name)) return false;
  const normalized = normalizeCharset(name);
  if (REFUSED_CHARSET.test(normalized)) return false;
  return JAPANESE_CHARSET.test(normalized) || iconv.encodingExists(normalized);
}

/**
 * The number of bytes at the end of `bytes` that start a UTF-8 sequence the buffer cuts
 * off (0 when the buffer ends on a character boundary).
 */
function incompleteUtf8Tail(bytes: Buffer): number {
  const end = bytes.length;
  // A UTF-8 sequence is at most 4 bytes: look back at most 3 continuation bytes.
  for (let back = 1; back <= Math.min(4, end); back++) {
    const byte = bytes[end - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? back : 0;
  }
  return 0;
}

/**
 * A prefix to be guessed, without a UTF-8 sequence its cut split: guessing may answer
 * UTF-8, and the broken tail alone would turn valid UTF-8 into windows-1252 mojibake. The
 * tail goes only when the bytes look like UTF-8 (labelled so, a lead byte already followed
 * by continuation bytes, or 8-bit UTF-8 before it): in latin1 text "Ren\xe9" the last
 * byte only looks like the start of a UTF-8 sequence.
 */
function withoutCutUtf8Tail(bytes: Buffer, labelledUtf8: boolean): Buffer {
  const tail = incompleteUtf8Tail(bytes);
  if (tail === 0) return bytes;
  const rest = bytes.subarray(0, bytes.length - tail);
  return isUtf8(rest) && (labelledUtf8 || tail > 1 || hasEightBitBytes(rest)) ? rest : bytes;
}

/** True when a prefix cut at an arbitrary byte holds 8-bit bytes that read as UTF-8 (a split last character allowed). */
export function looksLikeUtf8Prefix(bytes: Buffer): boolean {
  return hasEightBitBytes(bytes) && isUtf8(bytes.subarray(0, bytes.length - incompleteUtf8Tail(bytes)));
}

export interface CharsetDecodeOptions {
  /** The bytes are a prefix cut at an arbitrary byte: drop a character the cut split. */
  truncated?: boolean;
}

/**
 * Decodes body bytes declared as `charset`. Unknown or refused charsets, 8-bit bytes under
 * a 7-bit label and invalid UTF-8 under a UTF-8 label are guessed (UTF-8, else
 * windows-1252); everything else goes through libmime, which resolves aliases and decodes
 * the Japanese charsets iconv-lite lacks.
 */
export function decodeCharset(bytes: Buffer, charset: string, options: CharsetDecodeOptions = {}): string {
  const declared = charset.trim().toLowerCase();
  const normalized = normalizeCharset(declared || 'us-ascii');
  if (!hasEightBitBytes(bytes) && !NOT_ASCII_COMPATIBLE.test(normalized)) return bytes.toString('latin1');

  const guessed = normalized === 'UTF-8' || SEVEN_BIT_LABEL.test(declared) || !isKnownCharset(declared);
  const input = options.truncated && guessed ? withoutCutUtf8Tail(bytes, normalized === 'UTF-8') : bytes;
  if (guessed) return decodeGuessingCharset(input);
  let text: string;
  try {
    text = stripByteOrderMark(libmimeDecode(input, normalized));
  } catch {
    // libmime already falls back to UTF-8 internally; a throw here would be an iconv-lite bug.
    text = decodeGuessingCharset(input);
  }
  // A multibyte character cut by the prefix decodes as U+FFFD at the very end.
  return options.truncated ? text.replace(/\uFFFD+$/, '') : text;
}
