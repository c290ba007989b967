// The sync engine against a private Dovecot: the first sync equals the server,
// and changes made by another client arrive as events.
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Mailbox, MessageSummary } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import type { MessageDetailResponse, MessagePageResponse } from '../../../shared/api';
import { buildCorpus, type CorpusMessage } from '../../support/corpus';
import { filesContaining } from '../../support/files-containing';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { accountRequest, callApi, waitForSyncState } from '../../support/hub-api';
import { withImapClient } from '../../support/synced-account';
import { startTestHub, type TestHub } from '../../support/test-hub';
import { eventsUrl, openEventSocket, type EventSocket } from '../../support/ws-client';

let dovecot: DovecotInstance;
let t: TestHub;
let socket: EventSocket;
let account: Account;
const corpus: CorpusMessage[] = buildCorpus();

const withImap = <T>(work: (client: ImapFlow) => Promise<T>): Promise<T> => withImapClient(dovecot, work);

async function allMessages(mailboxId: string, hub: TestHub = t): Promise<MessageSummary[]> {
  const messages: MessageSummary[] = [];
  let before: string | null = null;
  do {
    const query: string = before ? `?limit=7&before=${encodeURIComponent(before)}` : '?limit=7';
    const page = await callApi<MessagePageResponse>(hub, `/api/mailboxes/${mailboxId}/messages${query}`);
    expect(page.status).toBe(200);
    messages.push(...page.body.messages);
    before = page.body.nextCursor;
  } while (before);
  return messages;
}

async function mailboxByPath(path: string, hub: TestHub = t, accountId: string = account.id): Promise<Mailbox> {
  const { body } = await callApi<{ mailboxes: Mailbox[] }>(hub, `/api/mailboxes?accountId=${accountId}`);
  const found = body.mailboxes.find((m) => m.path === path);
  if (!found) throw new Error(`no mailbox ${path}`);
  return found;
}

beforeAll(async () => {
  dovecot = await startDovecot({ corpus });
  // bulkMinMessages 1: the first sync, its newest chunk included, runs over the wire fetcher's connection.
  t = await startTestHub({ sync: { pollMs: 300, firstChunkSize: 5, chunkSize: 7, bulkMinMessages: 1 } });
  socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
  const added = await callApi<{ account: Account }>(t, '/api/accounts', { method: 'POST', body: accountRequest(dovecot) });
  expect(added.status).toBe(201);
  account = added.body.account;
  await waitForSyncState(socket, account.id, 'idle');
});

afterAll(async () => {
  socket?.ws.close(1000);
  await t?.stop();
  await dovecot?.destroy();
});

