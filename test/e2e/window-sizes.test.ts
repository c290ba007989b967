// The window sizes a desktop user has: the default window (1200×800), a small laptop's
// (1024×768), a narrow one (700×700) and the app's minimum (640×400). In Chromium, against the
// built hub and a private Dovecot, what a user would notice: every action on screen and not cut
// off by a scroll box, no sideways page scroll, the status bar in view, the list using the
// height of a narrow window (the reader takes its place, with a way back), and a failed action's
// reason readable on its toast in the light and the dark theme (WCAG AA: contrast ≥ 4.5:1).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textContrast } from '../support/contrast';
import { buildCorpus } from '../support/mail/corpus';
import { startMailUi, type MailUi } from '../support/mail-ui';
import { hiddenBecause, whatIsHidden } from '../support/on-screen';

const corpus = buildCorpus();
const INBOX_COUNT = corpus.filter((m) => m.mailbox === 'INBOX').length;
const SIZES = [
  { width: 1200, height: 800 },
  { width: 1024, height: 768 },
  { width: 700, height: 700 },
  { width: 640, height: 400 },
] as const;
/** A message row's height (ROW_HEIGHT in MessageList). */
const ROW_HEIGHT = 72;
const TOOLBAR_ACTIONS = ['action-read', 'action-flag', 'action-archive', 'action-delete', 'action-move'];

let ui: MailUi;

beforeAll(async () => {
  ui = await startMailUi({ corpus });
  await ui.waitForTotal('\\Inbox', INBOX_COUNT);
}, 120_000);

afterAll(async () => {
  await ui?.stop();
});

async function openAt(size: { width: number; height: number }): Promise<Page> {
  const page = await ui.browser.newPage({ viewport: size });
  await page.goto(`${ui.serve.origin}/#token=${ui.serve.token}`);
  await page.locator('[data-testid="socket-state"][data-state="open"]').waitFor();
  await page.getByTestId('message-row').first().waitFor();
  return page;
}

const sidewaysScroll = (page: Page): Promise<number> => page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth);

/** Rows of the message list at least half in its view. */
const rowsInView = (page: Page): Promise<number> =>
  page.getByTestId('message-list').evaluate((list, rowHeight) => {
    const view = list.getBoundingClientRect();
    return [...list.querySelectorAll('[data-testid="message-row"]')].filter((row) => {
      const box = row.getBoundingClientRect();
      return Math.min(box.bottom, view.bottom) - Math.max(box.top, view.top) >= rowHeight / 2;
    }).length;
  }, ROW_HEIGHT);

