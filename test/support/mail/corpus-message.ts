/**
 * The shape of a corpus message and what a client should decode from it, shared by the
 * fixed corpus (fixed-corpus.ts) and the synthetic one (synthetic-corpus.ts).
 */

/** The mailbox owner every corpus message is addressed to. */
export const CORPUS_OWNER = 'alice@mailmind.test';

export interface CorpusAttachment {
  /** Decoded file name (RFC 2231 / RFC 2047 already undone). */
  filename: string;
  contentType: string;
  /** Decoded size in bytes. */
  size: number;
  disposition: 'attachment' | 'inline';
  /** Without angle brackets, for parts referenced as `cid:` from HTML. */
  contentId?: string;
}

export interface CorpusExpectation {
  /** Decoded Subject; '' when the header is absent. */
  subject: string;
  /** Decoded display name of the first From address; '' when there is none. */
  fromName: string;
  fromAddress: string;
  /** Addresses (no names) of To, in header order. */
  to: string[];
  /** The Date header's instant. */
  date: Date;
  /** Message-ID header, with its angle brackets. */
  messageId: string;
  inReplyTo?: string;
  /** References header ids, oldest first, with angle brackets. */
  references: string[];
  /**
   * True when at least one part has `Content-Disposition: attachment`. Inline images
   * referenced by `cid:` from HTML do not count.
   */
  hasAttachments: boolean;
  attachments: CorpusAttachment[];
  /** The text/plain body as written: LF line endings, no trailing newline. */
  text?: string;
  /** The text/html body as written: LF line endings, no trailing newline. */
  html?: string;
}

export interface CorpusMessage {
  /** IMAP mailbox path with '/' as separator, e.g. 'INBOX', 'Archive', 'Sent'. */
  mailbox: string;
  /** The message exactly as it should be stored: CRLF line endings, never empty. */
  raw: Buffer;
  /** IMAP flags and keywords, e.g. ['\\Seen', '$Forwarded']. */
  flags: string[];
  /** INTERNALDATE (arrival time), a few seconds after the Date header. */
  internalDate: Date;
  expected: CorpusExpectation;
}

export const DOMAIN = 'mailmind.test';
