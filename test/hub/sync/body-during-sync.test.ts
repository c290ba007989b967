// Opening a message while the first sync is still running: the body comes
// over a second connection at once instead of waiting for the sync to end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import type { MessageDetailResponse, MessagePageResponse } from '../../../shared/api';
import { syntheticMessages } from '../../support/corpus';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { accountRequest, callApi } from '../../support/hub-api';
import { startTestHub, type TestHub } from '../../support/test-hub';
import { eventsUrl, openEventSocket, type EventSocket } from '../../support/ws-client';

let dovecot: DovecotInstance;
let t: TestHub;
let socket: EventSocket;

beforeAll(async () => {
  dovecot = await startDovecot({ corpus: syntheticMessages(6000) });
  // Small chunks and batches over the main connection (no bulk connection, which streams
  // 6,000 in well under a second) make the first sync long enough to open a message during it.
  t = await startTestHub({ sync: { pollMs: 60_000, firstChunkSize: 20, chunkSize: 100, batchSize: 50, bulkMinMessages: 100_000 } });
  socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
});

afterAll(async () => {
  socket?.ws.close(1000);
  await t?.stop();
  await dovecot?.destroy();
});

describe('a body opened during the first sync', () => {
  it('arrives while the sync is still running, and the sync completes unharmed', async () => {
    const account = (await callApi<{ account: Account }>(t, '/api/accounts', { method: 'POST', body: accountRequest(dovecot) })).body.account;
    const progress = await socket.waitFor(
      (e: HubEvent): e is Extract<HubEvent, { type: 'sync.status' }> =>
        e.type === 'sync.status' && e.payload.state === 'syncing' && (e.payload.progress?.done ?? 0) > 0,
      30_000,
    );
    const page = await callApi<MessagePageResponse>(t, `/api/mailboxes/${progress.payload.mailboxId}/messages?limit=1`);
    const newest = page.body.messages[0]!;
    const detail = await callApi<MessageDetailResponse>(t, `/api/messages/${newest.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.text?.length ?? 0).toBeGreaterThan(0);
    // Not behind the sync: INBOX itself was still being filled when the body came back.
    expect(t.hub.store.reads.getMailboxByPath(account.id, 'INBOX')!.total).toBeLessThan(6000);
    const idle = (e: HubEvent) => e.type === 'sync.status' && e.payload.state === 'idle';
    expect(socket.events.some(idle), 'the first sync had already finished').toBe(false);

    await socket.waitFor((e: HubEvent): e is HubEvent => idle(e), 60_000);
    expect(t.hub.store.reads.getMailboxByPath(account.id, 'INBOX')?.total).toBe(6000);
  });
});
