// The tray and notification logic wired to a real hub syncing a private
// Dovecot, exactly as the composition root wires them (hub-ports.ts and the
// profile's event group); only the platform ports (tray icon, notification
// bubble, window) are recording stand-ins.
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenMessageTarget } from '../../shared/bridge';
import type { Account, Mailbox } from '../../shared/model';
import { userEventsGroup, type HubEvent } from '../../shared/protocol';
import { checkMailNow, mailboxFacts, readMailboxes } from '../../electron/main/hub-ports';
import { createNewMailNotifier, DEFAULT_COALESCE_MS, type NotificationContent } from '../../electron/main/notifications/new-mail-notifier';
import { defaultSettings } from '../../electron/main/settings/app-settings';
import { createUnreadTray, type UnreadTray } from '../../electron/main/tray/unread-tray';
import { buildCorpus } from '../support/corpus';
import { accountRequest, callApi } from '../support/hub-api';
import { startDovecot, type DovecotInstance } from '../support/mail/dovecot';
import { eventually, startTestHub, type TestHub } from '../support/test-hub';

// The app's own window: shorter ones split a burst when a loaded machine is slow to report it.
const COALESCE_MS = DEFAULT_COALESCE_MS;
let dovecot: DovecotInstance;
let t: TestHub;
let account: Account;
let tray: UnreadTray;
const events: HubEvent[] = [];
const notifications: NotificationContent[] = [];
const focused: OpenMessageTarget[] = [];
const trayShown: number[] = [];

const sawState = (state: string, after: number) => events.slice(after).some((e) => e.type === 'sync.status' && e.payload.accountId === account.id && e.payload.state === state);
const settle = () => new Promise((resolve) => setTimeout(resolve, COALESCE_MS + 500));

async function inboxUnreadFromApi(): Promise<number> {
  const { body } = await callApi<{ mailboxes: Mailbox[] }>(t, '/api/mailboxes');
  return body.mailboxes.filter((m) => m.specialUse === '\\Inbox').reduce((sum, m) => sum + m.unread, 0);
}

function rawMessage(id: string, from: string, subject: string): string {
  return `From: ${from}\r\nTo: alice@mailmind.test\r\nSubject: ${subject}\r\nMessage-ID: <${id}@test>\r\nDate: ${new Date().toUTCString()}\r\n\r\nHello.\r\n`;
}

beforeAll(async () => {
  dovecot = await startDovecot({ corpus: buildCorpus() });
  // A long backoff: after an outage the account reconnects within the test only when asked to.
  t = await startTestHub({ sync: { pollMs: 300, backoff: { baseMs: 120_000, maxMs: 120_000 } } });
  const settings = { get: () => defaultSettings, update: () => defaultSettings };
  tray = createUnreadTray({
    port: { showUnread: (count) => trayShown.push(count), setMenu: () => {} },
    readMailboxes: readMailboxes(t.hub),
    settings,
    actions: { open: () => {}, checkNow: checkMailNow(t.hub), quit: () => {} },
  });
  const notifier = createNewMailNotifier({
    notifier: { show: (n) => notifications.push(n) },
    mailboxFacts: mailboxFacts(t.hub),
    isPaused: () => false,
    focusMessage: (target) => focused.push(target),
    coalesceMs: COALESCE_MS,
  });
  const group = userEventsGroup(t.hub.profile);
  t.hub.events.groupAdd(group, { receive: (event) => events.push(event) });
  t.hub.events.groupAdd(group, tray);
  t.hub.events.groupAdd(group, notifier);
  const added = await callApi<{ account: Account }>(t, '/api/accounts', { method: 'POST', body: accountRequest(dovecot) });
  expect(added.status).toBe(201);
  account = added.body.account;
  await eventually(() => sawState('idle', 0), 'the first sync', 30_000);
});

afterAll(async () => {
  await t?.stop();
  await dovecot?.destroy();
});

describe('shell logic on a real hub', () => {
  it('shows no notification for the first sync, and the tray counts the inbox unread as the API does', async () => {
    await settle();
    expect(events.some((e) => e.type === 'mailbox.updated')).toBe(true);
    expect(notifications).toEqual([]);
    const expected = await inboxUnreadFromApi();
    expect(expected).toBeGreaterThan(0);
    expect(tray.unreadCount()).toBe(expected);
    expect(trayShown.at(-1)).toBe(expected);
  });

  it('notifies an unread arrival in INBOX with sender and subject; a click leads to that message', async () => {
    const before = tray.unreadCount();
    await dovecot.appendRaw(dovecot.users[0]!.user, 'INBOX', rawMessage('notify-1', 'Zed Sender <zed@example.test>', 'Quarterly numbers'));
    await eventually(() => notifications.length === 1, 'a notification', 10_000);
    expect(notifications[0]).toMatchObject({ title: 'Zed Sender', body: 'Quarterly numbers' });
    await eventually(() => tray.unreadCount() === before + 1, 'the tray count to go up');

    notifications[0]!.onClick();
    const [target] = focused;
    const opened = await callApi<{ message: { subject: string; mailboxId: string } }>(t, `/api/messages/${target!.messageId}`);
    expect(opened.body.message.subject).toBe('Quarterly numbers');
    expect(opened.body.message.mailboxId).toBe(target!.mailboxId);
  });

  it('stays quiet for mail already read and for mail outside INBOX', async () => {
    const shownBefore = notifications.length;
    const arrivalsBefore = events.filter((e) => e.type === 'email.new').length;
    await dovecot.appendRaw(dovecot.users[0]!.user, 'INBOX', rawMessage('read-1', 'Me <alice@mailmind.test>', 'Sent from my other device'), ['\\Seen']);
    await dovecot.appendRaw(dovecot.users[0]!.user, 'Archive', rawMessage('archive-1', 'Ann <ann@example.test>', 'Filed'));
    await eventually(() => events.filter((e) => e.type === 'email.new').length >= arrivalsBefore + 2, 'both arrivals', 10_000);
    await settle();
    expect(notifications.length).toBe(shownBefore);
  });

  it('coalesces a burst into one notification', async () => {
    const shownBefore = notifications.length;
    // Three messages delivered back to back by one client, as a mail server delivers a burst.
    const client = new ImapFlow({ ...dovecot.imapOptions(), logger: false });
    client.on('error', () => {});
    await client.connect();
    await client.append('INBOX', rawMessage('burst-1', 'Ann <ann@example.test>', 'One'));
    await client.append('INBOX', rawMessage('burst-2', 'Ben <ben@example.test>', 'Two'));
    await client.append('INBOX', rawMessage('burst-3', 'Ann <ann@example.test>', 'Three'));
    await client.logout();
    await eventually(() => notifications.length > shownBefore, 'a notification', 10_000);
    await settle();
    const burst = notifications.slice(shownBefore);
    // IDLE may report the three APPENDs in one or two fetches: fewer bubbles than messages,
    // and together they account for each message exactly once.
    expect(burst.length).toBeLessThan(3);
    const counted = burst.map((n) => Number(/^(\d+) new messages/.exec(n.title)?.[1] ?? 1));
    expect(counted.reduce((sum, n) => sum + n, 0)).toBe(3);
  });

  it('"check mail now" reconnects an account waiting out its backoff', async () => {
    const mark = events.length;
    await dovecot.stop();
    await eventually(() => sawState('offline', mark), 'the account to go offline', 15_000);
    await dovecot.start();
    // The backoff is two minutes: without the tray's action nothing would happen within this test.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sawState('idle', mark)).toBe(false);
    checkMailNow(t.hub)();
    await eventually(() => sawState('idle', mark), 'the account to be back', 15_000);
  });
});
