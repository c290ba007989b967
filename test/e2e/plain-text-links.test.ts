// Links in plain-text mail, in Chromium against the built hub and a private Dovecot: the web and
// mail addresses in a plain-text body could not be clicked. They open the link page now, which
// shows the real address first, exactly as a link in HTML mail does (hostile-html.test.ts); the
// addresses point at a local counting server, which nothing may reach until the user chooses
// "Open link". Markup written in the text stays text.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CorpusMessage } from '../support/mail/corpus-message';
import { startMailUi, type MailUi } from '../support/mail-ui';

const SUBJECT = 'Plain text with links';
let counter: Server;
let base = '';
const hits: string[] = [];
const dialogs: string[] = [];
let ui: MailUi;
let page: Page;

/** The long address: more than 2,000 characters, as tracking links in plain-text newsletters are. */
const longUrl = () => `${base}/track?id=${'a1b2c3d4'.repeat(250)}`;

function plainMessage(body: string): CorpusMessage {
  const date = new Date(Date.UTC(2026, 0, 1, 9, 0));
  const messageId = '<plain-links@e2e.test>';
  const head = ['From: Dana <dana@example.test>', 'To: alice@mailmind.test', `Subject: ${SUBJECT}`, `Date: ${date.toUTCString().replace('GMT', '+0000')}`, `Message-ID: ${messageId}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit'];
  return {
    mailbox: 'INBOX',
    raw: Buffer.from([...head, '', body, ''].join('\r\n')),
    flags: [],
    internalDate: date,
    expected: { subject: SUBJECT, fromName: 'Dana', fromAddress: 'dana@example.test', to: [], date, messageId, references: [], hasAttachments: false, attachments: [] },
  };
}

beforeAll(async () => {
  counter = createServer((req, res) => {
    // The browser asks a page's origin for its icon by itself, once the page has loaded (or not,
    // as it likes): not a request the link made.
    if (req.url !== '/favicon.ico') hits.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('counted');
  });
  await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(counter.address() as AddressInfo).port}`;
  const body = [
    'Hi Alice,',
    '',
    `the agenda is at ${base}/agenda (page 2).`,
    `Unsubscribe: <${base}/unsubscribe?list=news>`,
    'Questions: mailto:help@example.test.',
    `Track your parcel: ${longUrl()}`,
    '<img src=x onerror="alert(1)"> <script>alert(2)</script>',
  ].join('\r\n');
  ui = await startMailUi({ corpus: [plainMessage(body)] });
  await ui.waitForTotal('\\Inbox', 1);
  page = await ui.openPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByTestId('message-row').filter({ hasText: SUBJECT }).click();
  await page.getByTestId('plain-text').waitFor();
}, 120_000);

afterAll(async () => {
  await ui?.stop();
  await new Promise<void>((resolve) => counter?.close(() => resolve()));
});

const links = () => page.getByTestId('plain-text').locator('a');

it('shows each web and mail address as a link, without the punctuation after it, and markup as text', async () => {
  expect(await links().allTextContents()).toEqual([`${base}/agenda`, `${base}/unsubscribe?list=news`, 'mailto:help@example.test', longUrl()]);
  expect(await page.getByTestId('plain-text').textContent()).toContain('<img src=x onerror="alert(1)"> <script>alert(2)</script>');
  expect(await page.getByTestId('plain-text').locator('img, script').count()).toBe(0);
  expect(dialogs).toEqual([]);
});

it('opens a link on the page that shows its real address first, and goes there only when asked', async () => {
  const popupPromise = page.context().waitForEvent('page');
  await links().first().click();
  const popup = await popupPromise;
  await popup.getByTestId('real-url').waitFor();
  expect(await popup.getByTestId('real-url').textContent()).toBe(`${base}/agenda`);
  expect(hits).toEqual([]);
  // The app page did not navigate.
  expect(new URL(page.url()).origin).toBe(ui.serve.origin);
  const landingPromise = page.context().waitForEvent('page');
  await popup.getByTestId('open-link').click();
  const landing = await landingPromise;
  await landing.waitForLoadState();
  await expect.poll(() => hits).toEqual(['/agenda']);
  await landing.close();
});

it('opens the 2,000-character address whole', async () => {
  const popupPromise = page.context().waitForEvent('page');
  await links().last().click();
  const popup = await popupPromise;
  await popup.getByTestId('real-url').waitFor();
  expect(await popup.getByTestId('real-url').textContent()).toBe(longUrl());
  await popup.close();
});
