// The mail client end to end: real Chromium on `npm run serve` (the built hub in
// its own process, with a real keyring) and a private Dovecot. What a user would
// notice: the inbox, new mail without a reload, actions that reach the server,
// browsing while the mail server is down, and the page after a hub restart
// (back by itself, through its browser session cookie and the hub's stable port).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyringSession, type KeyringSession } from '../support/keyring-session';
import { buildCorpus } from '../support/mail/corpus';
import { rawMessage, startMailUi, type MailUi } from '../support/mail-ui';
import type { MessagePageResponse } from '../../shared/api';

const corpus = buildCorpus();
const idOf = (subject: string): string => {
  const found = corpus.find((m) => m.expected.subject === subject);
  if (!found) throw new Error(`no corpus message "${subject}"`);
  return found.expected.messageId;
};
const INBOX_COUNT = corpus.filter((m) => m.mailbox === 'INBOX').length;
const USER = 'alice@mailmind.test';

let keyring: KeyringSession;
let ui: MailUi;
let page: Page;

const row = (subject: string) => page.getByTestId('message-row').filter({ hasText: subject });
const inboxUnread = () => page.locator('[data-testid="mailbox"][data-special-use="\\\\Inbox"] [data-testid="unread-count"]');

beforeAll(async () => {
  keyring = await startKeyringSession();
  ui = await startMailUi({ corpus, env: keyring.env });
  await ui.waitForTotal('\\Inbox', INBOX_COUNT);
  page = await ui.openPage();
}, 120_000);

afterAll(async () => {
  await ui?.stop();
  await keyring?.stop();
});

