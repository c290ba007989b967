// A server that refuses UID SEARCH for now (NO [UNAVAILABLE]: a backend briefly down). The
// refusal is not an empty mailbox: no first sync is marked done with nothing stored, nothing
// stored is removed, and once the server answers, the mail syncs without a flood of email.new.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HubEvent } from '../../../shared/protocol';
import type { AccountRecord } from '../../../electron/hub/store/store-types';
import { newId } from '../../../electron/hub/store/store-writes';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { startRefusingProxy, type RefusingProxy } from '../../support/mail/refusing-proxy';
import { syntheticMessages } from '../../support/corpus';
import { waitForSyncState } from '../../support/hub-api';
import { startTestHub, type TestHub } from '../../support/test-hub';
import { eventsUrl, openEventSocket, type EventSocket } from '../../support/ws-client';

const COUNT = 5;
let dovecot: DovecotInstance;
let proxy: RefusingProxy;
let t: TestHub;
let socket: EventSocket;

beforeAll(async () => {
  dovecot = await startDovecot({ corpus: syntheticMessages(COUNT) });
  proxy = await startRefusingProxy(dovecot.port, /^\S+ UID SEARCH /i);
  t = await startTestHub({ sync: { pollMs: 600_000, backoff: { baseMs: 50, maxMs: 200 }, maxAuthAttempts: 2 } });
  socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
});

afterAll(async () => {
  socket?.ws.close(1000);
  await t?.stop();
  await proxy?.close();
  await dovecot?.destroy();
});

it('keeps a first sync whose UID SEARCH is refused unfinished, reports the folder, and stores every message once the server answers, none as new', async () => {
  const record: AccountRecord = {
    id: newId(),
    email: dovecot.users[0]!.user,
    displayName: 'Alice',
    imap: { host: '127.0.0.1', port: proxy.port, security: 'none', user: dovecot.users[0]!.user },
    persistent: false,
    createdAt: Date.now(),
  };
  t.hub.store.writes.insertAccount(record);
  t.hub.sync.start(record, dovecot.users[0]!.password);

  // The first pass ends either way: 'idle' would say every folder is synced.
  const settled = await socket.waitFor(
    (e: HubEvent): e is Extract<HubEvent, { type: 'sync.status' }> => e.type === 'sync.status' && e.payload.accountId === record.id && ['idle', 'error'].includes(e.payload.state),
  );
  expect(settled.payload).toMatchObject({ state: 'error', error: { code: 'mailbox_sync_failed' } });
  expect(proxy.refused).toBeGreaterThan(0);
  const inbox = t.hub.store.reads.listMailboxes(record.id).find((m) => m.specialUse === '\\Inbox')!;
  expect(t.hub.store.reads.getMailbox(inbox.id)).toMatchObject({ initialSyncDone: false });

  proxy.heal();
  socket.events.length = 0;
  t.hub.sync.get(record.id)!.checkNow();
  await waitForSyncState(socket, record.id, 'idle');
  expect(t.hub.store.reads.getMailbox(inbox.id)).toMatchObject({ initialSyncDone: true, total: COUNT });
  expect(socket.events.filter((e: HubEvent) => e.type === 'email.new')).toEqual([]);
});
