// A corpus message with a text part and one attachment ("plans.bin"), for tests about bodies the
// hub fetches on demand: an attachment of PREFETCH_MAX_BYTES keeps it from being read ahead.
import type { CorpusMessage } from './corpus-message';

export function messageWithAttachment(mailbox: string, subject: string, attachment: Buffer): CorpusMessage {
  const date = new Date(Date.UTC(2026, 1, 2, 10, 0, 0));
  const messageId = `<${subject.replace(/\W/g, '-')}@mailmind.test>`;
  const raw = Buffer.from(
    [
      'From: Bob <bob@mailmind.test>',
      'To: alice@mailmind.test',
      `Subject: ${subject}`,
      `Message-ID: ${messageId}`,
      'Date: Mon, 02 Feb 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `${subject}, see the attachment.`,
      '--b1',
      'Content-Type: application/octet-stream',
      'Content-Disposition: attachment; filename="plans.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      ...(attachment.toString('base64').match(/.{1,76}/g) ?? []),
      '--b1--',
      '',
    ].join('\r\n'),
  );
  return {
    mailbox,
    raw,
    flags: ['\\Seen'],
    internalDate: date,
    expected: {
      subject,
      fromName: 'Bob',
      fromAddress: 'bob@mailmind.test',
      to: ['alice@mailmind.test'],
      date,
      messageId,
      references: [],
      hasAttachments: true,
      attachments: [{ filename: 'plans.bin', contentType: 'application/octet-stream', size: attachment.length, disposition: 'attachment' }],
    },
  };
}
