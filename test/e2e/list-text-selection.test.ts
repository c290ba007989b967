// Shift- and Ctrl-click in the message list, in Chromium against the built hub and a private
// Dovecot: they pick rows, and used to select the rows' text as well (painted blue, from the
// row clicked before to the one Shift-clicked). The list's text is not selectable now; the
// reader's still is.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { syntheticMessages } from '../support/corpus';
import { startMailUiOnInbox, type MailUi } from '../support/mail-ui';

const COUNT = 12;
let ui: MailUi;
let page: Page;

beforeAll(async () => {
  ({ ui, page } = await startMailUiOnInbox(syntheticMessages(COUNT), COUNT));
}, 120_000);

afterAll(async () => {
  await ui?.stop();
});

const rows = () => page.getByTestId('message-row');
const selectedText = (): Promise<string> => page.evaluate(() => window.getSelection()?.toString() ?? '');

it('Shift-click and Ctrl-click pick rows and select none of their text', async () => {
  await rows().nth(1).click();
  await page.getByTestId('reader').waitFor();
  await rows().nth(4).click({ modifiers: ['Shift'] });
  await expect.poll(() => page.getByTestId('selection-count').textContent()).toBe('4 selected');
  expect(await selectedText()).toBe('');

  await rows().nth(6).click({ modifiers: ['Control'] });
  await expect.poll(() => page.getByTestId('selection-count').textContent()).toBe('5 selected');
  expect(await selectedText()).toBe('');
});

it('leaves the reader’s text selectable', async () => {
  await rows().nth(0).click();
  const subject = page.getByTestId('reader-subject');
  await expect.poll(() => subject.textContent()).toBe(await rows().nth(0).getByTestId('row-subject').textContent());
  // On its first word (the heading is wider than its text).
  await subject.dblclick({ position: { x: 8, y: 8 } });
  expect((await selectedText()).trim().length).toBeGreaterThan(0);
});
