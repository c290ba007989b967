// An account whose password was changed elsewhere, in Chromium against the built hub and a
// private Dovecot, with a long address as people have. What a user would notice: the sidebar
// says "Sign-in failed" in full beside or under the address (cut with an ellipsis, never the
// state), at the default window size and at 700 px; a wrong password typed in the banner stays
// said ("The server did not accept this password") while the hub retries the old one by itself,
// with the focus back in the field and the text selected to type over; the right one fixes it.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Account } from '../../shared/model';
import { syntheticMessages } from '../support/corpus';
import { startHubWithoutAccount, type HubWithoutAccount } from '../support/mail-ui';

const USER = 'alexandra.montgomery-whitfield@mailmind.test';
const NEW_PASSWORD = 'changed-on-the-server';
let hub: HubWithoutAccount;
let page: Page;

beforeAll(async () => {
  hub = await startHubWithoutAccount({ users: [{ user: USER, password: 'first-password' }], corpus: syntheticMessages(5) }, 'mailmind-sign-in-');
  const { serve } = hub;
  // No display name: the sidebar heads the account with its address.
  const res = await fetch(`${serve.origin}/api/accounts`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${serve.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: USER, imap: { host: '127.0.0.1', port: hub.dovecot.port, security: 'none', user: USER }, password: 'first-password' }),
  });
  if (res.status !== 201) throw new Error(`adding the account failed: ${res.status} ${await res.text()}`);
  const { account } = (await res.json()) as { account: Account };
  page = await hub.openPage(1200);
  await page.getByTestId('message-row').first().waitFor({ timeout: 30_000 });
  expect(account.email).toBe(USER);
}, 120_000);

afterAll(async () => {
  await hub?.stop();
});

const badge = () => page.getByTestId('account-state');
const banner = () => page.getByTestId('account-offline-banner');
const field = () => banner().getByLabel(`Password for ${USER}`);

/** Why a user could not read the element in full: cut by a box that clips (or the window), or covered. Null when in full view. */
function cutOff(locator: Locator): Promise<string | null> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return 'not rendered';
    if (element.scrollWidth > element.clientWidth + 1) return `its text is wider than itself (${element.scrollWidth} > ${element.clientWidth})`;
    if (box.left < 0 || box.top < 0 || box.right > window.innerWidth || box.bottom > window.innerHeight) return 'outside the window';
    for (let outer = element.parentElement; outer; outer = outer.parentElement) {
      const style = getComputedStyle(outer);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const clip = outer.getBoundingClientRect();
      if (box.left < clip.left - 0.5 || box.right > clip.left + outer.clientLeft + outer.clientWidth + 0.5) return `cut off by .${outer.className}`;
    }
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return hit === element || element.contains(hit) ? null : `covered by .${hit?.className ?? 'nothing'}`;
  });
}

/** The account's heading: its address ends in an ellipsis inside the sidebar, rather than run out of it. */
const addressShown = () =>
  page.getByTestId('account').locator('h2 .account-name').evaluate((name) => {
    const sidebar = name.closest('.sidebar')!.getBoundingClientRect();
    const box = name.getBoundingClientRect();
    return { ellipsis: getComputedStyle(name).textOverflow === 'ellipsis' && name.scrollWidth > name.clientWidth, inside: box.right <= sidebar.right + 0.5 };
  });

it('keeps a refused password said while the hub retries, with the focus in the field, and takes the right one', async () => {
  await hub.dovecot.setPassword(USER, NEW_PASSWORD);
  // A server restart ends the session; the hub's next logins are refused.
  await hub.dovecot.stop();
  await hub.dovecot.start();
  await field().waitFor({ timeout: 45_000 });
  // At once, as a user would: the hub is still retrying the old password (connecting, refused, …).
  await field().fill('still-wrong');
  const answered = page.waitForResponse((res) => res.url().endsWith('/password'));
  await banner().getByRole('button', { name: 'Use this password' }).click();
  expect((await answered).status()).toBe(422);
  const error = banner().getByTestId('password-prompt-error');
  await expect.poll(() => error.textContent()).toMatch(/^The server did not accept this password\. The server refused the login/);
  // The field stays the same element (not a new, empty one) through the hub's retries.
  await field().evaluate((input) => ((input as HTMLInputElement & { e2eProbe?: boolean }).e2eProbe = true));
  const states = new Set<string>();
  for (const until = Date.now() + 4000; Date.now() < until; ) {
    states.add((await banner().getAttribute('data-state').catch(() => null)) ?? 'gone');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(await field().evaluate((input) => (input as HTMLInputElement & { e2eProbe?: boolean }).e2eProbe)).toBe(true);
  expect(states).not.toContain('gone');
  expect(await error.textContent()).toMatch(/^The server did not accept this password\./);
  const focus = await field().evaluate((input: HTMLInputElement) => ({ focused: document.activeElement === input, start: input.selectionStart, end: input.selectionEnd, value: input.value }));
  expect(focus).toEqual({ focused: true, start: 0, end: 'still-wrong'.length, value: 'still-wrong' });

  // Typing replaces the selected text, and the refusal goes.
  await page.keyboard.type(NEW_PASSWORD);
  expect(await field().inputValue()).toBe(NEW_PASSWORD);
  expect(await error.count()).toBe(0);
  await page.keyboard.press('Enter');
  await expect.poll(() => banner().count(), { timeout: 30_000 }).toBe(0);
  await expect.poll(() => badge().count(), { timeout: 30_000 }).toBe(0);
}, 120_000);

it('shows "Sign-in failed" in full beside a long address, at 1200 and at 700 px', async () => {
  await hub.dovecot.setPassword(USER, 'changed-again');
  await hub.dovecot.stop();
  await hub.dovecot.start();
  await expect.poll(() => badge().getAttribute('data-state'), { timeout: 45_000 }).toBe('auth_failed');
  for (const size of [
    { width: 1200, height: 800 },
    { width: 700, height: 700 },
  ]) {
    await page.setViewportSize(size);
    // The hub retries a few times by itself (Connecting…) before it waits for the user.
    await expect.poll(() => badge().textContent(), { timeout: 30_000 }).toBe('Sign-in failed');
    expect(await cutOff(badge()), `at ${size.width} px`).toBeNull();
    expect(await addressShown(), `at ${size.width} px`).toEqual({ ellipsis: true, inside: true });
  }
  await page.setViewportSize({ width: 1200, height: 800 });
}, 120_000);
