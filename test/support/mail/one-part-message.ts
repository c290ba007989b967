// A corpus message with a single body part, for tests that need one particular body (HTML only,
// very large) among or instead of a synthetic corpus.
import type { CorpusMessage } from './corpus-message.js';
import { formatRfc5322Date } from './rfc5322-date.js';

export interface OnePartOptions {
  subject: string;
  contentType: 'text/plain' | 'text/html';
  /** The body, CRLF line endings, as it goes on the wire. */
  body: string;
  /** Arrival time (default 2026-02-02 10:00 UTC). */
  date?: Date;
}

export function onePartMessage({ subject, contentType, body, date = new Date(Date.UTC(2026, 1, 2, 10, 0, 0)) }: OnePartOptions): CorpusMessage {
  const messageId = `<${subject.replace(/\W/g, '-')}@example.test>`;
  const head = [
    'From: Sender <sender@example.test>',
    'To: alice@mailmind.test',
    `Subject: ${subject}`,
    `Message-ID: ${messageId}`,
    `Date: ${formatRfc5322Date(date)}`,
    'MIME-Version: 1.0',
    `Content-Type: ${contentType}; charset=utf-8`,
    '',
    '',
  ].join('\r\n');
  return {
    mailbox: 'INBOX',
    raw: Buffer.concat([Buffer.from(head), Buffer.from(body)]),
    flags: [],
    internalDate: new Date(date.getTime() + 5_000),
    expected: { subject, fromName: 'Sender', fromAddress: 'sender@example.test', to: ['alice@mailmind.test'], date, messageId, references: [], hasAttachments: false, attachments: [] },
  };
}
