// The header fields the sync engine stores for every message, from the bytes IMAP returns
// for BODY.PEEK[HEADER] or BODY.PEEK[HEADER.FIELDS (...)] (RFC 3501 section 6.4.5).
import { parseAddressList } from './address-list';
import { cleanDisplayText } from './display-text';
import { decodeEncodedWords } from './encoded-words';
import { parseHeaderDate } from './header-date';
import { readHeaderFields } from './header-fields';
import { parseMessageId, parseMessageIdList } from './message-id-list';
import type { ParsedHeaders } from './parsed-message';

/** The fields parseHeaderBlock reads: what to ask for in BODY.PEEK[HEADER.FIELDS (...)]. */
export const SUMMARY_HEADER_FIELDS = [
  'subject',
  'from',
  'to',
  'cc',
  'reply-to',
  'date',
  'message-id',
  'in-reply-to',
  'references',
  'content-type',
] as const;

const WANTED = new Set<string>(SUMMARY_HEADER_FIELDS);

// RFC 2045 section 5.1: type "/" subtype, both tokens.
const MEDIA_TYPE = /^[!#$%&'*+\-.^_`|~0-9a-z]+\/[!#$%&'*+\-.^_`|~0-9a-z]+$/;

function mediaType(value: string | undefined): string | null {
  if (!value) return null;
  const type = (value.split(';')[0] ?? '').replace(/\([^()]*\)/g, '').trim().toLowerCase();
  return MEDIA_TYPE.test(type) ? type : null;
}

/** Decoded summary headers of one message. Pure and total: bad input gives fallbacks, never a throw. */
export function parseHeaderBlock(raw: Buffer): ParsedHeaders {
  const fields = Buffer.isBuffer(raw) ? readHeaderFields(raw, WANTED) : new Map<string, string>();
  return {
    subject: cleanDisplayText(decodeEncodedWords(fields.get('subject') ?? '')),
    from: parseAddressList(fields.get('from'))[0] ?? null,
    to: parseAddressList(fields.get('to')),
    cc: parseAddressList(fields.get('cc')),
    replyTo: parseAddressList(fields.get('reply-to')),
    date: parseHeaderDate(fields.get('date')),
    messageId: parseMessageId(fields.get('message-id')),
    inReplyTo: parseMessageId(fields.get('in-reply-to')),
    references: parseMessageIdList(fields.get('references')),
    contentType: mediaType(fields.get('content-type')),
  };
}
