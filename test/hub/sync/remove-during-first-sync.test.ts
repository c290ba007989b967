// Removing an account while its first sync streams over the second connection: the removal
// answers at once, and nothing of the account is stored afterwards.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Account, Mailbox } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { syntheticMessages } from '../../support/mail/synthetic-corpus';
import { accountRequest, callApi } from '../../support/hub-api';
import { startTestHub, type TestHub } from '../../support/test-hub';
import { eventsUrl, openEventSocket, type EventSocket } from '../../support/ws-client';

const COUNT = 3000;
let dovecot: DovecotInstance;
let t: TestHub;
let socket: EventSocket;

beforeAll(async () => {
  dovecot = await startDovecot({ corpus: syntheticMessages(COUNT) });
  // Small ranges: the second connection's part of the first sync takes many round trips.
  t = await startTestHub({ sync: { pollMs: 60_000, chunkSize: 50, batchSize: 50 } });
  socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
}, 60_000);

afterAll(async () => {
  dovecot?.signalSessions('SIGCONT');
  socket?.ws.close(1000);
  await t?.stop();
  await dovecot?.destroy();
});

it('answers DELETE at once while the second connection waits on a stalled server, and stores nothing after', async () => {
  const added = await callApi<{ account: Account }>(t, '/api/accounts', { method: 'POST', body: accountRequest(dovecot) });
  expect(added.status).toBe(201);
  const id = added.body.account.id;
  // The newest chunk is in: the second connection is streaming the rest.
  await socket.waitFor(
    (e: HubEvent): e is HubEvent => e.type === 'sync.status' && e.payload.accountId === id && e.payload.state === 'syncing' && (e.payload.progress?.done ?? 0) >= 50,
    30_000,
  );
  // The server stops answering mid-stream (the second connection would wait 60 s for it).
  expect(dovecot.signalSessions('SIGSTOP')).toBeGreaterThanOrEqual(2);
  const began = performance.now();
  const removed = await callApi(t, `/api/accounts/${id}`, { method: 'DELETE' });
  const tookMs = performance.now() - began;
  dovecot.signalSessions('SIGCONT');
  expect(removed.status).toBe(204);
  expect(tookMs).toBeLessThan(5000);
  // Nothing of the account comes back: no mailbox, no message stored by a fetch left running.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect((await callApi<{ accounts: Account[] }>(t, '/api/accounts')).body.accounts).toEqual([]);
  expect((await callApi<{ mailboxes: Mailbox[] }>(t, '/api/mailboxes')).body.mailboxes).toEqual([]);
}, 90_000);
