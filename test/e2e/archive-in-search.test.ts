// Archiving from search results, end to end in Chromium against the built hub and a private
// Dovecot: the QA steps (search subject:"hiring plan", tick an Inbox hit and an Archive hit, press
// e) made both rows vanish, with "Archived 2 messages". As in Gmail, the results keep them,
// shown in Archive, and the one already there is not counted. The real hub reports a move as
// the message leaving its old folder (email.deleted) and showing in the new one (email.updated):
// the rows stay through both.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rawMessage, startMailUi, type MailUi } from '../support/mail-ui';

const USER = 'alice@mailmind.test';
const QUERY = 'subject:"hiring plan"';

let ui: MailUi;
let page: Page;
const row = (subject: string) => page.getByTestId('message-row').filter({ hasText: subject });
const folderOf = (subject: string) => row(subject).getByTestId('row-folder').textContent();

beforeAll(async () => {
  ui = await startMailUi();
  await ui.dovecot.appendRaw(USER, 'INBOX', rawMessage('Hiring plan for Q3', '<plan-inbox@e2e.test>'), ['\\Seen']);
  await ui.dovecot.appendRaw(USER, 'INBOX', rawMessage('Lunch on Friday', '<lunch@e2e.test>'), ['\\Seen']);
  await ui.dovecot.appendRaw(USER, 'Archive', rawMessage('Hiring plan for Q2', '<plan-archived@e2e.test>'), ['\\Seen']);
  await ui.waitForTotal('\\Inbox', 2);
  await ui.waitForTotal('\\Archive', 1);
  page = await ui.openPage();
  await page.getByTestId('message-row').first().waitFor();
}, 120_000);

afterAll(async () => {
  await ui?.stop();
});

async function search(): Promise<void> {
  await page.getByLabel('Search mail').fill(QUERY);
  await page.getByLabel('Search mail').press('Enter');
  await expect.poll(() => page.getByTestId('message-row').count(), { timeout: 15_000 }).toBe(2);
}

it('keeps archived search results, shown in Archive, and counts only the one it moved', async () => {
  await search();
  expect([await folderOf('Hiring plan for Q3'), await folderOf('Hiring plan for Q2')]).toEqual(['Inbox', 'Archive']);
  await row('Hiring plan for Q3').getByRole('checkbox').check();
  await row('Hiring plan for Q2').getByRole('checkbox').check();
  await page.keyboard.press('e');
  const toast = page.getByTestId('action-toast').first();
  await expect.poll(() => toast.getAttribute('data-state'), { timeout: 15_000 }).toBe('applied');
  expect(await toast.textContent()).toContain('Archived 1 message — done');
  await expect.poll(() => ui.serverFlags('Archive', '<plan-inbox@e2e.test>'), { timeout: 15_000 }).not.toBeNull();
  // The hub's events for the move have come by now: the rows are still there, in Archive.
  expect(await page.getByTestId('message-row').count()).toBe(2);
  expect([await folderOf('Hiring plan for Q3'), await folderOf('Hiring plan for Q2')]).toEqual(['Archive', 'Archive']);

  // Searching again shows the same.
  await page.getByLabel('Search mail').press('Escape');
  await row('Lunch on Friday').waitFor();
  await search();
  expect([await folderOf('Hiring plan for Q3'), await folderOf('Hiring plan for Q2')]).toEqual(['Archive', 'Archive']);
}, 60_000);
