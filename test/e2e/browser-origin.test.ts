// The hub and real Chromium pages: the page the hub serves receives an event
// published inside the hub, while a page served from another loopback port
// (a hostile local web page) is refused even though it holds a valid token.
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { BUILT_RENDERER, startTestHub, type TestHub } from '../support/test-hub';

let t: TestHub;
let browser: Browser;
let hostile: Server;
let hostileOrigin: string;

beforeAll(async () => {
  t = await startTestHub({ staticDir: BUILT_RENDERER });
  browser = await launchChromium();
  hostile = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>hostile</title><p>local page</p>');
  });
  await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
  const address = hostile.address();
  hostileOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => hostile.close(() => resolve()));
  await t.stop();
  expect(t.logText()).not.toContain(t.token);
});

describe('hub ↔ Chromium', () => {
  it('shows an event published by the hub in the page opened at the hub URL', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.hub.origin}/#token=${t.token}`);
    await page.locator('[data-testid="socket-state"][data-state="open"]').waitFor();
    const delivered = t.hub.publish({
      type: 'sync.status',
      payload: { accountId: 'acct-from-hub', state: 'syncing', progress: { done: 3, total: 7 } },
    });
    expect(delivered).toBe(1);
    const shown = page.locator('[data-type="sync.status"]');
    await shown.waitFor();
    expect(await shown.textContent()).toContain('acct-from-hub');
    await page.close();
  });

  it('refuses a WebSocket and API calls from a page on another loopback port, even with the token', async () => {
    const page = await browser.newPage();
    await page.goto(hostileOrigin);
    const result = await page.evaluate(
      async ({ port, token }) => {
        const socket = await new Promise<string>((resolve) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/events/?token=${token}`);
          ws.onopen = () => resolve('open');
          ws.onclose = (event) => resolve(`closed ${event.code}`);
        });
        const api = await fetch(`http://127.0.0.1:${port}/api/status`, { headers: { Authorization: `Bearer ${token}` } }).then(
          (res) => `status ${res.status}`,
          () => 'blocked',
        );
        return { socket, api };
      },
      { port: t.hub.port, token: t.token },
    );
    expect(result.socket).toBe('closed 1006');
    expect(result.api).toBe('blocked');
    const refusals = t.logs.filter((entry) => entry.message === 'upgrade refused');
    expect(refusals.some((entry) => entry.fields.status === 403 && entry.fields.reason === 'Origin not allowed')).toBe(true);
    await page.close();
  });

  it('renews the session for the page the hub served, but not for a page on another loopback port (the same site: the cookie may go along)', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${t.hub.origin}/#token=${t.token}`);
      await page.locator('[data-testid="socket-state"][data-state="open"]').waitFor();
      await expect.poll(async () => (await context.cookies(`${t.hub.origin}/api/session`)).length).toBe(1);
      const renew = (url: string) =>
        fetch(url, { method: 'POST', credentials: 'include' }).then(
          async (res) => `status ${res.status} ${await res.text()}`,
          () => 'blocked',
        );
      // What the page does after a hub restart.
      expect(await page.evaluate(renew, `${t.hub.origin}/api/session/renew`)).toBe(`status 200 {"token":"${t.token}"}`);

      // Another port of 127.0.0.1 is the same site, so the SameSite=Strict cookie goes along;
      // the hub refuses by Origin, and without CORS headers the page could not read an answer anyway.
      const before = t.logs.length;
      await page.goto(hostileOrigin);
      expect(await page.evaluate(renew, `${t.hub.origin}/api/session/renew`)).toBe('blocked');
      const refusals = t.logs.slice(before).filter((entry) => entry.message === 'session renew refused');
      expect(refusals.map((entry) => entry.fields.code)).toEqual(['origin_mismatch']);
    } finally {
      await context.close();
    }
  });
});
