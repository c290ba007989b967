// The whole product for browser tests: a private Dovecot, the built headless hub
// (`out/main/serve.js`) in its own process with an account on that Dovecot, and
// Debian's Chromium on the address the hub prints.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Account, Mailbox } from '../../shared/model';
import type { MessagePageResponse } from '../../shared/api';
import { launchChromium } from './chromium';
import type { CorpusMessage } from './mail/corpus-message';
import { startDovecot, type DovecotInstance, type DovecotOptions } from './mail/dovecot';
import { startServe, type ServeProcess } from './serve-process';

export interface MailUi {
  dovecot: DovecotInstance;
  serve: ServeProcess;
  dataDir: string;
  browser: Browser;
  account: Account;
  /** GET/POST on the hub's API with its token. */
  api<T>(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: T }>;
  mailbox(specialUseOrPath: string): Promise<Mailbox>;
  /** Waits until the hub's store has `count` messages in the mailbox (e.g. after the first sync). */
  waitForTotal(mailboxPathOrUse: string, count: number, timeoutMs?: number): Promise<void>;
  /** A new page on the hub's address (token in the fragment), mail list shown. */
  openPage(): Promise<Page>;
  /** The flags the IMAP server has for the message with this Message-ID in `mailbox`, or null when it is not there. */
  serverFlags(mailbox: string, messageId: string): Promise<string[] | null>;
  /** Stops the hub (SIGTERM: clients are told 1001). */
  stopHub(): Promise<void>;
  /**
   * Starts the hub again on the same data folder, with no --port: by serve's default it
   * comes back on the port it used last time (with a new token, as on every launch).
   */
  startHub(): Promise<void>;
  stop(): Promise<void>;
}

export interface MailUiOptions {
  corpus?: Iterable<CorpusMessage> | AsyncIterable<CorpusMessage>;
  /** Variables for the hub process (e.g. a keyring session's). */
  env?: Record<string, string>;
  browser?: Browser;
}

