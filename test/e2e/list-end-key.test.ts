// The message list's keys in a folder longer than what it loads at first, in Chromium against the
// built hub and a private Dovecot: the list loads a page at a time as it scrolls, and End stopped
// at the last row loaded (the 100th of 1,300). It now goes to the folder's last message, loading
// the pages on the way; Shift with the cursor keys checks a range, Ctrl+A every row.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MessagePageResponse } from '../../shared/api';
import { syntheticMessages } from '../support/corpus';
import { announcedRow, rowInView, startMailUiOnInbox, type MailUi } from '../support/mail-ui';

const COUNT = 1300;
let ui: MailUi;
let page: Page;

beforeAll(async () => {
  ({ ui, page } = await startMailUiOnInbox(syntheticMessages(COUNT), COUNT));
}, 120_000);

afterAll(async () => {
  await ui?.stop();
});

const list = () => page.getByTestId('message-list');
const rowOf = (id: string) => page.locator(`[data-testid="message-row"][data-id="${id}"]`);
/** The message of the row the list points at (aria-activedescendant), or null. */
const announced = (): Promise<string | null> => announcedRow(list());
/** The ids of the inbox, in order, as the hub has them (a page of 500 at most at a time). */
async function listIds(): Promise<string[]> {
  const inbox = await ui.mailbox('\\Inbox');
  const ids: string[] = [];
  let before: string | null = null;
  do {
    const query: string = before === null ? '' : `&before=${encodeURIComponent(before)}`;
    const { body } = await ui.api<MessagePageResponse>(`/api/mailboxes/${inbox.id}/messages?limit=500${query}`);
    ids.push(...body.messages.map((message) => message.id));
    before = body.nextCursor;
  } while (before !== null);
  return ids;
}
/** Whether the row of message `id` is in the list's view. */
const inView = (id: string): Promise<boolean> => rowInView(list(), id);

it('goes with End to the folder’s last message, past the rows loaded, and with Home back to the first', async () => {
  const ids = await listIds();
  expect(ids).toHaveLength(COUNT);
  expect(Number(await list().getAttribute('data-count'))).toBeLessThan(COUNT);
  await list().focus();
  await page.keyboard.press('End');
  await expect.poll(() => announced(), { timeout: 15_000 }).toBe(ids[COUNT - 1]);
  expect(await inView(ids[COUNT - 1]!)).toBe(true);
  expect(await list().getAttribute('data-count')).toBe(String(COUNT));
  // What a screen reader says: the last of 1,300 rows.
  expect(await list().getAttribute('aria-rowcount')).toBe(String(COUNT));
  expect(await rowOf(ids[COUNT - 1]!).getAttribute('aria-rowindex')).toBe(String(COUNT));

  await page.keyboard.press('Home');
  await expect.poll(() => announced()).toBe(ids[0]);
  expect(await list().evaluate((element) => element.scrollTop)).toBe(0);
});

it('checks the rows the cursor passes with Shift and the arrows, from where Shift began, and every row with Ctrl+A', async () => {
  const ids = await listIds();
  const checked = () => page.locator('[data-testid="message-row"][aria-selected="true"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')));
  await list().focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  expect(await checked()).toEqual(ids.slice(1, 4));
  await expect.poll(() => page.getByTestId('selection-count').textContent()).toBe('3 selected');
  await page.keyboard.press('Shift+ArrowUp');
  expect(await checked()).toEqual(ids.slice(1, 3));
  // Shift+Down held no text selection of the page's.
  expect(await page.evaluate(() => document.getSelection()?.toString() ?? '')).toBe('');

  await page.keyboard.press('Escape');
  expect(await checked()).toEqual([]);
  await page.keyboard.press('Control+A');
  await expect.poll(() => page.getByTestId('selection-count').textContent()).toBe(`${COUNT} selected`);
  expect(await page.evaluate(() => document.getSelection()?.toString() ?? '')).toBe('');
  expect(await rowOf(ids[0]!).getAttribute('aria-selected')).toBe('true');
  await page.keyboard.press('Escape');
  expect(await checked()).toEqual([]);
});

it('says of how many of the folder’s messages Ctrl+A checked the rows loaded', async () => {
  // A new page: only the first rows are loaded, and Ctrl+A checks those.
  const fresh = await ui.openPage();
  try {
    await fresh.getByTestId('message-row').first().waitFor();
    const freshList = fresh.getByTestId('message-list');
    const loaded = Number(await freshList.getAttribute('data-count'));
    expect(loaded).toBeLessThan(COUNT);
    await freshList.focus();
    await fresh.keyboard.press('Control+A');
    await expect.poll(() => fresh.getByTestId('selection-count').textContent()).toBe(`${loaded} of ${COUNT} selected`);
  } finally {
    await fresh.close();
  }
});
