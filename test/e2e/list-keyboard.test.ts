// The message list with the keyboard, in Chromium against the built hub and a private Dovecot:
// the list is one tab stop (every row's check box and star was one, and the list drew more rows
// as the focus went down: Tab never left it), the keys move the cursor inside it and the cursor
// row is the one the list points its screen-reader focus at (aria-activedescendant). A click on a
// row's check box leaves the focus with the list, so the shortcuts and keys go on working, and
// Shift-click on one checks the range from the cursor.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { syntheticMessages } from '../support/corpus';
import { announcedRow, rowInView, startMailUiOnInbox, type MailUi } from '../support/mail-ui';

const COUNT = 60;
/** A message row's height (ROW_HEIGHT in MessageList). */
const ROW_HEIGHT = 72;
let ui: MailUi;
let page: Page;

beforeAll(async () => {
  ({ ui, page } = await startMailUiOnInbox(syntheticMessages(COUNT), COUNT));
  await page.waitForFunction((count) => document.querySelector('[data-testid="message-list"]')?.getAttribute('data-count') === String(count), COUNT, { timeout: 15_000 });
}, 120_000);

afterAll(async () => {
  await ui?.stop();
});

const list = () => page.getByTestId('message-list');
const focusInList = (): Promise<boolean> => page.evaluate(() => !!document.activeElement?.closest('[data-testid="message-list"]'));
const listFocused = (): Promise<boolean> => page.evaluate(() => document.activeElement === document.querySelector('[data-testid="message-list"]'));
/** The message of the row the list points at (aria-activedescendant), or null. */
const announced = (): Promise<string | null> => announcedRow(list());
/** The ids of the list, in order, as the hub has them. */
async function listIds(): Promise<string[]> {
  const inbox = await ui.mailbox('\\Inbox');
  const { body } = await ui.api<{ messages: Array<{ id: string }> }>(`/api/mailboxes/${inbox.id}/messages?limit=${COUNT}`);
  return body.messages.map((message) => message.id);
}
/** Whether the row of message `id` is in the list's view. */
const inView = (id: string): Promise<boolean> => rowInView(list(), id);

it('is one tab stop: Tab comes into the list on its cursor row and goes on out of it', async () => {
  await page.getByLabel('Search mail').focus();
  let presses = 0;
  while (!(await focusInList()) && presses < 40) {
    await page.keyboard.press('Tab');
    presses += 1;
  }
  expect(await listFocused()).toBe(true);
  await page.keyboard.press('Tab');
  expect(await focusInList()).toBe(false);
  await page.keyboard.press('Shift+Tab');
  expect(await listFocused()).toBe(true);

  // Come in from the keyboard, the focus is on the first row (no cursor before).
  const ids = await listIds();
  expect(await announced()).toBe(ids[0]);
  expect(await list().getAttribute('aria-multiselectable')).toBe('true');
  await page.keyboard.press('Shift+Tab');
  expect(await focusInList()).toBe(false);
});

it('moves the cursor with the arrows, End, Home and the page keys, keeping it in view', async () => {
  await list().focus();
  await page.keyboard.press('Home');
  const ids = await listIds();
  expect(await announced()).toBe(ids[0]);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  expect(await announced()).toBe(ids[2]);
  expect(await page.locator('.row.cursor').getAttribute('data-id')).toBe(ids[2]);

  await page.keyboard.press('End');
  await expect.poll(() => announced()).toBe(ids[COUNT - 1]);
  expect(await inView(ids[COUNT - 1]!)).toBe(true);

  const perPage = await list().evaluate((element, rowHeight) => Math.floor(element.clientHeight / rowHeight), ROW_HEIGHT);
  expect(perPage).toBeGreaterThan(1);
  await page.keyboard.press('Home');
  await page.keyboard.press('PageDown');
  await expect.poll(() => announced()).toBe(ids[perPage]);
  expect(await inView(ids[perPage]!)).toBe(true);
  await page.keyboard.press('PageUp');
  await expect.poll(() => announced()).toBe(ids[0]);
  expect(await list().evaluate((element) => element.scrollTop)).toBe(0);
  expect(await listFocused()).toBe(true);
});

it('checks with Space, keeps the focus and the shortcuts after a click on a check box, and checks a range on Shift-click', async () => {
  const ids = await listIds();
  await list().focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Space');
  const rowOf = (id: string) => page.locator(`[data-testid="message-row"][data-id="${id}"]`);
  expect(await rowOf(ids[0]!).getAttribute('aria-selected')).toBe('true');
  expect(await list().evaluate((element) => element.scrollTop)).toBe(0);
  await page.keyboard.press('Escape');
  expect(await rowOf(ids[0]!).getAttribute('aria-selected')).toBe('false');

  const second = rowOf(ids[1]!);
  const box = second.getByRole('checkbox', { name: /^Select: .+ #\d+ from .+$/ });
  await box.click();
  expect(await second.getAttribute('aria-selected')).toBe('true');
  expect(await listFocused()).toBe(true);
  expect(await second.getAttribute('data-flagged')).toBe('false');
  await page.keyboard.press('s');
  await expect.poll(() => second.getAttribute('data-flagged')).toBe('true');
  await page.keyboard.press('s');
  await expect.poll(() => second.getAttribute('data-flagged')).toBe('false');

  await rowOf(ids[4]!).getByRole('checkbox').click({ modifiers: ['Shift'] });
  const checked = await page.locator('[data-testid="message-row"][aria-selected="true"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')));
  expect(checked).toEqual(ids.slice(1, 5));
  await page.keyboard.press('Escape');
  expect(await page.locator('[data-testid="message-row"][aria-selected="true"]').count()).toBe(0);

  // The star takes a click and leaves the focus with the list too.
  await rowOf(ids[2]!).getByRole('button', { name: /^Star: .+ #\d+$/ }).click();
  await expect.poll(() => rowOf(ids[2]!).getAttribute('data-flagged')).toBe('true');
  expect(await listFocused()).toBe(true);
});
