// Offline first: with the server gone, what was synced still lists and
// searches, recent bodies (fetched in the background) still open, and an
// uncached body is a clear 503, not a hang.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Mailbox } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import type { ApiErrorBody, MessageDetailResponse, MessagePageResponse } from '../../../shared/api';
import { PREFETCH_COUNT, PREFETCH_MAX_BYTES } from '../../../electron/hub/sync/body-prefetch';
import { syntheticMessages } from '../../support/corpus';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { accountRequest, callApi, waitForSyncState } from '../../support/hub-api';
import { eventually, startTestHub, type TestHub } from '../../support/test-hub';
import { eventsUrl, openEventSocket, type EventSocket } from '../../support/ws-client';

const COUNT = PREFETCH_COUNT + 70;
let dovecot: DovecotInstance;
let t: TestHub;
let socket: EventSocket;
let inbox: Mailbox;
let account: Account;

beforeAll(async () => {
  dovecot = await startDovecot({ corpus: syntheticMessages(COUNT) });
  t = await startTestHub({ sync: { pollMs: 60_000, backoff: { baseMs: 200, maxMs: 1000 } } });
  socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
  account = (await callApi<{ account: Account }>(t, '/api/accounts', { method: 'POST', body: accountRequest(dovecot) })).body.account;
  await waitForSyncState(socket, account.id, 'idle');
  inbox = (await callApi<{ mailboxes: Mailbox[] }>(t, '/api/mailboxes')).body.mailboxes.find((m) => m.specialUse === '\\Inbox')!;
  // The background prefetch fills the newest bodies shortly after the first sync.
  const { reads } = t.hub.store;
  const newestCached = () => reads.listMessages(inbox.id, PREFETCH_COUNT).messages.every((m) => reads.bodyOf(reads.getMessage(m.id)!.rowid) !== null);
  await eventually(newestCached, 'the newest bodies to be cached', 15_000);
  // Only the newest: older bodies stay on the server until opened.
  expect(reads.recentWithoutBody(inbox.id, COUNT, PREFETCH_MAX_BYTES)).toHaveLength(COUNT - PREFETCH_COUNT);
  await dovecot.stop();
  await waitForSyncState(socket, account.id, 'offline');
});

afterAll(async () => {
  socket?.ws.close(1000);
  await t?.stop();
  await dovecot?.destroy();
});

describe('with the server down', () => {
  it('says the server is not accepting connections, not that the port may be wrong', async () => {
    // The reconnects that follow the lost session are refused: the port is closed.
    const refused = await socket.waitFor(
      (e: HubEvent): e is Extract<HubEvent, { type: 'sync.status' }> => e.type === 'sync.status' && e.payload.accountId === account.id && e.payload.error?.code === 'connection_refused',
      15_000,
    );
    expect(refused.payload.state).toBe('offline');
    expect(refused.payload.error?.message).toMatch(/not accepting connections/);
    expect(refused.payload.error?.message).not.toMatch(/port/);
  });

  it('lists every synced message and searches them', async () => {
    const page = await callApi<MessagePageResponse>(t, `/api/mailboxes/${inbox.id}/messages?limit=500`);
    expect(page.status).toBe(200);
    expect(page.body.messages).toHaveLength(COUNT);
    const word = page.body.messages[0]!.subject.split(' ').find((w) => /^[a-z]{4,}$/i.test(w))!;
    const found = await callApi<MessagePageResponse>(t, `/api/search?q=${encodeURIComponent(word)}`);
    expect(found.body.messages.map((m) => m.id)).toContain(page.body.messages[0]!.id);
  });

  it('opens the newest messages from the background-fetched cache', async () => {
    const page = await callApi<MessagePageResponse>(t, `/api/mailboxes/${inbox.id}/messages?limit=${PREFETCH_COUNT}`);
    for (const message of page.body.messages.slice(0, 10)) {
      const detail = await callApi<MessageDetailResponse>(t, `/api/messages/${message.id}`);
      expect(detail.status).toBe(200);
      expect(detail.body.text?.length ?? 0).toBeGreaterThan(0);
    }
  });

  it('answers an old, never-opened message with 503 body_unavailable_offline', async () => {
    const page = await callApi<MessagePageResponse>(t, `/api/mailboxes/${inbox.id}/messages?limit=500`);
    const oldest = page.body.messages[page.body.messages.length - 1]!;
    const detail = await callApi<ApiErrorBody>(t, `/api/messages/${oldest.id}`);
    expect(detail.status).toBe(503);
    expect(detail.body.error.code).toBe('body_unavailable_offline');
  });
});
