// A removal the store cannot carry out (the disk full: SQLITE_FULL) leaves the account as it was,
// syncing again (its loop was stopped for the removal), and says why. A full disk cannot be made
// here on cue: the store's erase is replaced by one that fails as SQLite does then (a named fake).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { syntheticMessages } from '../../support/corpus';
import { callApi } from '../../support/hub-api';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';
import type { HubEvent } from '../../../shared/protocol';

let s: SyncedAccount;

beforeAll(async () => {
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(3) }, hub: { sync: { pollMs: 600_000 } } });
});
afterAll(() => s?.stop());

it('answers 500 remove_failed, keeps the account and has it sync again', async () => {
  const { t, socket, account, dovecot } = s;
  t.hub.store.eraseAccount = () => Promise.reject(new Error('database or disk is full'));
  const answer = await callApi<{ error: { code: string; message: string } }>(t, `/api/accounts/${account.id}`, { method: 'DELETE' });
  expect(answer.status).toBe(500);
  expect(answer.body.error).toEqual({ code: 'remove_failed', message: 'The account could not be removed: database or disk is full' });
  expect(t.hub.store.reads.getAccount(account.id)).not.toBeNull();
  expect(socket.events.some((e: HubEvent) => e.type === 'account.removed')).toBe(false);
  // Syncing again: mail that arrives is stored (with the loop left stopped, it never is).
  socket.events.length = 0;
  await withImapClient(dovecot, (client) => client.append('INBOX', 'From: a@example.test\r\nSubject: after the failed removal\r\nMessage-ID: <after@example.test>\r\n\r\nhi\r\n'));
  await socket.waitFor((e: HubEvent): e is HubEvent => e.type === 'email.new' && e.payload.message.subject === 'after the failed removal', 10_000);
});