describe('the window at the sizes a desktop has', () => {
  for (const size of SIZES) {
    it(`${size.width}×${size.height}: every action on screen, no sideways scroll, the status bar in view`, async () => {
      const page = await openAt(size);
      try {
        const rows = page.getByTestId('message-row');
        await rows.nth(0).getByRole('checkbox').check();
        await rows.nth(1).getByRole('checkbox').check();
        await page.getByTestId('selection-count').waitFor();

        expect(await whatIsHidden(page, [...TOOLBAR_ACTIONS, 'selection-count', 'socket-state'])).toEqual({});
        expect(await hiddenBecause(page.getByLabel('Search mail'))).toBeNull();
        expect(await hiddenBecause(page.getByRole('button', { name: 'Add account' }))).toBeNull();
        // The folder's name is whole, not "Inb…".
        const title = page.locator('.list-title');
        expect(await title.textContent()).toBe('Inbox');
        expect(await title.evaluate((h) => h.scrollWidth <= h.clientWidth)).toBe(true);
        expect(await sidewaysScroll(page)).toBe(0);
        const status = (await page.locator('footer.statusbar').boundingBox())!;
        expect(status.y + status.height).toBeLessThanOrEqual(size.height);
        expect(status.x + status.width).toBeLessThanOrEqual(size.width);
        // The list uses the height it has: no empty reader below it.
        expect(await rowsInView(page)).toBeGreaterThanOrEqual(Math.min(INBOX_COUNT, Math.floor((size.height - 150) / ROW_HEIGHT)));
      } finally {
        await page.close();
      }
    });
  }

  it('1200×800: the list and the reader side by side, with no Back button (the list is in view)', async () => {
    const page = await openAt({ width: 1200, height: 800 });
    try {
      await page.getByTestId('message-row').nth(2).click();
      await page.getByTestId('reader').waitFor();
      expect(await page.getByTestId('message-list').isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: 'Back to the list' }).isVisible()).toBe(false);
    } finally {
      await page.close();
    }
  });

  it('700×700: at least 8 rows; the reader takes the list’s place, with the actions, and Back or Esc returns to where the list was', async () => {
    const page = await openAt({ width: 700, height: 700 });
    try {
      expect(await rowsInView(page)).toBeGreaterThanOrEqual(8);
      expect(await page.getByText('Select a message to read it.').isVisible()).toBe(false);
      const list = page.getByTestId('message-list');
      await list.evaluate((element, top) => element.scrollTo({ top }), 3 * ROW_HEIGHT);
      await expect.poll(() => rowsInView(page)).toBeGreaterThanOrEqual(8);
      const scrolled = await list.evaluate((element) => element.scrollTop);
      expect(scrolled).toBeGreaterThan(0);

      const row = page.getByTestId('message-row').nth(5);
      const id = await row.getAttribute('data-id');
      await row.click();
      await expect.poll(() => page.getByTestId('reader').getAttribute('data-message-id')).toBe(id);
      expect(await list.isVisible()).toBe(false);
      const reader = (await page.getByTestId('reader').boundingBox())!;
      const content = (await page.locator('main.content').boundingBox())!;
      expect(reader.width).toBeGreaterThanOrEqual(content.width - 2);
      expect(reader.height).toBeGreaterThan(content.height * 0.75);
      expect(await whatIsHidden(page, TOOLBAR_ACTIONS)).toEqual({});
      expect(await sidewaysScroll(page)).toBe(0);

      await page.getByRole('button', { name: 'Back to the list' }).click();
      expect(await page.getByTestId('reader').count()).toBe(0);
      expect(await list.isVisible()).toBe(true);
      expect(await list.evaluate((element) => element.scrollTop)).toBe(scrolled);
      expect(await rowsInView(page)).toBeGreaterThanOrEqual(8);
      // The keyboard is the list's again, its cursor on the message that was open: the arrows move it.
      const cursorId = () => page.locator('[data-testid="message-row"].cursor').getAttribute('data-id');
      expect(await list.evaluate((element) => element === document.activeElement)).toBe(true);
      expect(await cursorId()).toBe(id);
      await page.keyboard.press('ArrowDown');
      await expect.poll(cursorId).toBe(await page.getByTestId('message-row').nth(6).getAttribute('data-id'));

      await page.getByTestId('message-row').nth(5).click();
      await page.getByTestId('reader').waitFor();
      await page.keyboard.press('Escape');
      expect(await page.getByTestId('reader').count()).toBe(0);
      expect(await list.isVisible()).toBe(true);
      expect(await list.evaluate((element) => element === document.activeElement)).toBe(true);
      await page.keyboard.press('ArrowDown');
      await expect.poll(cursorId).toBe(await page.getByTestId('message-row').nth(6).getAttribute('data-id'));
    } finally {
      await page.close();
    }
  });

  it('a failed action’s toast: its reason readable in the light and the dark theme, and in the window', async () => {
    const page = await openAt({ width: 1200, height: 800 });
    try {
      // The hub refuses to archive what is in Archive already ("already there").
      await page.locator('[data-testid="mailbox"][data-special-use="\\\\Archive"]').click();
      await page.getByTestId('message-row').first().getByRole('checkbox').check();
      await page.getByTestId('action-archive').click();
      const toast = page.getByTestId('action-toast').first();
      await expect.poll(() => toast.getAttribute('data-state')).toBe('failed');
      expect(await toast.textContent()).toContain('already in Archive');
      const reason = toast.locator('.error');
      expect((await reason.textContent())?.length).toBeGreaterThan(2);
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        expect(await textContrast(reason), `the reason, ${colorScheme}`).toBeGreaterThanOrEqual(4.5);
        expect(await textContrast(toast.getByTestId('action-state')), `the state, ${colorScheme}`).toBeGreaterThanOrEqual(4.5);
        expect(await textContrast(toast.getByRole('button', { name: 'Dismiss' })), `Dismiss, ${colorScheme}`).toBeGreaterThanOrEqual(4.5);
      }
      await page.setViewportSize({ width: 700, height: 700 });
      expect(await hiddenBecause(toast)).toBeNull();
      expect(await sidewaysScroll(page)).toBe(0);
    } finally {
      await page.close();
    }
  });
});

