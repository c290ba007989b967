// Parts of the page that the hub serves as chunks of their own, fetched while the hub is down:
// the reader (a message first opened then) and the React app (the hub gone between the page and
// its app). Each says so with a Retry and loads by itself once the hub is back, in the same
// document: before, the reader stayed broken until a reload (React.lazy kept the failed load).
// End to end in Chromium on `npm run serve` (the built hub in its own process, with a real
// keyring so that the page's browser session renews its token after the restart) and a private
// Dovecot; the hub is stopped and started again on its port.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyringSession, type KeyringSession } from '../support/keyring-session';
import { buildCorpus } from '../support/mail/corpus';
import { startMailUi, type MailUi } from '../support/mail-ui';

const corpus = buildCorpus();
const SUBJECT = 'Привет из Москвы';

let keyring: KeyringSession;
let ui: MailUi;
let context: BrowserContext;

const socketOpen = (page: Page) => page.locator('[data-testid="socket-state"][data-state="open"]').waitFor({ timeout: 30_000 });
const row = (page: Page) => page.getByTestId('message-row').filter({ hasText: SUBJECT });
const markDocument = (page: Page) => page.evaluate(() => ((window as unknown as { e2eSameDocument: boolean }).e2eSameDocument = true));
const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { e2eSameDocument?: boolean }).e2eSameDocument);

beforeAll(async () => {
  keyring = await startKeyringSession();
  ui = await startMailUi({ corpus, env: keyring.env });
  await ui.waitForTotal('\\Inbox', corpus.filter((m) => m.mailbox === 'INBOX').length);
  // One context for both pages: the second renews its token with the session cookie the first got.
  context = await ui.browser.newContext({ viewport: { width: 1280, height: 800 } });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await ui?.stop();
  await keyring?.stop();
});

describe('chunks fetched while the hub is down, in Chromium', () => {
  it('says the reader could not be loaded, keeps the message open, and opens it once the hub is back', async () => {
    const page = await context.newPage();
    // The reader's chunk is fetched ahead once the page is idle: this page is never idle, so
    // the chunk is first fetched when the message is opened, with the hub down.
    await page.addInitScript(() => {
      window.requestIdleCallback = () => 0;
    });
    await page.goto(`${ui.serve.origin}/#token=${ui.serve.token}`);
    await socketOpen(page);
    await row(page).waitFor();
    await markDocument(page);

    await ui.stopHub();
    try {
      await page.getByTestId('offline-banner').waitFor();
      await row(page).click();
      const error = page.getByTestId('reader-load-error');
      await error.waitFor();
      expect(await error.textContent()).toContain('Could not load the reader: the app could not reach its mail service. The message will open when the service is back.');
      // Retry while the hub is still down: the same answer, the same message.
      await error.getByRole('button', { name: 'Retry' }).click();
      await page.getByText('Opening…').waitFor({ state: 'detached' });
      await error.waitFor();
      expect(await row(page).getAttribute('aria-current')).toBe('true');
    } finally {
      await ui.startHub();
    }

    await socketOpen(page);
    await expect.poll(() => page.getByTestId('reader-subject').textContent(), { timeout: 15_000 }).toContain(SUBJECT);
    expect(await page.getByTestId('reader-load-error').count()).toBe(0);
    expect(await row(page).getAttribute('aria-current')).toBe('true');
    expect(await row(page).getAttribute('data-id')).toBe(await page.getByTestId('reader').getAttribute('data-message-id'));
    expect(await sameDocument(page)).toBe(true);
    await page.close();
  }, 90_000);

  it('says the app could not be loaded when the hub went down before its chunk came, and loads it once the hub is back', async () => {
    const page = await context.newPage();
    const appChunk = /\/assets\/app-root-[\w-]+\.js$/;
    // The page's requests for the app's chunk wait until the hub is down, then go on to it for real.
    let asked!: () => void;
    const chunkAsked = new Promise<void>((resolve) => (asked = resolve));
    let hubDown!: () => void;
    const hubIsDown = new Promise<void>((resolve) => (hubDown = resolve));
    await page.route(appChunk, async (route) => {
      asked();
      await hubIsDown;
      await route.continue();
    });
    await page.goto(`${ui.serve.origin}/#token=${ui.serve.token}`, { waitUntil: 'domcontentloaded' });
    await chunkAsked;
    await markDocument(page);

    await ui.stopHub();
    try {
      hubDown();
      const error = page.getByTestId('app-load-error');
      await error.waitFor();
      expect(await error.textContent()).toContain('MailMind could not load: the page could not reach its mail service. It will load when the service is back.');
      await page.unroute(appChunk);
    } finally {
      await ui.startHub();
    }

    // No Retry pressed: the page tries again by itself.
    await socketOpen(page);
    await row(page).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('app-load-error').count()).toBe(0);
    expect(await sameDocument(page)).toBe(true);
    await page.close();
  }, 90_000);
});