/** The hub's store, through the API, equals the server: UIDs, flags, decoded subjects, names and addresses, counts. */
async function expectStoreEqualsServer(hub: TestHub, accountId: string): Promise<void> {
  const server = await withImap(async (client) => {
    const byMailbox = new Map<string, Map<number, string[]>>();
    for (const entry of await client.list()) {
      const lock = await client.getMailboxLock(entry.path);
      try {
        const flags = new Map<number, string[]>();
        for await (const message of client.fetch('1:*', { uid: true, flags: true })) flags.set(message.uid, [...(message.flags ?? [])].sort());
        byMailbox.set(entry.path, flags);
      } finally {
        lock.release();
      }
    }
    return byMailbox;
  });
  const expectedByMessageId = new Map(corpus.map((message) => [message.expected.messageId, message.expected]));
  let compared = 0;
  for (const [path, flags] of server) {
    const mailbox = await mailboxByPath(path, hub, accountId);
    const stored = await allMessages(mailbox.id, hub);
    expect(stored.map((m) => m.uid).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([...flags.keys()].sort((a, b) => a - b));
    for (const message of stored) {
      expect(message.flags).toEqual(flags.get(message.uid ?? -1));
      const expected = expectedByMessageId.get(message.messageId ?? '');
      expect(expected, `corpus message ${message.messageId}`).toBeDefined();
      expect(message.subject).toBe(expected!.subject);
      expect(message.from?.name ?? '').toBe(expected!.fromName);
      expect(message.from?.address ?? '').toBe(expected!.fromAddress);
      expect(message.to.map((person) => person.address)).toEqual(expected!.to);
      expect(message.hasAttachments).toBe(expected!.hasAttachments);
      compared += 1;
    }
    expect(mailbox.total).toBe(flags.size);
    expect(mailbox.unread).toBe([...flags.values()].filter((f) => !f.includes('\\Seen')).length);
  }
  expect(compared).toBe(corpus.length);
}

describe('first sync', () => {
  it('stores exactly the server: UIDs, flags, decoded subjects and names of every message', async () => {
    await expectStoreEqualsServer(t, account.id);
  });

  it('stores exactly the server over imapflow too, as for a first sync below the second connection’s threshold', async () => {
    // The default threshold (1,000 messages) is above this corpus: every message comes over imapflow.
    const small = await startTestHub({ sync: { pollMs: 300 } });
    try {
      const events = await openEventSocket(eventsUrl(small.hub.port, small.token));
      const added = await callApi<{ account: Account }>(small, '/api/accounts', { method: 'POST', body: accountRequest(dovecot) });
      expect(added.status).toBe(201);
      await waitForSyncState(events, added.body.account.id, 'idle');
      events.ws.close(1000);
      await expectStoreEqualsServer(small, added.body.account.id);
    } finally {
      await small.stop();
    }
  });

  it('lists INBOX first with special-use mailboxes, newest first within a mailbox', async () => {
    const { body } = await callApi<{ mailboxes: Mailbox[] }>(t, '/api/mailboxes');
    expect(body.mailboxes[0]?.specialUse).toBe('\\Inbox');
    expect(body.mailboxes.map((m) => m.specialUse)).toEqual(expect.arrayContaining(['\\Sent', '\\Drafts', '\\Trash', '\\Archive']));
    const inbox = await allMessages(body.mailboxes[0]!.id);
    const times = inbox.map((m) => Date.parse(m.receivedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('reported progress through sync.status and never announced first-sync mail as email.new', () => {
    expect(socket.events.some((e) => e.type === 'sync.status' && e.payload.state === 'syncing' && e.payload.progress !== undefined)).toBe(true);
    expect(socket.events.filter((e) => e.type === 'email.new')).toEqual([]);
  });

  it('serves a body on demand, decoded, and caches it', async () => {
    const withText = corpus.find((m) => m.mailbox === 'INBOX' && m.expected.text && m.expected.text.length > 20)!;
    const inbox = await mailboxByPath('INBOX');
    const summary = (await allMessages(inbox.id)).find((m) => m.messageId === withText.expected.messageId)!;
    const detail = await callApi<MessageDetailResponse>(t, `/api/messages/${summary.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.text?.replace(/\r\n/g, '\n').trim()).toBe(withText.expected.text!.trim());
    expect(t.hub.store.reads.bodyOf(t.hub.store.reads.getMessage(summary.id)!.rowid)).not.toBeNull();
  });

  it('finds messages by subject words and sender with search', async () => {
    const sample = corpus.find((m) => /^[A-Za-z]/.test(m.expected.subject) && m.expected.subject.split(' ').length > 1)!;
    const word = sample.expected.subject.split(' ').find((w) => /^[A-Za-z]{4,}$/.test(w))!;
    const found = await callApi<MessagePageResponse>(t, `/api/search?q=${encodeURIComponent(word)}`);
    expect(found.status).toBe(200);
    expect(found.body.messages.map((m) => m.messageId)).toContain(sample.expected.messageId);
  });
});

/** Another client expunges a message of INBOX. */
const expungeFromInboxElsewhere = (uid: number): Promise<void> =>
  withImap(async (client) => {
    const lock = await client.getMailboxLock('INBOX');
    try {
      await client.messageDelete(String(uid), { uid: true });
    } finally {
      lock.release();
    }
  });

describe('changes from another client', () => {
  /** Waits for mailbox.updated of `mailboxId` with exactly these counts. */
  const countsAnnounced = (mailboxId: string, total: number, unread: number) =>
    socket.waitFor(
      (e: HubEvent): e is Extract<HubEvent, { type: 'mailbox.updated' }> =>
        e.type === 'mailbox.updated' && e.payload.mailbox.id === mailboxId && e.payload.mailbox.total === total && e.payload.mailbox.unread === unread,
    );

  it('announces an APPENDed message as email.new, and INBOX’s new counts', async () => {
    const before = await mailboxByPath('INBOX');
    const raw = `From: Zed <zed@example.test>\r\nTo: alice@mailmind.test\r\nSubject: Pushed while idle\r\nMessage-ID: <push-1@test>\r\nDate: ${new Date().toUTCString()}\r\n\r\nHello from another client.\r\n`;
    await dovecot.appendRaw(dovecot.users[0]!.user, 'INBOX', raw);
    const event = await socket.waitFor(
      (e: HubEvent): e is Extract<HubEvent, { type: 'email.new' }> => e.type === 'email.new' && e.payload.message.messageId === '<push-1@test>',
    );
    expect(event.payload.message.subject).toBe('Pushed while idle');
    expect(event.payload.message.snippet).toContain('Hello from another client.');
    await countsAnnounced(before.id, before.total + 1, before.unread + 1);
  });

  it('announces \\Seen set elsewhere as email.updated and an expunge as email.deleted, each with INBOX’s new counts', async () => {
    const inbox = await mailboxByPath('INBOX');
    const target = (await allMessages(inbox.id)).find((m) => m.messageId === '<push-1@test>')!;
    await withImap(async (client) => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        await client.messageFlagsAdd(String(target.uid), ['\\Seen'], { uid: true });
      } finally {
        lock.release();
      }
    });
    const updated = await socket.waitFor(
      (e: HubEvent): e is Extract<HubEvent, { type: 'email.updated' }> => e.type === 'email.updated' && e.payload.message.id === target.id,
    );
    expect(updated.payload.message.flags).toContain('\\Seen');
    await countsAnnounced(inbox.id, inbox.total, inbox.unread - 1);

    await expungeFromInboxElsewhere(target.uid!);
    const deleted = await socket.waitFor(
      (e: HubEvent): e is Extract<HubEvent, { type: 'email.deleted' }> => e.type === 'email.deleted' && e.payload.ids.includes(target.id),
    );
    expect(deleted.payload.mailboxId).toBe(inbox.id);
    await countsAnnounced(inbox.id, inbox.total - 1, inbox.unread - 1);
    expect((await callApi(t, `/api/messages/${target.id}`)).status).toBe(404);
  });

  it('announces only the arrival when the message count lags the UIDs (messages expunged below it)', async () => {
    const inbox = await mailboxByPath('INBOX');
    // The oldest message goes too: EXISTS is now below the highest UID by two, this one and push-1's.
    const oldest = (await allMessages(inbox.id)).at(-1)!;
    await expungeFromInboxElsewhere(oldest.uid!);
    await socket.waitFor((e: HubEvent): e is Extract<HubEvent, { type: 'email.deleted' }> => e.type === 'email.deleted' && e.payload.ids.includes(oldest.id));
    const seen = socket.events.length;
    const raw = `From: Zed <zed@example.test>\r\nSubject: After the gap\r\nMessage-ID: <push-2@test>\r\n\r\nSecond arrival.\r\n`;
    const appended = await dovecot.appendRaw(dovecot.users[0]!.user, 'INBOX', raw);
    await socket.waitFor((e: HubEvent): e is Extract<HubEvent, { type: 'email.new' }> => e.type === 'email.new' && e.payload.message.messageId === '<push-2@test>');
    // Anything else announced with it would come in the same fetch; give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const announced = socket.events.slice(seen).flatMap((e) => (e.type === 'email.new' ? [e.payload.message.uid] : []));
    expect(announced).toEqual([appended.uid]);
    const serverCount = await withImap(async (client) => { const status = await client.status('INBOX', { messages: true }); return status ? status.messages : -1; });
    expect((await mailboxByPath('INBOX')).total).toBe(serverCount);
  });

  it('picks up changes in a mailbox other than INBOX by polling', async () => {
    const raw = `From: Ann <ann@example.test>\r\nSubject: Filed elsewhere\r\nMessage-ID: <archive-1@test>\r\n\r\nbody\r\n`;
    await dovecot.appendRaw(dovecot.users[0]!.user, 'Archive', raw);
    const event = await socket.waitFor(
      (e: HubEvent): e is Extract<HubEvent, { type: 'email.new' }> => e.type === 'email.new' && e.payload.message.messageId === '<archive-1@test>',
    );
    expect(event.payload.message.mailboxId).toBe((await mailboxByPath('Archive')).id);
  });
});

describe('secrets', () => {
  it('never writes the IMAP password to the data folder or the log', async () => {
    const password = dovecot.users[0]!.password;
    expect(t.logText()).not.toContain(password);
    expect(await filesContaining(t.dataDir, password)).toEqual([]);
  });
});
