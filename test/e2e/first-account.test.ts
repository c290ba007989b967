// The first account, added through the setup form, in Chromium against the built hub (no
// keyring: the account lasts for the hub's session) and a private Dovecot. Its inbox opens by
// itself once the hub has listed and synced its folders, as in Thunderbird and Gmail: "No mailbox
// selected." used to stay until the user clicked Inbox. A reload opens the folder shown last, or
// the inbox when none is remembered.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { syntheticMessages } from '../support/corpus';
import { startHubWithoutAccount, type HubWithoutAccount } from '../support/mail-ui';

const COUNT = 30;
let hub: HubWithoutAccount;
let page: Page;

beforeAll(async () => {
  hub = await startHubWithoutAccount({ corpus: syntheticMessages(COUNT) }, 'mailmind-first-account-');
  page = await hub.openPage(1280);
}, 120_000);

afterAll(async () => {
  await hub?.stop();
});

const rows = () => page.getByTestId('message-row');
const current = () => page.locator('[data-testid="mailbox"][aria-current="true"]');

it('opens the inbox by itself once the first account is added and synced', async () => {
  const user = hub.dovecot.users[0]!;
  await page.getByTestId('setup-form').waitFor();
  await page.getByLabel('Provider').selectOption('other');
  await page.getByLabel('Email address').fill(user.user);
  await page.getByLabel('IMAP server').fill('127.0.0.1');
  await page.getByLabel('Security').selectOption('none');
  await page.getByLabel('Port').fill(String(hub.dovecot.port));
  await page.getByLabel('Password').fill(user.password);
  await page.getByTestId('setup-form').getByRole('button', { name: 'Add account' }).click();

  // No click on Inbox: every message of the first sync shows.
  await expect.poll(() => rows().count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect.poll(() => page.getByTestId('message-list').getAttribute('data-count'), { timeout: 30_000 }).toBe(String(COUNT));
  expect(await current().getAttribute('data-special-use')).toBe('\\Inbox');
  expect(await page.getByText('No mailbox selected.').count()).toBe(0);
}, 60_000);

it('after a reload, opens the folder shown last, or the inbox when none is remembered', async () => {
  await page.locator('[data-testid="mailbox"][data-special-use="\\\\Archive"]').click();
  await page.getByTestId('empty-list').waitFor();
  await page.reload();
  await page.getByTestId('empty-list').waitFor();
  expect(await current().getAttribute('data-special-use')).toBe('\\Archive');

  await page.evaluate(() => localStorage.removeItem('mailmind.lastMailbox'));
  await page.reload();
  await expect.poll(() => page.getByTestId('message-list').getAttribute('data-count'), { timeout: 15_000 }).toBe(String(COUNT));
  expect(await current().getAttribute('data-special-use')).toBe('\\Inbox');
}, 60_000);
