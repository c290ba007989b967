// Hostile HTML in real Chromium: messages that try scripts, event handlers,
// javascript: links, meta refresh, CSS @import, forms, SVG onload, <base>,
// remote images and a tracking pixel, all aimed at a local counting server.
// Nothing may reach it (and no dialog may open) until the user chooses
// "load images"; then the images, and only they, load.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorpusMessage } from '../support/mail/corpus-message';
import { startMailUi, type MailUi } from '../support/mail-ui';

let counter: Server;
let base = '';
const hits: string[] = [];
let ui: MailUi;
let page: Page;
const dialogs: string[] = [];

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** The hostile bodies; `${C}` is the counting server's origin. */
function hostileBodies(C: string): { subject: string; from: string; html: string }[] {
  return [
    {
      subject: 'Hostile 1: script tags',
      from: 'Mallory <mallory@evil.example>',
      html: `<p>Scripts</p><script>new Image().src='${C}/script-tag';alert('script')</script><script src="${C}/external.js"></script>`,
    },
    {
      subject: 'Hostile 2: event handlers',
      from: 'Mallory <mallory@evil.example>',
      html: `<body onload="fetch('${C}/body-onload')"><img src="x" onerror="new Image().src='${C}/onerror'"><div onmouseover="fetch('${C}/hover')" id="hover" style="height:50px">hover me</div><details open ontoggle="fetch('${C}/ontoggle')"><summary>x</summary></details></body>`,
    },
    {
      subject: 'Hostile 3: javascript links',
      from: 'Mallory <mallory@evil.example>',
      html: `<a id="jslink" href="javascript:fetch('${C}/js-link')">Click to win</a> <a id="datalink" href="data:text/html,<script>fetch('${C}/data-link')</script>">data</a>`,
    },
    {
      subject: 'Hostile 4: meta refresh and base',
      from: 'Mallory <mallory@evil.example>',
      html: `<meta http-equiv="refresh" content="0;url=${C}/meta-refresh"><base href="${C}/base/"><p>Base</p><img src="relative.png"><a id="rel" href="relative-link">relative</a>`,
    },
    {
      subject: 'Hostile 5: CSS imports and urls',
      from: 'Mallory <mallory@evil.example>',
      html: `<style>@import url('${C}/import.css'); body { background: url('${C}/css-background.png') }</style><link rel="stylesheet" href="${C}/link.css"><div style="background-image:url(${C}/inline-style.png);height:40px">styled</div>`,
    },
    {
      subject: 'Hostile 6: forms and frames',
      from: 'Mallory <mallory@evil.example>',
      html: `<form id="f" action="${C}/form" method="post"><input name="password" value="x"><button id="send" type="submit">Send</button></form><iframe src="${C}/iframe"></iframe><object data="${C}/object"></object><embed src="${C}/embed">`,
    },
    {
      subject: 'Hostile 7: SVG',
      from: 'Mallory <mallory@evil.example>',
      html: `<svg onload="fetch('${C}/svg-onload')" width="50" height="50"><image href="${C}/svg-image.png" width="50" height="50"/><script>fetch('${C}/svg-script')</script></svg>`,
    },
    {
      subject: 'Hostile 8: tracking pixel',
      from: 'Newsletter <news@tracker.example>',
      html: `<p>Our news</p><img src="${C}/pixel.gif?u=alice" width="1" height="1"><img src="${C}/remote-logo.png" alt="logo"><p><a id="deceptive" href="${C}/landing">https://bank.example/login</a></p>`,
    },
    {
      subject: 'Hostile 9: same sender again',
      from: 'Newsletter <news@tracker.example>',
      html: `<p>More news</p><img src="${C}/second-pixel.gif">`,
    },
  ];
}

