// The same uncached message asked for five times at once (the reader, its inline images, a
// second window): each request downloaded and parsed the whole message. They now share one
// download: the server sees one body FETCH. The FETCHes are counted on the wire by an
// intercepting proxy that passes every byte through untouched.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MessageDetailResponse } from '../../../shared/api';
import type { Account } from '../../../shared/model';
import { syntheticMessages } from '../../support/corpus';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { startInterceptingProxy, type InterceptingProxy } from '../../support/mail/intercepting-proxy';
import { accountRequest, callApi, waitForSyncState } from '../../support/hub-api';
import { mailboxesOf, messagesOf } from '../../support/hub-actions';
import { startTestHub, type TestHub } from '../../support/test-hub';
import { eventsUrl, openEventSocket, type EventSocket } from '../../support/ws-client';

let dovecot: DovecotInstance;
let proxy: InterceptingProxy;
let t: TestHub;
let socket: EventSocket;
let account: Account;
/** Every command line the hub sent, over all its connections. */
const sent: string[] = [];

beforeAll(async () => {
  // More than the 50 newest whose bodies are prefetched: UID 1 is fetched only when opened.
  dovecot = await startDovecot({ corpus: syntheticMessages(60) });
  proxy = await startInterceptingProxy(dovecot.port, ({ upstream }) => {
    let partial = '';
    return (chunk) => {
      upstream.write(chunk);
      partial += chunk.toString('latin1');
      const lines = partial.split('\r\n');
      partial = lines.pop() ?? '';
      sent.push(...lines);
    };
  });
  t = await startTestHub({ sync: { pollMs: 600_000 } });
  socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
  const request = accountRequest(dovecot);
  account = (await callApi<{ account: Account }>(t, '/api/accounts', { method: 'POST', body: { ...request, imap: { ...request.imap, port: proxy.port } } })).body.account;
  await waitForSyncState(socket, account.id, 'idle');
}, 60_000);

afterAll(async () => {
  socket?.ws.close(1000);
  await t?.stop();
  await proxy?.close();
  await dovecot?.destroy();
});

it('fetches an uncached message once for five requests at the same time, and answers each', async () => {
  const inbox = (await mailboxesOf(t, account.id)).find((m) => m.specialUse === '\\Inbox')!;
  const oldest = (await messagesOf(t, inbox.id)).find((m) => m.uid === 1)!;
  const bodyFetchesOfOldest = (): number => sent.filter((line) => /^\S+ UID FETCH 1 \(UID BODY\.PEEK\[\]/.test(line)).length;
  expect(bodyFetchesOfOldest()).toBe(0);

  const answers = await Promise.all(Array.from({ length: 5 }, () => callApi<MessageDetailResponse>(t, `/api/messages/${oldest.id}`)));
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
  expect(new Set(answers.map((a) => a.body.text)).size).toBe(1);
  expect(answers[0]!.body.text?.length ?? 0).toBeGreaterThan(0);
  expect(bodyFetchesOfOldest()).toBe(1);
});
