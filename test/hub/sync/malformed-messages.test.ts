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
  it('serves attachments whose name decodes to a lone surrogate or whose type is not Latin-1, as downloads', async () => {
    // UTF-16LE "a\uD800.pdf": a high surrogate with nothing after it.
    const raws = [
      'From: a@example.test\r\nSubject: Lone surrogate\r\nMessage-ID: <lone@test>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n' +
        '--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="=?UTF-16LE?B?YQAA2C4AcABkAGYA?="\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERg==\r\n--b--\r\n',
      'From: a@example.test\r\nSubject: Odd type\r\nMessage-ID: <odd-type@test>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n' +
        '--b\r\nContent-Type: text/\u20ac; name="euro\'s (1).txt"\r\nContent-Disposition: attachment; filename="euro\'s (1).txt"\r\n\r\nEuro\r\n--b--\r\n',
    ];
    for (const raw of raws) await dovecot.appendRaw(dovecot.users[0]!.user, 'INBOX', Buffer.from(raw, 'utf8'));
    for (const messageId of ['<lone@test>', '<odd-type@test>']) {
      const arrived = await socket.waitFor((e): e is Extract<typeof e, { type: 'email.new' }> => e.type === 'email.new' && e.payload.message.messageId === messageId, 15_000);
      const detail = await callApi<MessageDetailResponse>(t, `/api/messages/${arrived.payload.message.id}`);
      expect(detail.status).toBe(200);
      expect(detail.body.attachments.length).toBeGreaterThan(0);
      for (const attachment of detail.body.attachments) {
        const res = await fetch(`${t.hub.origin}/api/messages/${arrived.payload.message.id}/attachments/${attachment.index}`, { headers: { Authorization: `Bearer ${t.token}` } });
        expect(res.status, messageId).toBe(200);
        expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''[A-Za-z0-9%!#$&+.^_`|~-]+$/);
        expect((await res.arrayBuffer()).byteLength).toBe(attachment.size);
      }
    }
  });
});
