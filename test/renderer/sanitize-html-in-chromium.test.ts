// @vitest-environment jsdom
// The sanitizer's output read by a real browser (Debian's Chromium) with no CSP at all. The reader
// frame's CSP is the second line of defence, not the first: the sanitized HTML alone must make no
// remote request until the user allows it, and then load the images. A local server counts what
// reaches it; the same bodies unsanitized show that each form really loads in Chromium.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sanitizeEmailHtml } from '../../renderer/src/mail/sanitize-html';
import { launchChromium } from '../support/chromium';

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

let counter: Server;
let origin = '';
const hits: string[] = [];
let browser: Browser;

/** Remote references in the spellings the first scanner missed; `C` is the counting server's origin. */
function hostileBody(C: string): string {
  const escapedColon = C.replace(':', '\\3a ');
  const box = 'width:20px;height:20px';
  return [
    // CSS escapes: "u\72l(" is url(.
    `<div style="background:u\\72l(${C}/e1.png);${box}"></div>`,
    `<div style="background:\\75rl('${C}/e2.png');${box}"></div>`,
    `<div style="background:\\55 \\52 \\4C (${C}/e3.png);${box}"></div>`,
    `<div style="background:url(${escapedColon}/e4.png);${box}"></div>`,
    `<style>.e5{background-image:\\75\\72\\6c("${C}/e5.png")}</style><div class="e5" style="${box}"></div>`,
    // image-set() with bare strings.
    `<div style="background-image:image-set(&quot;${C}/s1.png&quot; 1x);${box}"></div>`,
    `<style>.s2{background-image:-webkit-image-set('${C}/s2.png' 1x)} .s3{background-image:-webkit-im\\61ge-set("${C}/s3.png" 1x)}</style>`,
    `<div class="s2" style="${box}"></div><div class="s3" style="${box}"></div>`,
    // SVG that loads.
    `<svg width="50" height="50"><image href="${C}/v1.png" width="50" height="50"/><filter id="f"><feImage href="${C}/v2.png" width="50" height="50"/></filter>`,
    `<rect width="50" height="50" filter="url(#f)"/><rect width="50" height="50" mask="url(${C}/v3.png)" fill="url(${C}/v4.svg#p)"/>`,
    `<rect width="50" height="50" style="mask-image:u\\72l(${C}/v5.png)"/><style>rect{stroke:u\\72l(${C}/v6.svg#s)}</style></svg>`,
    // A URL string put into image-set() by var(), its fallback, if() or a custom function: never (it cannot be told from text).
    `<style>.p1{--s:"${C}/p1.png";background-image:image-set(var(--s) 1x)} @function --f() { result: "${C}/p2.png"; } .p2{background-image:image-set(--f() 1x)}</style>`,
    `<div class="p1" style="${box}"></div><div class="p2" style="${box}"></div><div style="background-image:image-set(var(--none, &quot;${C}/p3.png&quot;) 1x);${box}"></div>`,
    `<div style="--x:1;background-image:image-set(if(style(--x:1): &quot;${C}/p4.png&quot;) 1x);${box}"></div>`,
    // @import in other spellings: never, even when allowed.
    `<style>@import "${C}/i1.css"; @\\69mport '${C}/i2.css';</style>`,
    // Strings and comments that once hid a reference from the scanner.
    `<style>.h1{x:"/*"} .h1{background:url(${C}/h1.png)} .h0{x:"*/"}</style><div class="h1" style="${box}"></div>`,
    `<style>.h2{x:1} /* " */ .h2{background:url(${C}/h2.png)} /* " */</style><div class="h2" style="${box}"></div>`,
  ].join('\n');
}

const options = { cidUrls: {}, linkPage: 'http://127.0.0.1:9/link' };
/** Every remote reference in hostileBody: Chromium requests each of them when the body is not sanitized. */
const REFERENCES = ['e1.png', 'e2.png', 'e3.png', 'e4.png', 'e5.png', 's1.png', 's2.png', 's3.png', 'v1.png', 'v2.png', 'v3.png', 'v4.svg', 'v5.png', 'v6.svg', 'i1.css', 'i2.css', 'h1.png', 'h2.png'].map((name) => `/${name}`);
/** The URL strings that reach image-set() only later: Chromium requests them too, but they are neither counted nor ever loaded. */
const SUBSTITUTED = ['/p1.png', '/p2.png', '/p3.png', '/p4.png'];
const NEVER = new Set(['/i1.css', '/i2.css', ...SUBSTITUTED]);

/** The paths a fresh page (no cache shared with another) requests when `html` is its body. */
async function requestsFor(html: string): Promise<string[]> {
  hits.length = 0;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8"></head><body>${html}</body></html>`, { waitUntil: 'load' });
    await page.waitForTimeout(300);
  } finally {
    await context.close();
  }
  return [...new Set(hits)].sort();
}

beforeAll(async () => {
  counter = createServer((req, res) => {
    hits.push(req.url ?? '');
    const image = /\.(png|gif)$/.test(req.url ?? '');
    res.writeHead(200, { 'Content-Type': image ? 'image/gif' : 'text/css', 'Cache-Control': 'no-store' });
    res.end(image ? GIF : '');
  });
  await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(counter.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => counter?.close(() => resolve()));
});

describe('sanitized HTML in Chromium, without a CSP', () => {
  it('the hostile forms do load when not sanitized (so the checks below can see a miss)', async () => {
    expect(await requestsFor(hostileBody(origin))).toEqual([...REFERENCES, ...SUBSTITUTED].sort());
  });

  it('loads nothing remote before the user allows it, and counts each reference it held back', async () => {
    const { html, blockedRemote } = sanitizeEmailHtml(hostileBody(origin), { ...options, allowRemote: false });
    expect(await requestsFor(html)).toEqual([]);
    expect(blockedRemote).toBe(REFERENCES.length);
  });

  it('loads every reference but @import (and strings filled in later) once allowed', async () => {
    const { html } = sanitizeEmailHtml(hostileBody(origin), { ...options, allowRemote: true });
    expect(await requestsFor(html)).toEqual(REFERENCES.filter((path) => !NEVER.has(path)).sort());
  });
});
