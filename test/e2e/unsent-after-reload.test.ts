// An action made while the hub is down, in a page reloaded before the hub is back: the page that
// loads once the hub answers sends it, and it reaches the mail server once. End to end in Chromium
// on `npm run serve` (the built hub in its own process, with a real keyring so that the account
// outlives the restart) and a private Dovecot, read back with a second IMAP client.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyringSession, type KeyringSession } from '../support/keyring-session';
import { buildCorpus } from '../support/mail/corpus';
import { serverCopies } from '../support/mail/server-copies';
import { startMailUi, type MailUi } from '../support/mail-ui';

const corpus = buildCorpus();
const SUBJECT = 'Привет из Москвы';
const MESSAGE_ID = corpus.find((m) => m.expected.subject === SUBJECT)!.expected.messageId;

let keyring: KeyringSession;
let ui: MailUi;
let page: Page;

const row = (subject: string) => page.getByTestId('message-row').filter({ hasText: subject });
const socketOpen = () => page.locator('[data-testid="socket-state"][data-state="open"]').waitFor({ timeout: 30_000 });
/** Where the server has the message: one mailbox path per copy. */
const copiesOnServer = async () => ((await serverCopies(ui.dovecot)).get(MESSAGE_ID) ?? []).map((copy) => copy.path);

beforeAll(async () => {
  keyring = await startKeyringSession();
  ui = await startMailUi({ corpus, env: keyring.env });
  await ui.waitForTotal('\\Inbox', corpus.filter((m) => m.mailbox === 'INBOX').length);
  page = await ui.openPage();
  await row(SUBJECT).waitFor();
}, 120_000);

afterAll(async () => {
  await ui?.stop();
  await keyring?.stop();
});

describe('an action not sent before a reload, in Chromium', () => {
  it('archives the message on the server, once, after the page was reloaded while the hub was down', async () => {
    await ui.stopHub();
    await page.getByTestId('offline-banner').waitFor();
    await row(SUBJECT).getByRole('checkbox').check();
    await page.getByTestId('action-archive').click();
    expect(await row(SUBJECT).count()).toBe(0);
    await expect.poll(() => page.getByTestId('action-toast').first().getAttribute('data-state')).toBe('unsent');

    // Reloaded while the hub is still down: the browser can only show its error page.
    await expect(page.reload()).rejects.toThrow(/ERR_CONNECTION_REFUSED/);
    await ui.startHub();
    // The user reloads again once the hub is back: the page gets the hub's new token through its session.
    await page.goto(ui.serve.origin);
    await socketOpen();

    // The archive kept from before the reload is sent, and says so; the message stays out of the inbox.
    const toast = page.getByTestId('action-toast');
    await expect.poll(() => toast.first().getAttribute('data-state'), { timeout: 15_000 }).toBe('applied');
    expect(await toast.count()).toBe(1);
    expect(await toast.first().textContent()).toContain('Archived 1 message — done');
    await page.getByTestId('message-row').first().waitFor();
    expect(await row(SUBJECT).count()).toBe(0);
    await expect.poll(copiesOnServer, { timeout: 15_000 }).toEqual(['Archive']);
    expect(await page.evaluate(() => localStorage.getItem('mailmind.unsentActions'))).toBeNull();

    // Sent once: another reload sends nothing again.
    await page.reload();
    await socketOpen();
    await page.getByTestId('message-row').first().waitFor();
    expect(await page.getByTestId('action-toast').count()).toBe(0);
    expect(await copiesOnServer()).toEqual(['Archive']);
  }, 120_000);
});
