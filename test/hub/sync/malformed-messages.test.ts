// Fifty malformed and hostile messages on the server: every one is listed,
// each body request gets an answer, and the hub keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Mailbox } from '../../../shared/model';
import type { MessageDetailResponse, MessagePageResponse } from '../../../shared/api';
import { buildMalformedCorpus } from '../../support/malformed-corpus';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { accountRequest, callApi, waitForSyncState } from '../../support/hub-api';
import { startTestHub, type TestHub } from '../../support/test-hub';
import { eventsUrl, openEventSocket, type EventSocket } from '../../support/ws-client';

const corpus = buildMalformedCorpus();
let dovecot: DovecotInstance;
let t: TestHub;
let socket: EventSocket;
let inbox: Mailbox;

beforeAll(async () => {
  dovecot = await startDovecot();
  for (const message of corpus) await dovecot.appendRaw(dovecot.users[0]!.user, 'INBOX', message.raw);
  t = await startTestHub({ sync: { pollMs: 60_000 } });
  socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
  const added = await callApi<{ account: Account }>(t, '/api/accounts', { method: 'POST', body: accountRequest(dovecot) });
  expect(added.status).toBe(201);
  await waitForSyncState(socket, added.body.account.id, 'idle', 60_000);
  const { body } = await callApi<{ mailboxes: Mailbox[] }>(t, '/api/mailboxes');
  inbox = body.mailboxes.find((m) => m.specialUse === '\\Inbox')!;
}, 120_000);

afterAll(async () => {
  socket?.ws.close(1000);
  await t?.stop();
  await dovecot?.destroy();
});

describe('malformed messages', () => {
  it(`lists all ${corpus.length} with string subjects and sane fields`, async () => {
    expect(corpus.length).toBe(50);
    const page = await callApi<MessagePageResponse>(t, `/api/mailboxes/${inbox.id}/messages?limit=100`);
    expect(page.status).toBe(200);
    expect(page.body.messages).toHaveLength(corpus.length);
    expect(inbox.total).toBe(corpus.length);
    for (const message of page.body.messages) {
      expect(typeof message.subject).toBe('string');
      expect(Array.isArray(message.to)).toBe(true);
      expect(message.snippet.length).toBeLessThanOrEqual(200);
      expect(Number.isNaN(Date.parse(message.receivedAt))).toBe(false);
    }
  });

  it('answers every body request (the 20 MB attachment included) and stays up', async () => {
    const page = await callApi<MessagePageResponse>(t, `/api/mailboxes/${inbox.id}/messages?limit=100`);
    let withAttachments = 0;
    let sawHuge = false;
    for (const message of page.body.messages) {
      const detail = await callApi<MessageDetailResponse>(t, `/api/messages/${message.id}`);
      expect(detail.status, message.subject).toBe(200);
      expect(detail.body.text === null || typeof detail.body.text === 'string').toBe(true);
      if (detail.body.attachments.length > 0) withAttachments += 1;
      const huge = detail.body.attachments.find((a) => a.size >= 20 * 1024 * 1024 - 1024);
      if (huge) {
        sawHuge = true;
        const res = await fetch(`${t.hub.origin}/api/messages/${message.id}/attachments/${huge.index}`, {
          headers: { Authorization: `Bearer ${t.token}` },
        });
        expect(res.status).toBe(200);
        expect((await res.arrayBuffer()).byteLength).toBe(huge.size);
      }
    }
    expect(withAttachments).toBeGreaterThan(0);
    expect(sawHuge).toBe(true);
    const status = await callApi(t, '/api/status');
    expect(status.status).toBe(200);
    expect(t.hub.store.integrityCheck()).toBe('ok');
  }, 120_000);
});
