// An account whose server went away waits longer and longer between reconnects (capped
// backoff). Once the server is back, it should not sit out the rest of that wait when the
// user asks ("Retry now", "Check mail now") or when the hub has just reached the server
// for a body the user opened.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account, Mailbox } from '../../../shared/model';
import { PREFETCH_COUNT } from '../../../electron/hub/sync/body-prefetch';
import { syntheticMessages } from '../../support/corpus';
import { callApi, waitForSyncState } from '../../support/hub-api';
import { startSyncedAccount, type SyncedAccount } from '../../support/synced-account';

let s: SyncedAccount;
let account: Account;

beforeEach(async () => {
  s = await startSyncedAccount({
    dovecot: { corpus: syntheticMessages(PREFETCH_COUNT + 20) },
    // The first reconnect after a lost session waits 15-30 s: far longer than these tests wait.
    hub: { sync: { pollMs: 60_000, backoff: { baseMs: 30_000, maxMs: 60_000 } } },
  });
  account = s.account;
  await s.dovecot.stop();
  await waitForSyncState(s.socket, account.id, 'offline');
  await s.dovecot.start();
  s.socket.events.length = 0;
});

afterEach(async () => {
  await s?.stop();
});

describe('an offline account whose server is back', () => {
  it('connects at once when asked to check (Retry now), not at the end of its wait', async () => {
    const asked = await callApi(s.t, `/api/accounts/${account.id}/check`, { method: 'POST' });
    expect(asked.status).toBe(202);
    await waitForSyncState(s.socket, account.id, 'idle', 10_000);
  });

  it('connects at once after a body the user opened came from the server', async () => {
    const inbox = (await callApi<{ mailboxes: Mailbox[] }>(s.t, '/api/mailboxes')).body.mailboxes.find((m) => m.specialUse === '\\Inbox')!;
    const { reads } = s.t.hub.store;
    // The oldest message: older than the newest the prefetch caches.
    const oldest = reads.listMessages(inbox.id, PREFETCH_COUNT + 20).messages.at(-1)!;
    expect(reads.bodyOf(reads.getMessage(oldest.id)!.rowid)).toBeNull();
    const opened = await callApi(s.t, `/api/messages/${oldest.id}`);
    expect(opened.status).toBe(200);
    await waitForSyncState(s.socket, account.id, 'idle', 10_000);
  });

  it('answers 404 for an account it does not have', async () => {
    const asked = await callApi<{ error: { code: string } }>(s.t, '/api/accounts/no-such-account/check', { method: 'POST' });
    expect(asked.status).toBe(404);
    expect(asked.body.error.code).toBe('not_found');
  });
});
