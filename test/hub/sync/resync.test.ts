// A session that starts on a synced account (after a restart or a lost connection)
// finds what changed while the hub was away, in INBOX (opened first, see
// account-sync.ts) and in the other mailboxes, and reports nothing when nothing changed.
// With QRESYNC (RFC 7162) the CHANGEDSINCE fetch reports the expunged UIDs (VANISHED
// (EARLIER)), so they leave the store without a UID SEARCH of the whole mailbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, MessageSummary } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { mailboxesOf, messagesOf } from '../../support/hub-actions';
import type { DovecotInstance } from '../../support/mail/dovecot';
import { waitForSyncState } from '../../support/hub-api';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';
import type { TestHub } from '../../support/test-hub';
import type { EventSocket } from '../../support/ws-client';

let s: SyncedAccount;
let dovecot: DovecotInstance;
let t: TestHub;
let socket: EventSocket;
let account: Account;

beforeAll(async () => {
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(30) }, hub: { sync: { pollMs: 60_000, backoff: { baseMs: 100, maxMs: 300 } } } });
  ({ dovecot, t, socket, account } = s);
});

afterAll(() => s?.stop());

const mailEvents = (): HubEvent[] => socket.events.filter((e) => e.type === 'email.new' || e.type === 'email.updated' || e.type === 'email.deleted');

describe('a new session on a synced account', () => {
  it('removes messages expunged while the hub was away, as QRESYNC reports them', async () => {
    const inbox = (await mailboxesOf(t, account.id)).find((m) => m.path === 'INBOX')!;
    const [first, second, third]: MessageSummary[] = await messagesOf(t, inbox.id);
    await s.goOffline();
    await withImapClient(dovecot, async (client) => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        await client.messageDelete(`${first!.uid},${second!.uid}`, { uid: true });
        await client.messageFlagsAdd(String(third!.uid), ['\\Flagged'], { uid: true });
      } finally {
        lock.release();
      }
    });
    socket.events.length = 0;
    s.goOnline();
    const deleted = await socket.waitFor((e: HubEvent): e is Extract<HubEvent, { type: 'email.deleted' }> => e.type === 'email.deleted');
    expect(deleted.payload.ids.sort()).toEqual([first!.id, second!.id].sort());
    await waitForSyncState(socket, account.id, 'idle');
    const now = await messagesOf(t, inbox.id);
    expect(now.map((m) => m.id)).not.toContain(first!.id);
    expect(now.find((m) => m.id === third!.id)!.flags).toContain('\\Flagged');
    expect(t.hub.store.reads.getMailbox(inbox.id)!.total).toBe(28);
    expect(t.logs.find((entry) => entry.message === 'expunges reported by QRESYNC')?.fields).toMatchObject({ count: 2 });
  });

  it('finds a new message, a flag change and an expunge in INBOX, and a new message in Sent, made while it was away', async () => {
    const inbox = t.hub.store.reads.getMailboxByPath(account.id, 'INBOX')!;
    const total = inbox.total;
    const [first, second] = t.hub.store.reads.uidsOf(inbox.id);
    const seen = t.hub.store.reads.getMessageByUid(inbox.id, first!)!;
    const gone = t.hub.store.reads.getMessageByUid(inbox.id, second!)!;
    await s.goOffline();
    await withImapClient(dovecot, async (client) => {
      await client.append('INBOX', 'From: a@example.test\r\nSubject: while away\r\nMessage-ID: <away@test>\r\n\r\nhi\r\n');
      await client.append('Sent', 'From: alice@example.test\r\nSubject: sent elsewhere\r\nMessage-ID: <sent-away@test>\r\n\r\nhi\r\n');
      const lock = await client.getMailboxLock('INBOX');
      try {
        await client.messageFlagsAdd(String(first), ['\\Seen'], { uid: true });
        await client.messageDelete(String(second), { uid: true });
      } finally {
        lock.release();
      }
    });
    socket.events.length = 0;
    s.goOnline();
    await waitForSyncState(socket, account.id, 'idle', 30_000);

    const arrived = socket.events.find((e) => e.type === 'email.new' && e.payload.message.messageId === '<away@test>');
    expect(arrived).toBeDefined();
    const updated = socket.events.find((e) => e.type === 'email.updated' && e.payload.message.id === seen.id);
    expect(updated?.type === 'email.updated' && updated.payload.message.flags).toContain('\\Seen');
    expect(socket.events.some((e) => e.type === 'email.deleted' && e.payload.ids.includes(gone.id))).toBe(true);
    // One arrived, one went.
    expect(t.hub.store.reads.getMailbox(inbox.id)?.total).toBe(total);
    const sent = t.hub.store.reads.getMailboxByPath(account.id, 'Sent')!;
    expect(t.hub.store.reads.listMessages(sent.id, 10).messages.map((m) => m.messageId)).toContain('<sent-away@test>');
  });

  it('lists a mailbox created elsewhere while it was away, and drops one deleted elsewhere', async () => {
    const paths = (): string[] => t.hub.store.reads.listMailboxes(account.id).map((m) => m.path);
    await s.goOffline();
    await withImapClient(dovecot, (client) => client.mailboxCreate('Projects').then(() => undefined));
    socket.events.length = 0;
    s.goOnline();
    await waitForSyncState(socket, account.id, 'idle', 30_000);
    expect(paths()).toContain('Projects');
    await s.goOffline();
    await withImapClient(dovecot, (client) => client.mailboxDelete('Projects').then(() => undefined));
    socket.events.length = 0;
    s.goOnline();
    await waitForSyncState(socket, account.id, 'idle', 30_000);
    expect(paths()).not.toContain('Projects');
    expect(paths()).toContain('INBOX');
  });

  it('reports no mail event when nothing changed while it was away', async () => {
    await s.goOffline();
    socket.events.length = 0;
    s.goOnline();
    await waitForSyncState(socket, account.id, 'idle', 30_000);
    expect(mailEvents()).toEqual([]);
  });
});
