// The one-line preview shown in the message list, from the first few KB of the part that
// summarizeBodyStructure picked (fetched with BODY.PEEK[<part>]<0.N>, RFC 3501 section
// 6.4.5 partial fetch, so the bytes may stop anywhere).
import { decodeCharset } from './charset-decoding';
import { textPartCharset } from './html-meta-charset';
import { htmlToText } from './html-text';
import type { SnippetTextType } from './parsed-message';
import { decodeTransferPrefix } from './transfer-decoding';

// More than any snippet needs; bounds the work if a caller passes a whole part. HTML gets
// more room because newsletters put tens of KB of CSS before the first visible word.
const MAX_INPUT_BYTES = { 'text/plain': 64 * 1024, 'text/html': 512 * 1024 } as const;

// Zero-width and formatting characters: newsletters pad their preheader with them
// ("&zwnj;&nbsp;" runs) so that the mail client's preview shows nothing else.
// Combining ones (U+034F, U+17B4/5) sit outside the class so none can attach to a neighbour.
const INVISIBLE_CHARACTERS = /[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u3164\ufeff\uffa0]|\u034f|\u17b4|\u17b5/g;
const VISIBLE_CHARACTER = /\S/;
// Runs of whitespace and single non-space whitespace: a lone space needs no replacement,
// and skipping those makes this ~3x faster than /\s+/ on ordinary prose.
const WHITESPACE_TO_COLLAPSE = /\s\s+|[^\S ]/g;
const QUOTED_LINE = /^\s*>/;
// The line introducing a quote ("On Mon, 8 Jan 2024, Bob wrote:").
const ATTRIBUTION_LINE = /:\s*$/;
// Outlook quotes without ">" and puts this separator before the original message.
const ORIGINAL_MESSAGE_SEPARATOR = /^\s*-{2,}\s*original message\s*-{2,}\s*$/i;

function nextContentLineIsQuoted(lines: string[], from: number): boolean {
  for (let index = from + 1; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.trim() !== '') return QUOTED_LINE.test(line);
  }
  return false;
}

/**
 * `text` without quoted reply lines and their attribution line; '' when nothing else is
 * left. Stops once `enough` characters are kept: the snippet never needs more.
 */
function withoutQuotedReply(text: string, enough: number): string {
  const lines = text.split(/\r\n|\n|\r/);
  const kept: string[] = [];
  let keptLength = 0;
  for (let index = 0; index < lines.length && keptLength < enough; index++) {
    const line = lines[index] ?? '';
    if (ORIGINAL_MESSAGE_SEPARATOR.test(line)) break;
    if (QUOTED_LINE.test(line)) continue;
    if (ATTRIBUTION_LINE.test(line) && nextContentLineIsQuoted(lines, index)) continue;
    kept.push(line);
    keptLength += line.length;
  }
  const result = kept.join('\n');
  return VISIBLE_CHARACTER.test(result.replace(INVISIBLE_CHARACTERS, '')) ? result : '';
}

/**
 * Whitespace runs to one space, invisible characters removed, trimmed; only as much of
 * `text` as a snippet of `maxLength` can use is processed, chunk by chunk.
 */
function collapse(text: string, maxLength: number): string {
  const chunkLength = Math.max(1024, maxLength * 4);
  let collapsed = '';
  for (let start = 0; start < text.length && collapsed.length <= maxLength + 1; start += chunkLength) {
    collapsed += text.slice(start, start + chunkLength).replace(INVISIBLE_CHARACTERS, '').replace(WHITESPACE_TO_COLLAPSE, ' ');
  }
  // A whitespace run across a chunk boundary leaves two spaces; collapse once more.
  return collapsed.replace(WHITESPACE_TO_COLLAPSE, ' ').trim();
}

/** At most `maxLength` UTF-16 units, never splitting a surrogate pair. */
function cut(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let end = maxLength;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end).trimEnd();
}

/**
 * A short plain-text preview of a text part prefix: transfer encoding and charset undone
 * (a cut quad, escape or character at the end is dropped), HTML reduced to its visible
 * text, quoted reply lines skipped when anything else is left, whitespace collapsed.
 * Never throws.
 */
export function decodeSnippet(bytes: Buffer, encoding: string, charset: string, type: SnippetTextType, maxLength = 200): string {
  if (!Buffer.isBuffer(bytes) || bytes.length === 0 || !(maxLength > 0)) return '';
  const isHtml = type === 'text/html';
  const limit = MAX_INPUT_BYTES[isHtml ? 'text/html' : 'text/plain'];
  const decoded = decodeTransferPrefix(bytes.subarray(0, limit), String(encoding ?? ''));
  const text = decodeCharset(decoded, textPartCharset(decoded, String(charset ?? ''), isHtml), { truncated: true });
  const length = Math.floor(maxLength);
  const enough = length * 4;
  let preview: string;
  if (isHtml) {
    preview = withoutQuotedReply(htmlToText(text, { markQuotes: true }), enough) || htmlToText(text);
  } else {
    preview = withoutQuotedReply(text, enough) || text;
  }
  return cut(collapse(preview, length), length);
}
