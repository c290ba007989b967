// Search results in the window sizes a desktop has, in Chromium against the built hub and a
// private Dovecot with two accounts, one match in Trash (so the "Also in Trash or Junk: show all"
// link shows), a folder with a long name and two results ticked: the toolbar stayed no longer in
// the list pane. Its "Move to…" menu was as wide as its longest entry (that folder), wider than
// the pane, and reached left over the sidebar's unread counts; the title was cut to "Sear…".
// Each result's folder chip ("Alice Example · Archive") lost the folder's name, the part that
// tells results apart, to the ellipsis ("Alice Example · Ar…").
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../shared/model';
import { buildCorpus } from '../support/mail/corpus';
import { onePartMessage } from '../support/mail/one-part-message';
import { startMailUi, type MailUi } from '../support/mail-ui';
import { textCutBecause, whatIsHidden } from '../support/on-screen';

const QUERY = 'invoice';
/** A folder with a long name, as people make them: the move menu offers it. */
const LONG_FOLDER = 'Clients/Very Long Client Name From The Reorganisation Of The Accounts Department';
const corpus = [
  ...buildCorpus(),
  { ...onePartMessage({ subject: 'Invoice #4711 (old copy)', contentType: 'text/plain', body: 'Deleted.\r\n' }), mailbox: 'Trash' },
  { ...onePartMessage({ subject: 'Kick-off notes', contentType: 'text/plain', body: 'Notes.\r\n' }), mailbox: LONG_FOLDER },
];
/** The sizes, and the most lines the toolbar may take: the title and the actions on one, the Trash link and the count on the next. */
const SIZES = [
  { width: 1200, height: 800, lines: 2 },
  // The list pane at its narrowest (320 px): the actions on a line of their own.
  { width: 1024, height: 768, lines: 3 },
  { width: 900, height: 700, lines: 2 },
  { width: 700, height: 700, lines: 2 },
  { width: 640, height: 400, lines: 2 },
] as const;
const TOOLBAR_ITEMS = ['search-anywhere', 'selection-count', 'action-read', 'action-flag', 'action-archive', 'action-delete', 'action-move'];

let ui: MailUi;

