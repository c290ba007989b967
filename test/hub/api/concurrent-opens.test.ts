// The same uncached message asked for five times at once (the reader, its inline images, a
// second window): each request downloaded and parsed the whole message. They now share one
// download: the server sees one body FETCH. The FETCHes are counted on the wire by an
// intercepting proxy that passes every byte through untouched.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MessageDetailResponse } from '../../../shared/api';
import type { Account } from '../../../shared/model';
import { syntheticMessages } from '../../support/corpus';
import { startInterceptingProxy } from '../../support/mail/intercepting-proxy';
import { callApi } from '../../support/hub-api';
import { mailboxesOf, messagesOf } from '../../support/hub-actions';
import { startSyncedAccount, type SyncedAccount } from '../../support/synced-account';
import type { TestHub } from '../../support/test-hub';

let s: SyncedAccount;
let t: TestHub;
let account: Account;
/** Every command line the hub sent, over all its connections. */
const sent: string[] = [];

beforeAll(async () => {
  // More than the 50 newest whose bodies are prefetched: UID 1 is fetched only when opened.
  const intercept = (port: number) => startInterceptingProxy(port, ({ upstream }) => {
    let partial = '';
    return (chunk) => {
      upstream.write(chunk);
      partial += chunk.toString('latin1');
      const lines = partial.split('\r\n');
      partial = lines.pop() ?? '';
      sent.push(...lines);
    };
  });
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(60) }, hub: { sync: { pollMs: 600_000 } }, through: intercept });
  ({ t, account } = s);
}, 60_000);

afterAll(() => s?.stop());

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
