// Messages another client expunged while the hub was not syncing leave the
// store when the hub finds them gone, and the mailbox's counts in the sidebar
// follow: clients take total and unread only from mailbox.updated, so the last
// one a resync sends must carry what the server now has. Covers both ways the
// sync finds such messages by comparing UID lists (removeVanished in
// mailbox-sync.ts): a resync on a server without CONDSTORE/QRESYNC, and a first
// sync that was cut off and resumes. (With QRESYNC a resync learns of expunges
// from VANISHED (EARLIER) in its flag fetch instead, which announces the mailbox
// on its own: not this file's concern.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Mailbox } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { mailboxesOf } from '../../support/hub-actions';
import { accountRequest, callApi, waitForSyncState } from '../../support/hub-api';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';
import { startTestHub, type TestHub } from '../../support/test-hub';
import { eventsUrl, openEventSocket, type EventSocket } from '../../support/ws-client';

// As in no-condstore.test.ts: Dovecot's own list without CONDSTORE and QRESYNC.
const WITHOUT_CONDSTORE = 'IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT NAMESPACE UIDPLUS CHILDREN LIST-EXTENDED LIST-STATUS ESEARCH SPECIAL-USE MOVE UNSELECT';
const SYNC = { pollMs: 60_000, backoff: { baseMs: 100, maxMs: 300 } };

type MailboxUpdated = Extract<HubEvent, { type: 'mailbox.updated' }>;
type SyncStatus = Extract<HubEvent, { type: 'sync.status' }>;

interface ServerCounts {
  total: number;
  unread: number;
}

/**
 * Expunges from INBOX, as another client would, the UIDs `choose` picks from the server's own
 * list, and returns INBOX's counts after it (STATUS).
 */
async function expungeElsewhere(dovecot: DovecotInstance, choose: (serverUids: number[]) => number[]): Promise<ServerCounts> {
  return withImapClient(dovecot, async (client) => {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const serverUids = (await client.search({ all: true }, { uid: true })) || [];
      await client.messageDelete(choose(serverUids), { uid: true });
    } finally {
      lock.release();
    }
    const status = await client.status('INBOX', { messages: true, unseen: true });
    if (!status) throw new Error('STATUS INBOX was refused');
    return { total: status.messages!, unread: status.unseen! };
  });
}

/**
 * The counts a client shows for `mailboxId` once the account reports idle: those of the last
 * mailbox.updated before that idle. A session begins by announcing every mailbox with the counts
 * stored before it (mailbox-reconcile.ts), so an announcement of the removal is the only one
 * that can bring the new counts.
 */
async function countsShownWhenIdle(socket: EventSocket, accountId: string, mailboxId: string): Promise<ServerCounts | undefined> {
  const idle = await waitForSyncState(socket, accountId, 'idle', 30_000);
  const beforeIdle = socket.events.slice(0, socket.events.indexOf(idle));
  const last = beforeIdle.filter((e): e is MailboxUpdated => e.type === 'mailbox.updated' && e.payload.mailbox.id === mailboxId).at(-1);
  return last && { total: last.payload.mailbox.total, unread: last.payload.mailbox.unread };
}

const deletedIds = (socket: EventSocket, mailboxId: string): string[] =>
  socket.events.flatMap((e) => (e.type === 'email.deleted' && e.payload.mailboxId === mailboxId ? e.payload.ids : [])).sort();

async function inboxOverApi(t: TestHub, accountId: string): Promise<Mailbox> {
  return (await mailboxesOf(t, accountId)).find((m) => m.path === 'INBOX')!;
}

