// A body labelled charset=utf-8 but written in Latin-1 (an old mailer's template, a gateway that
// relabels): the list showed its snippet as "Grüße aus Köln, café" (the snippet checks the bytes),
// the reader the same message as "Gr\uFFFD\uFFFDe aus K\uFFFDln, caf\uFFFD". Both come from the same
// fallback now; a body that is valid UTF-8 stays exactly as it was. A real hub and a real Dovecot.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MessageDetailResponse } from '../../../shared/api';
import type { MessageSummary } from '../../../shared/model';
import type { CorpusMessage } from '../../support/corpus';
import { callApi } from '../../support/hub-api';
import { mailboxesOf, messagesOf } from '../../support/hub-actions';
import { formatRfc5322Date } from '../../support/mail/rfc5322-date';
import { startSyncedAccount, type SyncedAccount } from '../../support/synced-account';

const LATIN1_WORDS = 'Grüße aus Köln, café';

/** A one-part message whose body bytes are `body`, under `contentType` as written. */
function message(subject: string, contentType: string, body: Buffer, minute: number): CorpusMessage {
  const date = new Date(Date.UTC(2026, 1, 2, 10, minute, 0));
  const messageId = `<${subject.replace(/\W/g, '-')}@example.test>`;
  const head = ['From: Sender <sender@example.test>', 'To: alice@mailmind.test', `Subject: ${subject}`, `Message-ID: ${messageId}`, `Date: ${formatRfc5322Date(date)}`, 'MIME-Version: 1.0', `Content-Type: ${contentType}`, 'Content-Transfer-Encoding: 8bit', '', ''].join('\r\n');
  return {
    mailbox: 'INBOX',
    raw: Buffer.concat([Buffer.from(head), body]),
    flags: [],
    internalDate: date,
    expected: { subject, fromName: 'Sender', fromAddress: 'sender@example.test', to: ['alice@mailmind.test'], date, messageId, references: [], hasAttachments: false, attachments: [] },
  };
}

let s: SyncedAccount;
let messages: MessageSummary[];

const withSubject = (subject: string): MessageSummary => messages.find((m) => m.subject === subject)!;
const opened = async (subject: string): Promise<MessageDetailResponse> => (await callApi<MessageDetailResponse>(s.t, `/api/messages/${withSubject(subject).id}`)).body;

beforeAll(async () => {
  const corpus = [
    message('Latin-1 text', 'text/plain; charset=utf-8', Buffer.from(`${LATIN1_WORDS}\r\n`, 'latin1'), 1),
    message('Latin-1 HTML', 'text/html; charset="UTF-8"', Buffer.from(`<p>${LATIN1_WORDS}</p>\r\n`, 'latin1'), 2),
    message('UTF-8 text', 'text/plain; charset=utf-8', Buffer.from(`${LATIN1_WORDS} \u{1F600}\r\n`, 'utf8'), 3),
  ];
  s = await startSyncedAccount({ dovecot: { corpus }, hub: { sync: { pollMs: 600_000 } } });
  const inbox = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Inbox')!;
  messages = await messagesOf(s.t, inbox.id);
}, 60_000);

afterAll(async () => {
  await s?.stop();
});

it('shows a Latin-1 body labelled UTF-8 in the reader as the list shows it', async () => {
  expect(withSubject('Latin-1 text').snippet).toBe(LATIN1_WORDS);
  expect((await opened('Latin-1 text')).text).toBe(`${LATIN1_WORDS}\n`);
});

it('does the same for HTML', async () => {
  expect(withSubject('Latin-1 HTML').snippet).toBe(LATIN1_WORDS);
  expect((await opened('Latin-1 HTML')).html).toBe(`<p>${LATIN1_WORDS}</p>\n`);
});

it('leaves a body that is valid UTF-8 as it was', async () => {
  expect(withSubject('UTF-8 text').snippet).toBe(`${LATIN1_WORDS} \u{1F600}`);
  expect((await opened('UTF-8 text')).text).toBe(`${LATIN1_WORDS} \u{1F600}\n`);
});