beforeAll(async () => {
  ui = await startMailUi({ corpus });
  for (const [use, count] of [['\\Archive', 3], ['\\Sent', 1], ['\\Trash', 1], [LONG_FOLDER, 1]] as const) await ui.waitForTotal(use, count);
  // A second account: the results' chips and the move menu then name the account too.
  const bob = ui.dovecot.users[1]!;
  const added = await ui.api<{ account: Account }>('/api/accounts', {
    method: 'POST',
    body: { email: bob.user, displayName: 'Bob Example', imap: { host: '127.0.0.1', port: ui.dovecot.port, security: 'none', user: bob.user }, password: bob.password },
  });
  expect(added.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await ui?.stop();
});

/** A page of `size` showing the results for QUERY, the Trash link and two results ticked. */
async function searchAt(size: { width: number; height: number }): Promise<Page> {
  const page = await ui.browser.newPage({ viewport: { width: size.width, height: size.height } });
  await page.goto(`${ui.serve.origin}/#token=${ui.serve.token}`);
  await page.locator('[data-testid="socket-state"][data-state="open"]').waitFor();
  await page.getByLabel('Search mail').fill(QUERY);
  await page.getByLabel('Search mail').press('Enter');
  await page.getByTestId('search-anywhere').waitFor({ timeout: 15_000 });
  const rows = page.getByTestId('message-row');
  await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(3);
  await rows.nth(0).getByRole('checkbox').check();
  await rows.nth(1).getByRole('checkbox').check();
  await page.getByTestId('selection-count').waitFor();
  return page;
}

/** What of the toolbar reaches out of the list pane (the toolbar itself, or any of its items), and where to. */
function outOfThePane(toolbar: Locator): Promise<string[]> {
  return toolbar.evaluate((bar) => {
    // In the one-pane layout of a narrow window the list pane is `display: contents`: its place is the panes'.
    const pane = [bar.closest('.list-pane'), bar.closest('.panes')].find((box) => box && box.getBoundingClientRect().width > 0)!;
    const room = pane.getBoundingClientRect();
    const out: string[] = [];
    for (const element of [bar, ...bar.querySelectorAll('h1, button, select, span')]) {
      const box = element.getBoundingClientRect();
      if (box.width === 0) continue;
      if (box.left < room.left - 0.5 || box.right > room.right + 0.5 || box.top < room.top - 0.5 || box.bottom > room.bottom + 0.5) {
        out.push(`${element.tagName.toLowerCase()}.${element.className} ${element.getAttribute('data-testid') ?? ''} (${Math.round(box.left)}–${Math.round(box.right)}, pane ${Math.round(room.left)}–${Math.round(room.right)})`);
      }
    }
    return out;
  });
}

/** How many lines the toolbar's items take (the actions' group can wrap inside too). */
function toolbarLines(toolbar: Locator): Promise<number> {
  return toolbar.evaluate((bar) => {
    const items = [...bar.children, ...bar.querySelectorAll('.toolbar-actions > *')].filter((item) => !item.classList.contains('toolbar-actions'));
    const middles = items.map((item) => item.getBoundingClientRect()).filter((box) => box.height > 0).map((box) => (box.top + box.bottom) / 2);
    return middles.sort((a, b) => a - b).filter((middle, index, all) => index === 0 || middle - all[index - 1]! > 6).length;
  });
}

/** The sidebar's unread counts in its view that something else covers. */
function coveredUnreadCounts(page: Page): Promise<string[]> {
  return page.locator('nav.sidebar').evaluate((sidebar) => {
    const view = sidebar.getBoundingClientRect();
    return [...sidebar.querySelectorAll('[data-testid="unread-count"]')].flatMap((count) => {
      const box = count.getBoundingClientRect();
      const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
      if (y < view.top || y > view.bottom) return [];
      const hit = document.elementFromPoint(x, y);
      return hit === count || count.contains(hit) ? [] : [`${count.textContent} under .${hit?.className ?? 'nothing'}`];
    });
  });
}

describe('search results with the Trash link and two results ticked', () => {
  for (const size of SIZES) {
    it(`${size.width}×${size.height}: the toolbar and its move menu inside the list pane, the title "Search: …", every action on screen, ${size.lines} lines at most`, async () => {
      const page = await searchAt(size);
      try {
        const toolbar = page.getByRole('toolbar', { name: 'Message actions' });
        expect(await outOfThePane(toolbar)).toEqual([]);
        expect(await toolbarLines(toolbar)).toBeLessThanOrEqual(size.lines);
        expect(await coveredUnreadCounts(page)).toEqual([]);
        expect(await whatIsHidden(page, TOOLBAR_ITEMS)).toEqual({});
        const title = page.locator('.list-title');
        expect(await title.textContent()).toBe(`Search: ${QUERY}`);
        expect(await textCutBecause(title, 'Search:')).toBeNull();
      } finally {
        await page.close();
      }
    });
  }

  it('1200×800: each result’s folder chip shows the folder’s name whole (the account’s name gives way)', async () => {
    const page = await searchAt({ width: 1200, height: 800 });
    try {
      const chips = page.getByTestId('row-folder');
      const folders = await chips.evaluateAll((found) => found.map((chip) => chip.getAttribute('title')!.split(' · ').at(-1)!));
      expect(folders.length).toBeGreaterThanOrEqual(3);
      expect(new Set(folders)).toEqual(new Set(['Archive', 'Sent']));
      const cut: Record<number, string> = {};
      for (const [index, folder] of folders.entries()) {
        const why = await textCutBecause(chips.nth(index), folder);
        if (why) cut[index] = why;
      }
      expect(cut).toEqual({});
      // Both accounts have an Archive: the chip still says whose, if shortened.
      expect(await chips.first().textContent()).toMatch(/^Alice Example · /);
    } finally {
      await page.close();
    }
  });
});