export async function startMailUi(options: MailUiOptions = {}): Promise<MailUi> {
  const dovecot = await startDovecot({ corpus: options.corpus });
  const dataDir = await mkdtemp(join(tmpdir(), 'mailmind-ui-'));
  const env = options.env ?? {};
  let serve = await startServe(dataDir, env);
  const ownBrowser = !options.browser;
  const browser = options.browser ?? (await launchChromium());

  const api = async <T>(path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${serve.origin}${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${serve.token}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };

  const user = dovecot.users[0]!;
  const added = await api<{ account: Account }>('/api/accounts', {
    method: 'POST',
    body: { email: user.user, displayName: 'Alice Example', imap: { host: '127.0.0.1', port: dovecot.port, security: 'none', user: user.user }, password: user.password },
  });
  if (added.status !== 201) throw new Error(`account add failed: ${added.status} ${JSON.stringify(added.body)}`);

  const mailbox = async (which: string): Promise<Mailbox> => {
    const { body } = await api<{ mailboxes: Mailbox[] }>('/api/mailboxes');
    const found = body.mailboxes.find((m) => m.specialUse === which || m.path === which);
    if (!found) throw new Error(`no mailbox ${which}`);
    return found;
  };

  const ui: MailUi = {
    dovecot,
    get serve() {
      return serve;
    },
    dataDir,
    browser,
    account: added.body.account,
    api,
    mailbox,
    async waitForTotal(which, count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const box = await mailbox(which).catch(() => null);
        if (box) {
          const page = await api<MessagePageResponse>(`/api/mailboxes/${box.id}/messages?limit=1`);
          if (box.total >= count && page.body.messages.length > 0) return;
        }
        if (Date.now() > deadline) throw new Error(`${which} did not reach ${count} messages`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async openPage() {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(`${serve.origin}/#token=${serve.token}`);
      await page.locator('[data-testid="socket-state"][data-state="open"]').waitFor();
      return page;
    },
    serverFlags: (mailboxPath, messageId) => serverFlags(dovecot, mailboxPath, messageId),
    async stopHub() {
      await serve.stop();
    },
    async startHub() {
      serve = await startServe(dataDir, env, null);
    },
    async stop() {
      if (ownBrowser) await browser.close().catch(() => undefined);
      await serve.kill().catch(() => undefined);
      await dovecot.destroy();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return ui;
}

/**
 * A MailUi whose inbox holds `inboxCount` messages of `corpus`, synced, and a page on it showing
 * its first row.
 */
export async function startMailUiOnInbox(corpus: MailUiOptions['corpus'], inboxCount: number): Promise<{ ui: MailUi; page: Page }> {
  const ui = await startMailUi({ corpus });
  await ui.waitForTotal('\\Inbox', inboxCount);
  const page = await ui.openPage();
  await page.getByTestId('message-row').first().waitFor();
  return { ui, page };
}

/**
 * The product before any account: a private Dovecot, the built hub on a data folder of its own
 * (no keyring: an account added lasts for the hub's session) and Chromium.
 */
export interface HubWithoutAccount {
  dovecot: DovecotInstance;
  serve: ServeProcess;
  dataDir: string;
  browser: Browser;
  /** A new page of `width`×800 on the hub's address (token in the fragment). */
  openPage(width: number): Promise<Page>;
  stop(): Promise<void>;
}

/** Starts a HubWithoutAccount; stops what it started if it cannot start it all. */
export async function startHubWithoutAccount(dovecotOptions: DovecotOptions, dataDirPrefix: string): Promise<HubWithoutAccount> {
  let dovecot: DovecotInstance | undefined;
  let dataDir: string | undefined;
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    await serve?.kill().catch(() => undefined);
    await dovecot?.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    dovecot = await startDovecot(dovecotOptions);
    dataDir = await mkdtemp(join(tmpdir(), dataDirPrefix));
    serve = await startServe(dataDir);
    browser = await launchChromium();
  } catch (error) {
    await stop();
    throw error;
  }
  const started = { dovecot, serve, dataDir, browser };
  return {
    ...started,
    async openPage(width) {
      const page = await started.browser.newPage({ viewport: { width, height: 800 } });
      await page.goto(`${started.serve.origin}/#token=${started.serve.token}`);
      return page;
    },
    stop,
  };
}

/** Looks a message up by Message-ID over a separate IMAP connection, as another client would. */
export async function serverFlags(dovecot: DovecotInstance, mailbox: string, messageId: string): Promise<string[] | null> {
  const client = new ImapFlow(dovecot.imapOptions());
  client.on('error', () => undefined); // surfaced by the awaited commands
  await client.connect();
  try {
    const lock = await client.getMailboxLock(mailbox);
    try {
      const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
      const uid = Array.isArray(uids) ? uids[0] : undefined;
      if (uid === undefined) return null;
      const message = await client.fetchOne(String(uid), { flags: true }, { uid: true });
      return message ? [...(message.flags ?? [])].sort() : null;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** A small text message as another mail client would APPEND it. */
export function rawMessage(subject: string, messageId: string, from = 'Dana Scully <dana@example.org>'): string {
  return [
    `From: ${from}`,
    'To: alice@mailmind.test',
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    `Body of ${subject}.`,
    '',
  ].join('\r\n');
}

/** Whether the row of message `id` is wholly in the view of the message list `list`. */
export function rowInView(list: Locator, id: string): Promise<boolean> {
  return list.evaluate((element, rowId) => {
    const row = element.querySelector(`[data-id="${rowId}"]`);
    if (!row) return false;
    const box = element.getBoundingClientRect();
    const rowBox = row.getBoundingClientRect();
    return rowBox.top >= box.top - 1 && rowBox.bottom <= box.bottom + 1;
  }, id);
}

/** The message of the row the message list `list` points at (its aria-activedescendant), or null. */
export function announcedRow(list: Locator): Promise<string | null> {
  return list.evaluate((element) => {
    const id = element.getAttribute('aria-activedescendant');
    return id ? (document.getElementById(id)?.getAttribute('data-id') ?? null) : null;
  });
}