function htmlMessage(index: number, { subject, from, html }: { subject: string; from: string; html: string }): CorpusMessage {
  const date = new Date(Date.UTC(2026, 0, 1, 9, index));
  const raw = Buffer.from(
    [`From: ${from}`, 'To: alice@mailmind.test', `Subject: ${subject}`, `Date: ${date.toUTCString().replace('GMT', '+0000')}`, `Message-ID: <hostile-${index}@e2e.test>`, 'MIME-Version: 1.0', 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', html, ''].join('\r\n'),
  );
  return {
    mailbox: 'INBOX',
    raw,
    flags: [],
    internalDate: date,
    expected: { subject, fromName: '', fromAddress: '', to: [], date, messageId: `<hostile-${index}@e2e.test>`, references: [], hasAttachments: false, attachments: [] },
  };
}

const frame = () => page.frameLocator('[data-testid="message-frame"]');
const settle = () => new Promise((resolve) => setTimeout(resolve, 700));

async function open(subject: string): Promise<void> {
  await page.getByTestId('message-row').filter({ hasText: subject }).click();
  await page.getByTestId('message-frame').waitFor();
  await expect.poll(() => page.getByTestId('reader-subject').textContent()).toContain(subject);
}

beforeAll(async () => {
  counter = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': req.url?.includes('.gif') || req.url?.includes('.png') ? 'image/gif' : 'text/plain' });
    res.end(req.url?.includes('.gif') || req.url?.includes('.png') ? GIF : 'counted');
  });
  await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(counter.address() as AddressInfo).port}`;
  const bodies = hostileBodies(base);
  ui = await startMailUi({ corpus: bodies.map((body, index) => htmlMessage(index, body)) });
  await ui.waitForTotal('\\Inbox', bodies.length);
  page = await ui.openPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByTestId('message-row').first().waitFor();
}, 120_000);

afterAll(async () => {
  await ui?.stop();
  await new Promise<void>((resolve) => counter?.close(() => resolve()));
});

describe('hostile HTML in the reader', () => {
  it('runs no script and loads nothing remote from any hostile message, even when clicked around in', async () => {
    for (const { subject } of hostileBodies(base).slice(0, 7)) {
      await open(subject);
      await settle();
    }
    // Interact: hover, click the javascript: and data: links, the relative link, submit the form.
    await open('Hostile 2: event handlers');
    await frame().locator('#hover').hover();
    await open('Hostile 3: javascript links');
    await frame().getByText('Click to win').click();
    await frame().getByText('data').click();
    await open('Hostile 4: meta refresh and base');
    await frame().getByText('relative').click();
    await settle();
    expect(await frame().getByText('relative').getAttribute('href')).toBeNull();
    await open('Hostile 6: forms and frames');
    expect(await frame().locator('form, input, iframe, object, embed').count()).toBe(0);
    await settle();

    expect(hits).toEqual([]);
    expect(dialogs).toEqual([]);
    // The app itself is untouched: still on its page, still connected.
    expect(new URL(page.url()).origin).toBe(ui.serve.origin);
    expect(await page.locator('[data-testid="socket-state"]').getAttribute('data-state')).toBe('open');
  }, 90_000);

  it('blocks the tracking pixel until "load images" is chosen for the message, then loads only images', async () => {
    await open('Hostile 8: tracking pixel');
    await settle();
    expect(hits).toEqual([]);
    expect(await page.getByTestId('remote-images-bar').textContent()).toContain('2 remote images were blocked');
    await page.getByTestId('load-images').click();
    await expect.poll(() => hits.filter((h) => h.startsWith('/pixel.gif')).length).toBe(1);
    await expect.poll(() => hits.includes('/remote-logo.png')).toBe(true);
    expect(await page.getByTestId('remote-images-bar').count()).toBe(0);
    // Per message: another message from the same sender stays blocked.
    await open('Hostile 9: same sender again');
    await settle();
    expect(hits.filter((h) => h.startsWith('/second-pixel'))).toEqual([]);
    expect(hits.every((h) => h.startsWith('/pixel.gif') || h === '/remote-logo.png')).toBe(true);
    expect(dialogs).toEqual([]);
  });

  it('remembers "always load from this sender" (in localStorage, where the token never is)', async () => {
    await page.getByTestId('trust-sender').click();
    await expect.poll(() => hits.filter((h) => h.startsWith('/second-pixel')).length).toBe(1);
    const stored = await page.evaluate(() => ({ local: JSON.stringify(localStorage), token: sessionStorage.getItem('mailmind.hubToken') }));
    expect(stored.local).toContain('news@tracker.example');
    expect(stored.token).toBeTruthy();
    expect(stored.local).not.toContain(stored.token!);
    // Mallory is still not trusted.
    const before = hits.length;
    await open('Hostile 7: SVG');
    await settle();
    expect(hits.length).toBe(before);
  });

  it('opens a link in a new window that shows the real address first, and goes there only when asked', async () => {
    await open('Hostile 8: tracking pixel');
    const popupPromise = page.context().waitForEvent('page');
    await frame().locator('#deceptive').click();
    const popup = await popupPromise;
    await popup.getByTestId('real-url').waitFor();
    expect(await popup.getByTestId('real-url').textContent()).toBe(`${base}/landing`);
    expect(hits.includes('/landing')).toBe(false);
    // The app page did not navigate.
    expect(new URL(page.url()).origin).toBe(ui.serve.origin);
    const landingPromise = page.context().waitForEvent('page');
    await popup.getByTestId('open-link').click();
    const landing = await landingPromise;
    await landing.waitForLoadState();
    await expect.poll(() => hits.includes('/landing')).toBe(true);
    await landing.close();
  });
});
