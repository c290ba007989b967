// A meeting invitation whose calendar part names no file, in Chromium against the built hub and a
// private Dovecot: it showed as "Unnamed attachment (…)" and was saved as "attachment-1", with no
// extension for the system to open it by. It is listed and saved as "invite.ics" now.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CorpusMessage } from '../support/mail/corpus-message';
import { startMailUi, type MailUi } from '../support/mail-ui';

const SUBJECT = 'Stand-up tomorrow';
const INVITE = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'METHOD:REQUEST', 'BEGIN:VEVENT', 'UID:standup@example.test', 'SUMMARY:Stand-up', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');

function invitation(): CorpusMessage {
  const date = new Date(Date.UTC(2026, 0, 1, 9, 0));
  const messageId = '<invitation@e2e.test>';
  const raw = [
    'From: Bob <bob@example.test>',
    'To: alice@mailmind.test',
    `Subject: ${SUBJECT}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'You are invited.',
    '--b1',
    'Content-Type: text/calendar; charset=utf-8; method=REQUEST',
    '',
    INVITE,
    '--b1--',
    '',
  ].join('\r\n');
  return {
    mailbox: 'INBOX',
    raw: Buffer.from(raw),
    flags: [],
    internalDate: date,
    expected: { subject: SUBJECT, fromName: 'Bob', fromAddress: 'bob@example.test', to: [], date, messageId, references: [], hasAttachments: true, attachments: [] },
  };
}

let ui: MailUi;
let page: Page;

beforeAll(async () => {
  ui = await startMailUi({ corpus: [invitation()] });
  await ui.waitForTotal('\\Inbox', 1);
  page = await ui.openPage();
  await page.getByTestId('message-row').filter({ hasText: SUBJECT }).click();
  await page.getByTestId('attachments').waitFor();
}, 120_000);

afterAll(async () => {
  await ui?.stop();
});

it('lists the invitation as invite.ics and saves it under that name', async () => {
  const attachment = page.getByTestId('attachment');
  expect(await attachment.textContent()).toBe(`invite.ics (${Buffer.byteLength(INVITE)} B)`);
  const downloadPromise = page.waitForEvent('download');
  await attachment.click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('invite.ics');
});