describe('the mail client in Chromium', () => {
  it('renders the inbox newest first, with unread and star markers and the unread count', async () => {
    const inbox = await ui.mailbox('\\Inbox');
    const { body } = await ui.api<MessagePageResponse>(`/api/mailboxes/${inbox.id}/messages?limit=5`);
    await page.getByTestId('message-row').first().waitFor();
    expect(await page.getByTestId('message-row').first().getAttribute('data-id')).toBe(body.messages[0]!.id);
    expect(await page.getByTestId('row-subject').first().textContent()).toBe(body.messages[0]!.subject || '(no subject)');
    // Carol's reply is unread and starred in the corpus.
    const carol = row('I will bring the numbers');
    expect(await carol.getAttribute('data-unread')).toBe('true');
    expect(await carol.getAttribute('data-flagged')).toBe('true');
    expect(await inboxUnread().textContent()).toBe(String(inbox.unread));
    expect(await page.getByTestId('account').textContent()).toContain('Alice Example');
  });

  it('shows mail appended by another client without a reload', async () => {
    await page.evaluate(() => ((window as unknown as { e2eSameDocument: boolean }).e2eSameDocument = true));
    const before = Number(await inboxUnread().textContent());
    await ui.dovecot.appendRaw(USER, 'INBOX', rawMessage('Fresh from another client', '<fresh-1@e2e.test>'));
    await row('Fresh from another client').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('row-subject').first().textContent()).toBe('Fresh from another client');
    expect(await row('Fresh from another client').getAttribute('data-unread')).toBe('true');
    await expect.poll(() => inboxUnread().textContent()).toBe(String(before + 1));
    // Still the same document: a reload would have dropped the marker.
    expect(await page.evaluate(() => (window as unknown as { e2eSameDocument?: boolean }).e2eSameDocument)).toBe(true);
  });

  it('sends star, read and unread (u) to the IMAP server, without a toast', async () => {
    const id = '<fresh-1@e2e.test>';
    await row('Fresh from another client').getByTestId('row-star').click();
    expect(await row('Fresh from another client').getAttribute('data-flagged')).toBe('true');
    await expect.poll(() => ui.serverFlags('INBOX', id), { timeout: 15_000 }).toContain('\\Flagged');

    // Opening marks it read.
    await row('Fresh from another client').click();
    await expect.poll(() => page.getByTestId('reader-subject').textContent()).toContain('Fresh from another client');
    await expect.poll(() => ui.serverFlags('INBOX', id), { timeout: 15_000 }).toContain('\\Seen');
    expect(await row('Fresh from another client').getAttribute('data-unread')).toBe('false');

    // u: unread again, on the server too; u once more: read again (what undoes it, as in Gmail).
    await page.keyboard.press('u');
    expect(await row('Fresh from another client').getAttribute('data-unread')).toBe('true');
    await expect.poll(() => ui.serverFlags('INBOX', id), { timeout: 15_000 }).not.toContain('\\Seen');
    await page.keyboard.press('u');
    await expect.poll(() => ui.serverFlags('INBOX', id), { timeout: 15_000 }).toContain('\\Seen');
    await expect.poll(() => row('Fresh from another client').getAttribute('data-pending')).toBe('false');
    // Star and read/unread are undone by doing them again: no toast stacks up for them.
    expect(await page.getByTestId('action-toast').count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('acts on several selected messages at once', async () => {
    const subjects = ['Grüße aus München', 'Привет из Москвы'];
    for (const subject of subjects) await row(subject).getByRole('checkbox').check();
    expect(await page.getByTestId('selection-count').textContent()).toBe('2 selected');
    await page.getByTestId('action-flag').click();
    for (const subject of subjects) expect(await row(subject).getAttribute('data-flagged')).toBe('true');
    for (const subject of subjects) await expect.poll(() => ui.serverFlags('INBOX', idOf(subject)), { timeout: 15_000 }).toContain('\\Flagged');
    // s on the same selection: unstar both.
    await page.keyboard.press('s');
    for (const subject of subjects) await expect.poll(() => ui.serverFlags('INBOX', idOf(subject)), { timeout: 15_000 }).not.toContain('\\Flagged');
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('selection-count').count()).toBe(0);
  });

  it('with Dovecot stopped, still browses cached mail and queues actions until it is back', async () => {
    // Open once while online: the body is then cached by the hub.
    await row('Grüße aus München').click();
    await expect.poll(() => page.getByTestId('plain-text').textContent()).toContain('viele Grüße aus München');
    await page.keyboard.press('Escape');

    await ui.dovecot.stop();
    await page.getByTestId('account-offline-banner').waitFor({ timeout: 30_000 });

    // Another mailbox, from the local store.
    await page.locator('[data-testid="mailbox"][data-special-use="\\\\Archive"]').click();
    await row('Invoice #4711').first().waitFor();
    await page.locator('[data-testid="mailbox"][data-special-use="\\\\Inbox"]').click();
    await row('Grüße aus München').click();
    await expect.poll(() => page.getByTestId('plain-text').textContent()).toContain('viele Grüße aus München');
    await page.keyboard.press('Escape');

    // An action while the server is down: shown at once, pending, then sent.
    await row('Привет из Москвы').getByTestId('row-star').click();
    expect(await row('Привет из Москвы').getAttribute('data-flagged')).toBe('true');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await row('Привет из Москвы').getAttribute('data-pending')).toBe('true');

    await ui.dovecot.start();
    await expect.poll(() => row('Привет из Москвы').getAttribute('data-pending'), { timeout: 45_000 }).toBe('false');
    expect(await ui.serverFlags('INBOX', idOf('Привет из Москвы'))).toContain('\\Flagged');
    expect(await row('Привет из Москвы').getAttribute('data-flagged')).toBe('true');
    await expect.poll(() => page.getByTestId('account-offline-banner').count(), { timeout: 30_000 }).toBe(0);
  }, 120_000);

  it('when the password changes on the server, asks for it in the banner and goes on with the same mail', async () => {
    const rowsBefore = await page.getByTestId('message-row').count();
    await ui.dovecot.setPassword(USER, 'changed-on-the-server');
    // A server restart ends the session; the hub's next logins are refused.
    await ui.dovecot.stop();
    await ui.dovecot.start();
    const banner = page.getByTestId('account-offline-banner');
    await expect.poll(() => banner.getAttribute('data-state'), { timeout: 45_000 }).toBe('auth_failed');
    const field = banner.getByLabel(`Password for ${USER}`);
    await field.fill('not-the-new-one');
    await banner.getByRole('button', { name: 'Use this password' }).click();
    await expect.poll(() => banner.getByTestId('password-prompt-error').textContent(), { timeout: 15_000 }).toMatch(/refused the login/i);
    await field.fill('changed-on-the-server');
    await banner.getByRole('button', { name: 'Use this password' }).click();
    await expect.poll(() => page.getByTestId('account-offline-banner').count(), { timeout: 30_000 }).toBe(0);
    expect(await page.getByTestId('message-row').count()).toBe(rowsBefore);
    // Synced again with the new password: new mail arrives.
    await ui.dovecot.appendRaw(USER, 'INBOX', rawMessage('After the new password', '<after-password@e2e.test>'));
    // The list may be scrolled down (rows outside the view are not in the DOM): back to its top.
    await page.locator('[data-testid="mailbox"][data-special-use="\\\\Inbox"]').click();
    await row('After the new password').waitFor({ timeout: 15_000 });
  }, 120_000);

  it('after a hub restart, a page opened from the printed address reconnects by itself and shows what it missed, without a reload', async () => {
    const { origin, port, token: oldToken } = ui.serve;
    // The page's browser session: a cookie its scripts cannot read, sent only to the session endpoints.
    const cookies = await page.context().cookies(`${origin}/api/session`);
    expect(cookies).toEqual([expect.objectContaining({ name: `mailmind_session_${port}`, path: '/api/session', httpOnly: true, sameSite: 'Strict', secure: false })]);
    expect(await page.evaluate(() => document.cookie)).toBe('');

    await ui.stopHub();
    try {
      await page.getByTestId('offline-banner').waitFor();
      expect(await page.getByTestId('offline-banner').textContent()).toContain('Hub shutting down');
      // The rows on screen stay while the hub is away.
      expect(await page.getByTestId('message-row').count()).toBeGreaterThan(5);
      await ui.dovecot.appendRaw(USER, 'INBOX', rawMessage('Arrived during the hub restart', '<restart-1@e2e.test>'));
    } finally {
      await ui.startHub();
    }
    // Same address (serve's default port is the last one), new token.
    expect(ui.serve.origin).toBe(origin);
    expect(ui.serve.token).not.toBe(oldToken);

    await page.locator('[data-testid="socket-state"][data-state="open"]').waitFor({ timeout: 30_000 });
    // The earlier tests left the list scrolled down (the keyboard cursor), and a list does not jump
    // to the top by itself; the newest message is at the top, where the user looks for it.
    await page.getByTestId('message-list').evaluate((list) => list.scrollTo(0, 0));
    await row('Arrived during the hub restart').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('session-ended-banner').count()).toBe(0);
    expect(await page.getByTestId('offline-banner').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { e2eSameDocument?: boolean }).e2eSameDocument)).toBe(true);
    // The renewed token is the page's now: a reload keeps working.
    expect(await page.evaluate(() => sessionStorage.getItem('mailmind.hubToken'))).toBe(ui.serve.token);
    await page.close();
  }, 90_000);

  it('after a hub restart, a browser given only the old address (no session cookie) says its session ended', async () => {
    const stale = ui.serve.token;
    await ui.stopHub();
    await ui.startHub();
    const context = await ui.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const fresh = await context.newPage();
      await fresh.goto(`${ui.serve.origin}/#token=${stale}`);
      await fresh.getByTestId('session-ended-banner').waitFor({ timeout: 20_000 });
      expect(await fresh.getByTestId('session-ended-banner').textContent()).toContain('Open the address it printed again');
      expect(await fresh.locator('[data-testid="socket-state"][data-state="open"]').count()).toBe(0);
      expect(await context.cookies()).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('after a hub restart, a page with the preload bridge (as in the app) reconnects by itself and shows what it missed', async () => {
    page = await ui.browser.newPage({ viewport: { width: 1280, height: 800 } });
    // What the Electron preload does: ask the main process for the current connection.
    await page.exposeFunction('e2eHubConnection', () => ({ wsUrl: `ws://127.0.0.1:${ui.serve.port}/ws/events/`, apiUrl: ui.serve.origin, token: ui.serve.token }));
    await page.addInitScript(() => {
      const w = window as unknown as { e2eHubConnection(): Promise<{ wsUrl: string; apiUrl: string; token: string }>; mailmind: unknown };
      // The preload's two functions (notification clicks are not exercised here).
      w.mailmind = { getHubConnection: () => w.e2eHubConnection(), onOpenMessage: () => () => {} };
    });
    await page.goto(ui.serve.origin);
    await page.locator('[data-testid="socket-state"][data-state="open"]').waitFor();
    await row('Fresh from another client').waitFor();
    await page.evaluate(() => ((window as unknown as { e2eSameDocument: boolean }).e2eSameDocument = true));

    await ui.stopHub();
    try {
      await page.getByTestId('offline-banner').waitFor();
      // While the hub is down: an action stays shown, waiting (it was starred above: unstarred now).
      await row('Fresh from another client').getByTestId('row-star').click();
      expect(await row('Fresh from another client').getAttribute('data-flagged')).toBe('false');
      expect(await row('Fresh from another client').getAttribute('data-pending')).toBe('true');
      // Mail that arrives while the page is cut off.
      await ui.dovecot.appendRaw(USER, 'INBOX', rawMessage('Arrived while the hub was down', '<missed-1@e2e.test>'));
    } finally {
      await ui.startHub();
    }

    await page.locator('[data-testid="socket-state"][data-state="open"]').waitFor({ timeout: 30_000 });
    await row('Arrived while the hub was down').waitFor({ timeout: 30_000 });
    // The hub is back (with a new token): the unstar is sent, once, and reaches the server.
    await expect.poll(() => ui.serverFlags('INBOX', '<fresh-1@e2e.test>'), { timeout: 30_000 }).not.toContain('\\Flagged');
    await expect.poll(() => row('Fresh from another client').getAttribute('data-pending'), { timeout: 15_000 }).toBe('false');
    expect(await row('Fresh from another client').getAttribute('data-flagged')).toBe('false');
    expect(await page.getByTestId('action-toast').count()).toBe(0);
    expect(await page.getByTestId('offline-banner').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { e2eSameDocument?: boolean }).e2eSameDocument)).toBe(true);
  }, 90_000);

  it('moves through the list with j/k, opens with Enter, closes with Esc, and focuses search with /', async () => {
    await page.locator('[data-testid="mailbox"][data-special-use="\\\\Inbox"]').click();
    await page.getByTestId('message-row').first().waitFor();
    const ids = await page.getByTestId('message-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('j');
    expect(await page.locator('.row.cursor').getAttribute('data-id')).toBe(ids[1]);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('reader').getAttribute('data-message-id')).toBe(ids[1]);
    await page.keyboard.press('j'); // with the reader open, the next message opens
    await expect.poll(() => page.getByTestId('reader').getAttribute('data-message-id')).toBe(ids[2]);
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('reader').count()).toBe(0);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-input');
    await page.keyboard.press('Escape');
  });

  it('adds an account through the setup form, with the server\'s refusal shown at the password field', async () => {
    const bob = ui.dovecot.users[1]!;
    await page.getByRole('button', { name: 'Add account' }).first().click();
    await page.getByLabel('Provider').selectOption('other');
    await page.getByLabel('Email address').fill(bob.user);
    await page.getByLabel('IMAP server').fill('127.0.0.1');
    await page.getByLabel('Port').fill(String(ui.dovecot.port));
    await page.getByLabel('Security').selectOption('none');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByTestId('setup-form').getByRole('button', { name: 'Add account' }).click();
    await page.getByTestId('error-password').waitFor({ timeout: 20_000 });
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('account').count()).toBe(1);

    await page.getByLabel('Password').fill(bob.password);
    await page.getByTestId('setup-form').getByRole('button', { name: 'Add account' }).click();
    await expect.poll(() => page.getByTestId('account').count(), { timeout: 20_000 }).toBe(2);
    await expect.poll(() => page.getByTestId('setup-form').count()).toBe(0);
    expect(await page.locator('[data-testid="account"]').allTextContents()).toEqual([expect.stringContaining('Alice Example'), expect.stringContaining(bob.user)]);
  }, 60_000);
});

