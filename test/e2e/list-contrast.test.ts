// The colours of the message list and the sidebar, in Chromium against the built hub and a
// private Dovecot, in the light and the dark theme, as getComputedStyle gives them: WCAG AA asks
// 4.5:1 for text (a row's snippet and date, a folder's unread count) and 3:1 for a control's
// state (the filled star), on every background they are on: a row plain, under the mouse, or
// selected; a folder plain, under the mouse, or open. The light theme's measured 4.35:1
// (snippet and date on a hovered row), 4.19:1 (unread counts) and 2.17:1 (the star).
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { textContrast } from '../support/contrast';
import { buildCorpus } from '../support/mail/corpus';
import { startMailUiOnInbox, type MailUi } from '../support/mail-ui';

const corpus = buildCorpus();
const THEMES = ['light', 'dark'] as const;
let ui: MailUi;
let page: Page;

beforeAll(async () => {
  ({ ui, page } = await startMailUiOnInbox(corpus, corpus.filter((m) => m.mailbox === 'INBOX').length));
  await page.setViewportSize({ width: 1200, height: 800 });
}, 120_000);

afterAll(async () => {
  await ui?.stop();
});

/** The contrasts below `minimum`, by what was measured where. */
async function below(minimum: number, measured: Record<string, Locator>, where: string, found: Record<string, number>): Promise<void> {
  for (const [what, locator] of Object.entries(measured)) {
    const ratio = await textContrast(locator);
    if (ratio < minimum) found[`${what}, ${where}`] = Math.round(ratio * 100) / 100;
  }
}

/** Away from the rows and the folders: nothing under the mouse. */
const mouseAway = () => page.mouse.move(600, 790);

it('a row’s snippet and date ≥ 4.5:1, its filled star ≥ 3:1: plain, under the mouse and selected, in both themes', async () => {
  const row = page.locator('[data-testid="message-row"][data-flagged="true"]').first();
  const text = { snippet: row.locator('.snippet'), date: row.locator('.date') };
  const star = { 'filled star': row.getByTestId('row-star') };
  expect(await row.getByTestId('row-star').getAttribute('aria-pressed')).toBe('true');
  const low: Record<string, number> = {};
  for (const colorScheme of THEMES) {
    await page.emulateMedia({ colorScheme });
    await mouseAway();
    await below(4.5, text, `${colorScheme}, plain row`, low);
    await below(3, star, `${colorScheme}, plain row`, low);
    await row.locator('.subject').hover();
    await below(4.5, text, `${colorScheme}, row under the mouse`, low);
    await below(3, star, `${colorScheme}, row under the mouse`, low);
    await row.getByRole('checkbox').check();
    await mouseAway();
    await below(4.5, text, `${colorScheme}, selected row`, low);
    await below(3, star, `${colorScheme}, selected row`, low);
    await row.getByRole('checkbox').uncheck();
  }
  expect(low).toEqual({});
});

it('a folder’s unread count ≥ 4.5:1: open, plain and under the mouse, in both themes', async () => {
  const inbox = page.locator('[data-testid="mailbox"][data-special-use="\\\\Inbox"]');
  const count = { 'unread count': inbox.getByTestId('unread-count') };
  await count['unread count'].waitFor();
  const low: Record<string, number> = {};
  for (const colorScheme of THEMES) {
    await page.emulateMedia({ colorScheme });
    await inbox.click();
    await expect.poll(() => inbox.getAttribute('aria-current')).toBe('true');
    await mouseAway();
    await below(4.5, count, `${colorScheme}, open folder`, low);
    await inbox.hover();
    await below(4.5, count, `${colorScheme}, open folder under the mouse`, low);
    await page.locator('[data-testid="mailbox"][data-special-use="\\\\Sent"]').click();
    await expect.poll(() => inbox.getAttribute('aria-current')).toBeNull();
    await mouseAway();
    await below(4.5, count, `${colorScheme}, folder`, low);
    await inbox.hover();
    await below(4.5, count, `${colorScheme}, folder under the mouse`, low);
  }
  expect(low).toEqual({});
});
