// Text without spaces in the reader, in Chromium against the built hub and a private Dovecot: a
// plain-text line of 200,000 characters, a long URL, a subject and an address without a break,
// and the same in an HTML body. What a user would notice: it wraps at the reader's edge, at the
// default window size and at 700 px; nothing makes the reader (or the page) scroll sideways.
// A plain-text line like that used to make the body millions of pixels wide.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CorpusMessage } from '../support/mail/corpus-message';
import { startMailUi, type MailUi } from '../support/mail-ui';

const LONG_URL = `https://example.com/track/${'a1b2c3d4'.repeat(400)}`;
const PLAIN = {
  subject: `Plain with no breaks ${'Subjectwithoutspaces'.repeat(20)}`,
  from: `Long Address <${'someone.with.a.very.long.name'.repeat(6)}@example.test>`,
  body: ['Hello,', '', 'X'.repeat(200_000), '', `Here: ${LONG_URL}`, '', 'THE END OF THE LONG LINES', ''].join('\r\n'),
};
const HTML = {
  subject: 'HTML with no breaks',
  from: 'Newsletter <news@example.test>',
  body: `<p>See <a href="${LONG_URL}">${LONG_URL}</a></p><p>${'W'.repeat(5000)}</p><pre>${'P'.repeat(5000)}</pre><p>THE END OF THE HTML</p>`,
};

/** Quoted-printable (RFC 2045 6.7) for ASCII without "=": each line cut into soft-broken pieces of 75. */
function quotedPrintable(text: string): string {
  return text
    .split('\r\n')
    .map((line) => line.match(/.{1,75}/g)?.join('=\r\n') ?? '')
    .join('\r\n');
}

function message(index: number, { subject, from, body }: { subject: string; from: string; body: string }, type: 'text/plain' | 'text/html'): CorpusMessage {
  const date = new Date(Date.UTC(2026, 0, 1, 9, index));
  const messageId = `<long-lines-${index}@e2e.test>`;
  const head = [`From: ${from}`, 'To: alice@mailmind.test', `Subject: ${subject}`, `Date: ${date.toUTCString().replace('GMT', '+0000')}`, `Message-ID: ${messageId}`, 'MIME-Version: 1.0', `Content-Type: ${type}; charset=us-ascii`, 'Content-Transfer-Encoding: quoted-printable'];
  return {
    mailbox: 'INBOX',
    raw: Buffer.from([...head, '', quotedPrintable(body), ''].join('\r\n')),
    flags: [],
    internalDate: date,
    expected: { subject, fromName: '', fromAddress: '', to: [], date, messageId, references: [], hasAttachments: false, attachments: [] },
  };
}

let ui: MailUi;

beforeAll(async () => {
  ui = await startMailUi({ corpus: [message(1, PLAIN, 'text/plain'), message(2, HTML, 'text/html')] });
  await ui.waitForTotal('\\Inbox', 2);
}, 120_000);

afterAll(async () => {
  await ui?.stop();
});

async function openAt(size: { width: number; height: number }, subject: string): Promise<Page> {
  const page = await ui.browser.newPage({ viewport: size });
  await page.goto(`${ui.serve.origin}/#token=${ui.serve.token}`);
  await page.getByTestId('message-row').filter({ hasText: subject.slice(0, 20) }).click();
  await expect.poll(() => page.getByTestId('reader-subject').textContent(), { timeout: 15_000 }).toContain(subject.slice(0, 20));
  return page;
}

/** How much wider than their box the page, the reader and the given parts of it are (0 when they wrap). */
const overflow = (page: Page, testIds: string[]) =>
  page.evaluate((ids) => {
    const wider = (element: Element | null) => (element ? element.scrollWidth - element.clientWidth : -1);
    const found: Record<string, number> = { page: wider(document.scrollingElement), reader: wider(document.querySelector('[data-testid="reader"]')) };
    for (const id of ids) found[id] = wider(document.querySelector(`[data-testid="${id}"]`));
    return found;
  }, testIds);

const SIZES = [
  { width: 1200, height: 800 },
  { width: 700, height: 700 },
];

it('wraps a plain-text body, its subject and its sender at the reader’s edge', async () => {
  for (const size of SIZES) {
    const page = await openAt(size, PLAIN.subject);
    const body = page.getByTestId('plain-text');
    await expect.poll(() => body.textContent(), { timeout: 15_000 }).toContain('THE END OF THE LONG LINES');
    expect(await overflow(page, ['plain-text', 'reader-subject', 'reader-from']), `at ${size.width} px`).toEqual({ page: 0, reader: 0, 'plain-text': 0, 'reader-subject': 0, 'reader-from': 0 });
    // Wrapped, not cut: the 200,000 X's take many lines of the body's width.
    const box = (await body.boundingBox())!;
    const scrollHeight = await body.evaluate((element) => element.scrollHeight);
    expect(scrollHeight, `at ${size.width} px`).toBeGreaterThan(box.height);
    await page.close();
  }
}, 120_000);

it('wraps an HTML body’s long link, word and preformatted line inside its frame', async () => {
  for (const size of SIZES) {
    const page = await openAt(size, HTML.subject);
    await page.getByTestId('message-frame').waitFor();
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame())!;
    await expect.poll(() => frame.evaluate(() => document.body.textContent ?? ''), { timeout: 15_000 }).toContain('THE END OF THE HTML');
    expect(await overflow(page, ['message-frame']), `at ${size.width} px`).toEqual({ page: 0, reader: 0, 'message-frame': 0 });
    expect(await frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `at ${size.width} px`).toBe(0);
    await page.close();
  }
}, 120_000);
