// Removing an account through the UI, in Chromium against the built hub and a private Dovecot
// with two users, each an account of the hub. In a narrow window (700 px: the one-pane layout, a
// 180 px sidebar) and with the keyboard only: the account's menu button, "Remove account…", the
// dialog that names the account, Remove. The sidebar drops the account and shows the other one's
// Inbox; another window open on the same hub drops it too (account.removed); the hub no longer
// lists it.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Account } from '../../shared/model';
import { syntheticMessages } from '../support/corpus';
import { startMailUi, type MailUi } from '../support/mail-ui';

let ui: MailUi;
let bob: Account;

beforeAll(async () => {
  ui = await startMailUi({ corpus: syntheticMessages(12) });
  await ui.waitForTotal('\\Inbox', 12);
  const user = ui.dovecot.users[1]!;
  const added = await ui.api<{ account: Account }>('/api/accounts', {
    method: 'POST',
    body: { email: user.user, displayName: 'Bob Example', imap: { host: '127.0.0.1', port: ui.dovecot.port, security: 'none', user: user.user }, password: user.password },
  });
  expect(added.status).toBe(201);
  bob = added.body.account;
}, 120_000);

afterAll(async () => {
  await ui?.stop();
});

async function openAt(width: number): Promise<Page> {
  const page = await ui.browser.newPage({ viewport: { width, height: 700 } });
  await page.goto(`${ui.serve.origin}/#token=${ui.serve.token}`);
  await page.locator('[data-testid="socket-state"][data-state="open"]').waitFor();
  await page.getByTestId('message-row').first().waitFor();
  return page;
}

const accountNames = (page: Page) => page.getByTestId('account').locator('h2 .account-name').allTextContents();

/** Whether the element is inside the window and not covered (the menu opens inside the narrow sidebar). */
const inView = (locator: Locator): Promise<boolean> =>
  locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.left < 0 || box.top < 0 || box.right > window.innerWidth || box.bottom > window.innerHeight) return false;
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return hit !== null && (hit === element || element.contains(hit));
  });

it('removes an account from its menu in the sidebar, with the keyboard, in a narrow window; every window and the hub drop it', async () => {
  const page = await openAt(700);
  const other = await openAt(1280);
  await expect.poll(() => accountNames(page)).toEqual(['Alice Example', 'Bob Example']);
  await page.locator('[data-testid="mailbox"][data-mailbox-id]').first().click();
  await expect.poll(() => page.getByTestId('message-row').count()).toBeGreaterThan(0);

  const menuButton = page.getByRole('button', { name: 'Account actions for Alice Example' });
  await menuButton.focus();
  await page.keyboard.press('Enter');
  const item = page.getByRole('menuitem', { name: 'Remove account…' });
  await expect.poll(() => item.evaluate((element) => element === document.activeElement)).toBe(true);
  expect(await inView(item)).toBe(true);
  await page.keyboard.press('Enter');

  const dialog = page.getByRole('alertdialog', { name: `Remove Alice Example (${ui.account.email})?` });
  await dialog.waitFor();
  expect(await dialog.textContent()).toContain('The mail on the server is not touched');
  expect(await inView(dialog.getByRole('button', { name: 'Remove account' }))).toBe(true);
  // Cancel has the focus: Tab goes on to Remove.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');

  await dialog.waitFor({ state: 'detached' });
  await expect.poll(() => accountNames(page)).toEqual(['Bob Example']);
  const shown = page.locator('[data-testid="mailbox"][aria-current="true"]');
  await expect.poll(() => shown.getAttribute('data-mailbox-id')).toMatch(/.+/);
  const bobBoxes = (await ui.api<{ mailboxes: Array<{ id: string; accountId: string; specialUse: string | null }> }>('/api/mailboxes')).body.mailboxes;
  expect(bobBoxes.every((mailbox) => mailbox.accountId === bob.id)).toBe(true);
  expect(await shown.getAttribute('data-mailbox-id')).toBe(bobBoxes.find((mailbox) => mailbox.specialUse === '\\Inbox')!.id);
  expect(await page.locator('[data-testid="mailbox"]').evaluateAll((boxes, ids) => boxes.every((box) => ids.includes(box.getAttribute('data-mailbox-id') ?? '')), bobBoxes.map((m) => m.id))).toBe(true);

  // The other window heard of it from the hub.
  await expect.poll(() => accountNames(other)).toEqual(['Bob Example']);

  const listed = await ui.api<{ accounts: Account[] }>('/api/accounts');
  expect(listed.body.accounts.map((account) => account.id)).toEqual([bob.id]);
}, 60_000);
