// Attachments whose part names no file: a meeting invitation (text/calendar, as Outlook and
// Google Calendar send it beside the text), a forwarded message (message/rfc822), a PDF. They
// showed as "Unnamed attachment (109 B)" and downloaded as "attachment-N", with no extension for
// the system to open them by. They are named from their type now, as Thunderbird names them, in
// the list and in the download's Content-Disposition. A real hub and a real Dovecot.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MessageDetailResponse } from '../../../shared/api';
import type { MessageSummary } from '../../../shared/model';
import type { CorpusMessage } from '../../support/corpus';
import { callApi } from '../../support/hub-api';
import { mailboxesOf, messagesOf } from '../../support/hub-actions';
import { startSyncedAccount, type SyncedAccount } from '../../support/synced-account';

const INVITE = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'METHOD:REQUEST', 'BEGIN:VEVENT', 'UID:standup@example.test', 'SUMMARY:Stand-up', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
const FORWARDED = ['From: Carol <carol@example.test>', 'Subject: The original', '', 'The forwarded words.'].join('\r\n');

function invitation(): CorpusMessage {
  const date = new Date(Date.UTC(2026, 1, 2, 10, 0, 0));
  const messageId = '<invitation@example.test>';
  const raw = Buffer.from(
    [
      'From: Bob <bob@example.test>',
      'To: alice@mailmind.test',
      'Subject: Stand-up tomorrow',
      `Message-ID: ${messageId}`,
      'Date: Mon, 02 Feb 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'You are invited; the original request is attached.',
      '--b1',
      'Content-Type: text/calendar; charset=utf-8; method=REQUEST',
      '',
      INVITE,
      '--b1',
      'Content-Type: message/rfc822',
      'Content-Disposition: attachment',
      '',
      FORWARDED,
      '--b1',
      'Content-Type: application/pdf',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4 agenda').toString('base64'),
      '--b1--',
      '',
    ].join('\r\n'),
  );
  return {
    mailbox: 'INBOX',
    raw,
    flags: [],
    internalDate: date,
    expected: { subject: 'Stand-up tomorrow', fromName: 'Bob', fromAddress: 'bob@example.test', to: ['alice@mailmind.test'], date, messageId, references: [], hasAttachments: true, attachments: [] },
  };
}

let s: SyncedAccount;
let message: MessageSummary;

beforeAll(async () => {
  s = await startSyncedAccount({ dovecot: { corpus: [invitation()] }, hub: { sync: { pollMs: 600_000 } } });
  const inbox = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Inbox')!;
  message = (await messagesOf(s.t, inbox.id))[0]!;
}, 60_000);

afterAll(async () => {
  await s?.stop();
});

/** The download of attachment `index`: the name it is saved under, and its bytes. */
async function download(index: number): Promise<{ disposition: string | null; content: string }> {
  const res = await fetch(`${s.t.hub.origin}/api/messages/${message.id}/attachments/${index}`, { headers: { Authorization: `Bearer ${s.t.token}` } });
  return { disposition: res.headers.get('content-disposition'), content: await res.text() };
}

it('lists an invitation, a forwarded message and a PDF without names by names from their types', async () => {
  const detail = (await callApi<MessageDetailResponse>(s.t, `/api/messages/${message.id}`)).body;
  expect(detail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
    ['invite.ics', 'text/calendar'],
    ['message.eml', 'message/rfc822'],
    ['attachment.pdf', 'application/pdf'],
  ]);
});

it('downloads them under those names', async () => {
  const invite = await download(0);
  expect(invite.disposition).toBe(`attachment; filename="invite.ics"; filename*=UTF-8''invite.ics`);
  expect(invite.content).toContain('SUMMARY:Stand-up');
  const forwarded = await download(1);
  expect(forwarded.disposition).toBe(`attachment; filename="message.eml"; filename*=UTF-8''message.eml`);
  expect(forwarded.content).toContain('The forwarded words.');
  expect((await download(2)).disposition).toBe(`attachment; filename="attachment.pdf"; filename*=UTF-8''attachment.pdf`);
});