describe('a resync on a server without CONDSTORE (expunges found by a UID diff)', () => {
  let s: SyncedAccount;
  beforeAll(async () => {
    s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(20), imapCapability: WITHOUT_CONDSTORE }, hub: { sync: SYNC } });
  });
  afterAll(() => s?.stop());

  it('announces INBOX with the counts the server has after messages, unread ones among them, were expunged while the hub was away', async () => {
    const { t, socket, account, dovecot } = s;
    const inbox = t.hub.store.reads.getMailboxByPath(account.id, 'INBOX')!;
    const stored = t.hub.store.reads.uidsOf(inbox.id).map((uid) => t.hub.store.reads.getMessageByUid(inbox.id, uid)!);
    const unread = stored.filter((m) => !m.flags.includes('\\Seen'));
    // Two unread and one read: both counts must change.
    const doomed = [...unread.slice(0, 2), stored.find((m) => m.flags.includes('\\Seen'))!];
    expect(unread.length).toBeGreaterThanOrEqual(2);

    await s.goOffline();
    const server = await expungeElsewhere(dovecot, () => doomed.map((m) => m.uid!));
    expect(server).toEqual({ total: inbox.total - 3, unread: inbox.unread - 2 });
    socket.events.length = 0;
    s.goOnline();

    expect(await countsShownWhenIdle(socket, account.id, inbox.id)).toEqual(server);
    expect(deletedIds(socket, inbox.id)).toEqual(doomed.map((m) => m.id).sort());
    expect(await inboxOverApi(t, account.id)).toMatchObject(server);
  });
});

describe('a first sync cut off, then resumed', () => {
  const COUNT = 300;
  let dovecot: DovecotInstance;
  let t: TestHub;
  let socket: EventSocket;
  beforeAll(async () => {
    dovecot = await startDovecot({ corpus: syntheticMessages(COUNT) });
    // Chunks of 50 over the main connection (below bulkMinMessages): a first sync stopped after
    // its first chunk has most of the mailbox still to fetch.
    t = await startTestHub({ sync: { ...SYNC, chunkSize: 50, batchSize: 50 } });
    socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
  });
  afterAll(async () => {
    dovecot?.signalSessions('SIGCONT');
    socket?.ws.close(1000);
    await t?.stop();
    await dovecot?.destroy();
  });

  it('announces INBOX with the new counts when the resume finds only deletions', async () => {
    const added = await callApi<{ account: Account }>(t, '/api/accounts', { method: 'POST', body: accountRequest(dovecot) });
    expect(added.status).toBe(201);
    const account = added.body.account;
    await socket.waitFor(
      (e: HubEvent): e is SyncStatus => e.type === 'sync.status' && e.payload.accountId === account.id && (e.payload.progress?.done ?? 0) >= 50,
      30_000,
    );
    // The server stops answering, so the first sync cannot finish before the hub stops it.
    expect(dovecot.signalSessions('SIGSTOP')).toBeGreaterThanOrEqual(1);
    await t.hub.sync.stop(account.id);
    dovecot.signalSessions('SIGCONT');

    const inbox = t.hub.store.reads.getMailboxByPath(account.id, 'INBOX')!;
    const stored = t.hub.store.reads.uidsOf(inbox.id).map((uid) => t.hub.store.reads.getMessageByUid(inbox.id, uid)!);
    expect(inbox.initialSyncDone).toBe(false);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThan(COUNT);

    // Gone from the server: everything the first sync had not fetched yet (so the resume stores
    // nothing, and announces nothing of its own), and three it had, two of them unread.
    const storedUids = new Set(stored.map((m) => m.uid!));
    const unread = stored.filter((m) => !m.flags.includes('\\Seen'));
    const doomed = [...unread.slice(0, 2), stored.find((m) => m.flags.includes('\\Seen'))!];
    expect(unread.length).toBeGreaterThanOrEqual(2);
    const server = await expungeElsewhere(dovecot, (serverUids) => [...serverUids.filter((uid) => !storedUids.has(uid)), ...doomed.map((m) => m.uid!)]);
    expect(server).toEqual({ total: inbox.total - 3, unread: inbox.unread - 2 });

    socket.events.length = 0;
    t.hub.sync.start(t.hub.store.reads.getAccount(account.id)!, dovecot.users[0]!.password);

    expect(await countsShownWhenIdle(socket, account.id, inbox.id)).toEqual(server);
    expect(deletedIds(socket, inbox.id)).toEqual(doomed.map((m) => m.id).sort());
    expect(await inboxOverApi(t, account.id)).toMatchObject(server);
  });
});
