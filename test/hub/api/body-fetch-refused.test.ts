// The server is reachable but answers NO to the FETCH of one message's body (a storage backend
// failing for that message). That was a 500 "internal" logged as a hub error; it is a 502
// body_fetch_failed with the server's own words, and the account stays idle. Dovecot cannot be
// made to refuse one FETCH on cue: the named refusing proxy answers for it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiErrorBody, MessageDetailResponse } from '../../../shared/api';
import type { Account } from '../../../shared/model';
import { syntheticMessages } from '../../support/corpus';
import { startRefusingProxy, type RefusingProxy } from '../../support/mail/refusing-proxy';
import { callApi } from '../../support/hub-api';
import { mailboxesOf, messagesOf } from '../../support/hub-actions';
import { startSyncedAccount, type SyncedAccount } from '../../support/synced-account';
import type { TestHub } from '../../support/test-hub';

let s: SyncedAccount;
let proxy: RefusingProxy;
let t: TestHub;
let account: Account;

beforeAll(async () => {
  // More than the 50 newest whose bodies are prefetched: UID 1 is fetched only when opened.
  s = await startSyncedAccount({
    dovecot: { corpus: syntheticMessages(60) },
    hub: { sync: { pollMs: 600_000 } },
    through: async (port) => (proxy = await startRefusingProxy(port, /^\S+ UID FETCH 1 \(UID BODY\.PEEK\[\]/)),
  });
  ({ t, account } = s);
}, 60_000);

afterAll(() => s?.stop());

it('answers 502 body_fetch_failed with the server’s text, logs no hub error, and opens once the server sends it', async () => {
  const inbox = (await mailboxesOf(t, account.id)).find((m) => m.specialUse === '\\Inbox')!;
  const oldest = (await messagesOf(t, inbox.id)).find((m) => m.uid === 1)!;

  const refused = await callApi<ApiErrorBody>(t, `/api/messages/${oldest.id}`);
  expect(refused.status).toBe(502);
  expect(refused.body.error.code).toBe('body_fetch_failed');
  expect(refused.body.error.message).toContain('Refused by the test proxy');
  expect(proxy.refused).toBeGreaterThan(0);
  expect(t.logs.filter((entry) => entry.level === 'error')).toEqual([]);
  expect((await callApi<{ accounts: Account[] }>(t, '/api/accounts')).body.accounts[0]!.status.state).toBe('idle');

  proxy.heal();
  const opened = await callApi<MessageDetailResponse>(t, `/api/messages/${oldest.id}`);
  expect(opened.status).toBe(200);
  expect(opened.body.text?.length ?? 0).toBeGreaterThan(0);
});
