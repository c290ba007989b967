// The window sizes a desktop user has: the default window (1200×800), a small laptop's
// (1024×768), a narrow one (700×700) and the app's minimum (640×400). In Chromium, against the
// built hub and a private Dovecot, what a user would notice: every action on screen and not cut
// off by a scroll box, no sideways page scroll, the status bar in view, the list using the
// height of a narrow window (the reader takes its place, with a way back), and a failed action's
// reason readable on its toast in the light and the dark theme (WCAG AA: contrast ≥ 4.5:1).
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus } from '../support/mail/corpus';
import { startMailUi, type MailUi } from '../support/mail-ui';

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

/**
 * Why a user could not see or click the element: outside the window, cut off by a box that
 * clips its content (overflow other than visible), or covered by something else. Null if in full view.
 */
function hiddenBecause(locator: Locator): Promise<string | null> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return 'not rendered';
    if (getComputedStyle(element).visibility !== 'visible') return 'invisible';
    if (box.left < 0 || box.top < 0 || box.right > window.innerWidth || box.bottom > window.innerHeight) return `outside the window (${JSON.stringify(box)})`;
    for (let outer = element.parentElement; outer; outer = outer.parentElement) {
      const style = getComputedStyle(outer);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const clip = outer.getBoundingClientRect();
      const right = clip.left + outer.clientLeft + outer.clientWidth;
      const bottom = clip.top + outer.clientTop + outer.clientHeight;
      if (box.left < clip.left - 0.5 || box.top < clip.top - 0.5 || box.right > right + 0.5 || box.bottom > bottom + 0.5) return `cut off by .${outer.className}`;
    }
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    if (!hit || !(hit === element || element.contains(hit))) return `covered by .${hit?.className ?? 'nothing'}`;
    return null;
  });
}

async function whatIsHidden(page: Page, testIds: string[]): Promise<Record<string, string>> {
  const hidden: Record<string, string> = {};
  for (const id of testIds) {
    const why = await hiddenBecause(page.getByTestId(id));
    if (why) hidden[id] = why;
  }
  return hidden;
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

// Colors as Chromium computes them: rgb()/rgba(), or color(srgb …) for color-mix().
function parseColor(text: string): [number, number, number, number] {
  const rgb = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(text);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])];
  const srgb = /^color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: \/ ([\d.]+))?\)$/.exec(text);
  if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
  throw new Error(`unparsed color ${text}`);
}

/** `top` over `bottom` (source-over). */
function over(top: [number, number, number, number], bottom: [number, number, number]): [number, number, number] {
  const a = top[3];
  return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a)];
}

/** WCAG 2 relative luminance. */
function luminance([r, g, b]: [number, number, number]): number {
  const channel = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** The contrast of the element's text against what is painted behind it (its and its ancestors' backgrounds). */
async function textContrast(locator: Locator): Promise<number> {
  const { color, backgrounds } = await locator.evaluate((element) => {
    const layers: string[] = [];
    for (let at: Element | null = element; at; at = at.parentElement) layers.push(getComputedStyle(at).backgroundColor);
    return { color: getComputedStyle(element).color, backgrounds: layers };
  });
  let behind: [number, number, number] = [255, 255, 255];
  for (const layer of backgrounds.reverse()) behind = over(parseColor(layer), behind);
  const text = over(parseColor(color), behind);
  const [light, dark] = [luminance(text), luminance(behind)].sort((a, b) => b - a) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

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

      await page.getByTestId('message-row').nth(5).click();
      await page.getByTestId('reader').waitFor();
      await page.keyboard.press('Escape');
      expect(await page.getByTestId('reader').count()).toBe(0);
      expect(await list.isVisible()).toBe(true);
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

