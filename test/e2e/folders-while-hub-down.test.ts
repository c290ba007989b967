// A folder viewed before, opened again while the hub is stopped, in Chromium on `npm run serve`
// (the built hub in its own process, with a real keyring so that the page's browser session
// renews its token after the restart) and a private Dovecot. It said "Could not load messages:
// The app could not reach its mail service…" over an empty list; it shows the messages this
// page loaded, with a note that they may be out of date, and loads them again once the hub is
// back. The banner says the hub is shutting down while it does, and, once reconnecting has
// failed for a while, that it is not reachable.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startKeyringSession, type KeyringSession } from '../support/keyring-session';
import { rawMessage, startMailUi, type MailUi } from '../support/mail-ui';

const USER = 'alice@mailmind.test';

let keyring: KeyringSession;
let ui: MailUi;
let context: BrowserContext;

const socketOpen = (page: Page) => page.locator('[data-testid="socket-state"][data-state="open"]').waitFor({ timeout: 30_000 });
const openFolder = (page: Page, specialUse: string) => page.locator(`[data-testid="mailbox"][data-special-use="\\\\${specialUse}"]`).click();
const row = (page: Page, subject: string) => page.getByTestId('message-row').filter({ hasText: subject });

beforeAll(async () => {
  keyring = await startKeyringSession();
  ui = await startMailUi({ env: keyring.env });
  await ui.dovecot.appendRaw(USER, 'INBOX', rawMessage('Welcome aboard', '<welcome@e2e.test>'), ['\\Seen']);
  await ui.dovecot.appendRaw(USER, 'Archive', rawMessage('Old minutes', '<minutes@e2e.test>'), ['\\Seen']);
  await ui.waitForTotal('\\Inbox', 1);
  await ui.waitForTotal('\\Archive', 1);
  context = await ui.browser.newContext({ viewport: { width: 1280, height: 800 } });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await ui?.stop();
  await keyring?.stop();
});

it('shows a folder viewed before as it was loaded, says it may be out of date, and loads it again once the hub is back', async () => {
  const page = await context.newPage();
  await page.goto(`${ui.serve.origin}/#token=${ui.serve.token}`);
  await socketOpen(page);
  await row(page, 'Welcome aboard').waitFor();
  await openFolder(page, 'Archive');
  await row(page, 'Old minutes').waitFor();
  await openFolder(page, 'Inbox');
  await row(page, 'Welcome aboard').waitFor();

  await ui.stopHub();
  try {
    const banner = page.getByTestId('offline-banner');
    await banner.waitFor();
    await openFolder(page, 'Archive');
    await row(page, 'Old minutes').waitFor();
    expect(await page.getByTestId('stale-list-note').textContent()).toContain('may be out of date');
    expect(await page.getByText('Could not load messages').count()).toBe(0);
    // Reconnecting fails: the hub is not reachable, no longer "shutting down".
    await expect.poll(() => banner.textContent(), { timeout: 15_000 }).toContain('The MailMind hub is not reachable. Showing what is loaded');
    expect(await banner.textContent()).not.toContain('Hub shutting down');
    expect(await page.locator('footer').textContent()).toContain('(hub not reachable)');
    await ui.dovecot.appendRaw(USER, 'Archive', rawMessage('Minutes filed meanwhile', '<minutes-2@e2e.test>'), ['\\Seen']);
  } finally {
    await ui.startHub();
  }

  await socketOpen(page);
  await row(page, 'Minutes filed meanwhile').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('stale-list-note').count()).toBe(0);
  expect(await page.getByTestId('offline-banner').count()).toBe(0);
  await page.close();
}, 90_000);
