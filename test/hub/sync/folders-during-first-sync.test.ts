// A new account with a large INBOX: its first sync streams over a second connection for as long
// as the server takes (a minute and more for a far server and a big mailbox). Meanwhile the other
// folders are synced too, so that Sent or Archive do not stay empty until INBOX is done. A
// holding proxy (a named fake) holds INBOX's bulk UID FETCH until the test lets it go, which
// keeps INBOX's first sync unfinished for as long as the test needs.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Account, Mailbox } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { actionEnded, mailboxesOf, messagesOf, postAction } from '../../support/hub-actions';
import { accountRequest, callApi, waitForSyncState } from '../../support/hub-api';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { startHoldingProxy, type HoldingProxy } from '../../support/mail/holding-proxy';
import { startTestHub, eventually, type TestHub } from '../../support/test-hub';
import { eventsUrl, openEventSocket, type EventSocket } from '../../support/ws-client';

const INBOX_COUNT = 1300;
const SENT_COUNT = 6;
let dovecot: DovecotInstance;
let proxy: HoldingProxy;
let t: TestHub;
let socket: EventSocket;

beforeAll(async () => {
  dovecot = await startDovecot({ corpus: syntheticMessages(INBOX_COUNT + SENT_COUNT, { mailbox: (index) => (index < SENT_COUNT ? 'Sent' : 'INBOX') }) });
  proxy = await startHoldingProxy(dovecot.port);
  t = await startTestHub({ sync: { pollMs: 600_000 } });
  socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
}, 60_000);

afterAll(async () => {
  socket?.ws.close(1000);
  await t?.stop();
  await proxy?.close();
  await dovecot?.destroy();
});

const totals = async (accountId: string): Promise<Record<string, number>> =>
  Object.fromEntries((await mailboxesOf(t, accountId)).map((m: Mailbox) => [m.path, m.total]));

it('fills Sent while INBOX still streams, then finishes INBOX with every message once', async () => {
  // INBOX's remainder after its newest 50, by UID range over the second connection: the only
  // UID FETCH of a range with a four-digit end (Sent's are 1:6 and below).
  proxy.holdNext(/^\S+ UID FETCH \d+:\d{4}\b/i);
  const direct = accountRequest(dovecot);
  const added = await callApi<{ account: Account }>(t, '/api/accounts', { method: 'POST', body: { ...direct, imap: { ...direct.imap, port: proxy.port } } });
  expect(added.status).toBe(201);
  const account = added.body.account;
  const held = await proxy.held();

  // INBOX waits at the proxy; Sent is there in full all the same.
  await eventually(() => t.hub.store.reads.getMailboxByPath(account.id, 'Sent')?.total === SENT_COUNT, 'Sent synced', 15_000);
  expect(held.waiting).toBe(true);
  const during = await totals(account.id);
  expect(during.Sent).toBe(SENT_COUNT);
  expect(during.INBOX).toBeLessThan(INBOX_COUNT);
  const sent = (await mailboxesOf(t, account.id)).find((m) => m.path === 'Sent')!;
  expect((await messagesOf(t, sent.id)).map((m) => m.subject).sort()).toHaveLength(SENT_COUNT);
  // The account's progress stays INBOX's: Sent's own is not announced in between.
  expect(socket.events.filter((e: HubEvent) => e.type === 'sync.status' && e.payload.mailboxId === sent.id)).toEqual([]);
  // Not idle while INBOX is unfinished.
  expect(socket.events.some((e: HubEvent) => e.type === 'sync.status' && e.payload.accountId === account.id && e.payload.state === 'idle')).toBe(false);

  proxy.release();
  await waitForSyncState(socket, account.id, 'idle', 30_000);
  expect(await totals(account.id)).toMatchObject({ INBOX: INBOX_COUNT, Sent: SENT_COUNT });
  const inbox = (await mailboxesOf(t, account.id)).find((m) => m.path === 'INBOX')!;
  const uids = t.hub.store.reads.uidsOf(inbox.id);
  expect(new Set(uids).size).toBe(INBOX_COUNT);
}, 60_000);

it('replays the user\'s action only once the folders beside are synced (a sync\'s older flags overwrote what the replay read back)', async () => {
  const t2 = await startTestHub({ sync: { pollMs: 600_000 } });
  const socket2 = await openEventSocket(eventsUrl(t2.hub.port, t2.token));
  try {
    // The connection beside asks each new folder's size first (STATUS): the first one waits at the proxy.
    proxy.holdNext(/^\S+ STATUS /i);
    const direct = accountRequest(dovecot);
    const added = await callApi<{ account: Account }>(t2, '/api/accounts', { method: 'POST', body: { ...direct, imap: { ...direct.imap, port: proxy.port } } });
    const account = added.body.account;
    const held = await proxy.held();
    const inbox = (await mailboxesOf(t2, account.id)).find((m) => m.path === 'INBOX')!;
    await eventually(() => t2.hub.store.reads.getMailbox(inbox.id)?.total === INBOX_COUNT, 'INBOX stored', 15_000);
    const [newest] = await messagesOf(t2, inbox.id);
    const read = await postAction(t2, { type: 'markRead', messageIds: [newest!.id] });
    expect(read.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(held.waiting).toBe(true);
    expect(socket2.events.some((e: HubEvent) => e.type === 'action.status' && e.payload.actionId === read.body.actionId && e.payload.state !== 'pending')).toBe(false);

    proxy.release();
    expect((await actionEnded(socket2, read.body.actionId)).payload.state).toBe('applied');
    await waitForSyncState(socket2, account.id, 'idle', 30_000);
    expect((await messagesOf(t2, inbox.id)).find((m) => m.id === newest!.id)!.flags).toContain('\\Seen');
  } finally {
    socket2.ws.close(1000);
    await t2.stop();
  }
}, 60_000);
