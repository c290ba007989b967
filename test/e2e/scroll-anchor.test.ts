// Mail that arrives while the user is scrolled down the list must not move the rows under the
// pointer: a click would land on another message. In Chromium, against the built hub and a
// private Dovecot; the arrivals are APPENDed by another client.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { syntheticMessages } from '../support/corpus';
import { rawMessage, startMailUiOnInbox, type MailUi } from '../support/mail-ui';

const COUNT = 200;
let ui: MailUi;
let page: Page;

beforeAll(async () => {
  ({ ui, page } = await startMailUiOnInbox(syntheticMessages(COUNT), COUNT));
}, 120_000);

afterAll(async () => {
  await ui?.stop();
});

/** The subject of the row at the top edge of the list's view. */
const topRowText = (): Promise<string> =>
  page.getByTestId('message-list').evaluate((list) => {
    const box = list.getBoundingClientRect();
    const row = document.elementFromPoint(box.left + 40, box.top + 10)?.closest('[data-testid="message-row"]');
    return row?.textContent ?? '';
  });

it('keeps the row at the top of the view in place when mail arrives above it', async () => {
  const list = page.getByTestId('message-list');
  await list.evaluate((element) => element.scrollTo({ top: 50 * 72 }));
  await expect.poll(() => topRowText()).not.toBe('');
  // Scrolled this far, the list loads the rest of the folder: counted before that page came, the
  // arrivals' count below raced it (203 for 103 on a loaded machine).
  await expect.poll(async () => Number(await list.getAttribute('data-count')), { timeout: 15_000 }).toBe(COUNT);
  const before = await topRowText();
  const loaded = COUNT;

  const user = ui.dovecot.users[0]!.user;
  for (let i = 0; i < 3; i += 1) await ui.dovecot.appendRaw(user, 'INBOX', rawMessage(`Arrived while scrolled ${i}`, `<scrolled-${i}@test>`));
  await expect.poll(async () => Number(await list.getAttribute('data-count')), { timeout: 15_000 }).toBe(loaded + 3);

  expect(await topRowText()).toBe(before);
  // At the top of the list, new mail shows there.
  await list.evaluate((element) => element.scrollTo({ top: 0 }));
  await expect.poll(() => topRowText()).toContain('Arrived while scrolled 2');
});
