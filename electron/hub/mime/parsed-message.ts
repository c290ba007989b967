// The shapes the MIME module hands to the sync engine. Everything here is plain data
// (JSON-safe), so it can go straight into the store and over the protocol.
import type { AttachmentInfo } from '../../../shared/api';
import type { EmailAddress } from '../../../shared/model';

/** What the sync engine keeps from a message's header block (`BODY.PEEK[HEADER]`). */
export interface ParsedHeaders {
  /** Decoded Subject; '' when absent. */
  subject: string;
  /** The first mailbox of From, or null when there is none. */
  from: EmailAddress | null;
  to: EmailAddress[];
  cc: EmailAddress[];
  replyTo: EmailAddress[];
  /** The Date header as ISO 8601 (UTC), or null when absent or unparsable. */
  date: string | null;
  /** Message-ID with its angle brackets, or null. */
  messageId: string | null;
  /** The first id of In-Reply-To, with angle brackets, or null. */
  inReplyTo: string | null;
  /** References ids, oldest first, with angle brackets, without duplicates. */
  references: string[];
  /** The media type of Content-Type, lowercased and without parameters ("multipart/mixed"), or null. */
  contentType: string | null;
}

export type SnippetTextType = 'text/plain' | 'text/html';

/** Where the best text for a snippet lives, in IMAP terms (RFC 3501 section 6.4.5 part numbers). */
export interface TextPartRef {
  /** The part to fetch with `BODY.PEEK[<part>]`: "1" for a single-part message. */
  part: string;
  type: SnippetTextType;
  /** Content-Transfer-Encoding, lowercased; '7bit' when absent (RFC 2045 section 6.1). */
  encoding: string;
  /** The charset parameter, lowercased; 'us-ascii' when absent (RFC 2045 section 5.2). */
  charset: string;
}

export interface BodyStructureSummary {
  hasAttachments: boolean;
  textPart: TextPartRef | null;
}

/** One attachment of a parsed message: the API's shape (index is its position in document order). */
export type { AttachmentInfo } from '../../../shared/api';

export interface ParsedBody {
  /** The text/plain content (LF line endings), or null when the message has none. */
  text: string | null;
  /** The text/html content exactly as received (sanitizing is the renderer's job), or null. */
  html: string | null;
  attachments: AttachmentInfo[];
}

export interface ExtractedAttachment {
  info: AttachmentInfo;
  content: Buffer;
}
