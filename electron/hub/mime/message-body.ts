// Full message bodies (fetched on demand): text, HTML and the attachment list, through
// mailparser's streaming MailParser.
//
// Not simpleParser: its result holds every attachment's decoded bytes (and, unless told
// otherwise, it rewrites cid: links into data: URLs), while a body view needs only names
// and sizes. Here each attachment is counted and its bytes dropped; extractAttachment
// keeps only the one asked for. Peak memory while parsing is mailparser's own either way
// (a 20 MB base64 attachment: under a second, roughly 50-120 MB above the raw message).
import type { AttachmentStream, MessageText } from 'mailparser';
import { safeFilename } from './attachment-filename';
import { nameForType } from './attachment-type-name';
import { BodyCharsetStream } from './body-charset-stream';
import { CheckedMailParser } from './checked-mail-parser';
import { decodeGuessingCharset } from './charset-decoding';
import { bodyOffset } from './header-fields';
import { htmlToText } from './html-text';
import type { AttachmentInfo, ExtractedAttachment, ParsedBody } from './parsed-message';

const PARSER_OPTIONS = {
  skipHtmlToText: true, // `text` is the text/plain part only; HTML stays HTML
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  checksumAlgo: false, // nobody reads the checksum; md5 of 20 MB costs ~30 ms here
  Iconv: BodyCharsetStream, // unknown body charsets, and UTF-8 labels on bytes that are not: the same fallback as snippets
  // mailparser gives up (an 'error', no text at all) past 1,000 MIME nodes, which Dovecot
  // serves without complaint. 5,000 one-line attachments parse in ~0.6 s here: raised, not dropped.
  maxChildNodes: 5_000,
} as const;

interface WalkResult {
  text: string | null;
  html: string | null;
  attachments: AttachmentInfo[];
  /** The content of the attachment at `keepIndex`, when it was read to its end. */
  kept: Buffer | null;
  /** Every attachment's content, in order, when the walk was asked to keep them all. */
  all: Buffer[];
  /** The parser gave up before the end (past maxChildNodes, say): text and HTML never came. */
  failed: boolean;
}

function attachmentInfo(attachment: AttachmentStream, index: number): AttachmentInfo {
  const cid = attachment.cid?.trim();
  // mailparser reports no disposition for a part that had none; such a part (a named PDF
  // with only a Content-Type) is shown as an attachment. Inline images keep 'inline'.
  const disposition = attachment.contentDisposition === 'inline' ? 'inline' : 'attachment';
  const contentType = attachment.contentType || 'application/octet-stream';
  return {
    index,
    // The list and the download (Content-Disposition) both use this name.
    filename: safeFilename(attachment.filename) ?? nameForType(contentType),
    contentType,
    size: 0,
    contentId: cid || null,
    disposition,
  };
}

/**
 * Runs MailParser over `raw`. Resolves, never rejects: a parser error ends the walk with
 * what was read so far (text and HTML come at the end, so they are null then).
 */
function walkMessage(raw: Buffer, keepIndex: number | 'all' | null): Promise<WalkResult> {
  return new Promise((resolve) => {
    const result: WalkResult = { text: null, html: null, attachments: [], kept: null, all: [], failed: false };
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const parser = new CheckedMailParser(PARSER_OPTIONS);
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'text') {
        result.text = typeof data.text === 'string' && data.text !== '' ? data.text : null;
        result.html = typeof data.html === 'string' && data.html !== '' ? data.html : null;
        return;
      }
      const info = attachmentInfo(data, result.attachments.length);
      result.attachments.push(info);
      const chunks: Buffer[] | null = info.index === keepIndex || keepIndex === 'all' ? [] : null;
      const release = (): void => data.release?.();
      data.content.on('data', (chunk: Buffer) => {
        info.size += chunk.length;
        chunks?.push(chunk);
      });
      data.content.once('end', () => {
        if (chunks) result.kept = Buffer.concat(chunks, info.size);
        if (keepIndex === 'all' && result.kept) result.all[info.index] = result.kept;
        release();
      });
      // A decoding failure inside one attachment must not stall the parser, which waits
      // for release() before it reads on.
      data.content.once('error', release);
    });
    parser.on('error', () => {
      result.failed = true;
      finish();
    });
    parser.on('end', finish);
    parser.end(raw);
  });
}

/**
 * When MIME parsing yields nothing at all (a multipart whose boundary never occurs, line
 * endings mailparser cannot split), the body bytes themselves, so that no content is lost:
 * what a user would otherwise only see with "show original".
 */
function rawBodyText(raw: Buffer): string | null {
  const body = raw.subarray(bodyOffset(raw));
  if (!/[^\s]/.test(body.toString('latin1'))) return null;
  return decodeGuessingCharset(body).replace(/\r\n?/g, '\n');
}

/** Text, HTML (as received) and attachment list of a full RFC 5322 message. Never rejects. */
export async function parseMessageBody(raw: Buffer): Promise<ParsedBody> {
  if (!Buffer.isBuffer(raw) || raw.length === 0) return { text: null, html: null, attachments: [] };
  const { text, html, attachments, failed } = await walkMessage(raw, null);
  // Nothing readable: the body bytes themselves, also when the parser gave up after listing
  // some attachments (more MIME parts than it takes), which left the message blank.
  if (text === null && html === null && (attachments.length === 0 || failed)) return { text: rawBodyText(raw), html, attachments };
  return { text, html, attachments };
}

/** Every attachment (as listed by parseMessageBody) with its decoded content; one read to its end only. Never rejects. */
export async function extractAllAttachments(raw: Buffer): Promise<Array<ExtractedAttachment | null>> {
  if (!Buffer.isBuffer(raw) || raw.length === 0) return [];
  const { attachments, all } = await walkMessage(raw, 'all');
  return attachments.map((info) => (all[info.index] ? { info, content: all[info.index]! } : null));
}

/** The attachment at `index` (as listed by parseMessageBody) with its decoded content, or null. Never rejects. */
export async function extractAttachment(raw: Buffer, index: number): Promise<ExtractedAttachment | null> {
  if (!Buffer.isBuffer(raw) || raw.length === 0 || !Number.isInteger(index) || index < 0) return null;
  const { attachments, kept } = await walkMessage(raw, index);
  const info = attachments[index];
  return info && kept ? { info, content: kept } : null;
}

/**
 * The most body text indexed for search, in characters. FTS5 indexing of a 100 MB text kept
 * the hub from answering for seconds (and grew the index by as much); a search is for words a
 * reader saw, and the first megabyte of text is more than anyone reads of one message.
 */
export const MAX_INDEXED_TEXT = 1024 * 1024;
/** The most HTML read for its text: markup takes several times the room of the words it shows. */
const MAX_INDEXED_HTML = 4 * MAX_INDEXED_TEXT;

/** `text` cut to at most `max` characters, never between the two halves of a surrogate pair. */
function prefix(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

/**
 * The words of a parsed body for the search index: its text part, else the text of its HTML
 * (an HTML-only message has no text part: `text` is null, parseMessageBody leaves HTML as HTML).
 */
export function bodySearchText(body: Pick<ParsedBody, 'text' | 'html'>): string {
  if (body.text) return prefix(body.text, MAX_INDEXED_TEXT);
  if (!body.html) return '';
  return prefix(htmlToText(prefix(body.html, MAX_INDEXED_HTML)), MAX_INDEXED_TEXT);
}
