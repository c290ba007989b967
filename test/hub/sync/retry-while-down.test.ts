// "Retry now" pressed while the server is still down fails, of course; it must not push the next
// automatic reconnect further out. Counted as a failed attempt each, ten presses had the account
// back 41 s after the server was (a QA pass), against about 1 s with none.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { syntheticMessages } from '../../support/corpus';
import { callApi, waitForSyncState } from '../../support/hub-api';
import { startSyncedAccount, type SyncedAccount } from '../../support/synced-account';

let s: SyncedAccount;

beforeAll(async () => {
  // Waits of 1-2 s after the first failure, doubling with each failed attempt counted.
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(3) }, hub: { sync: { pollMs: 600_000, backoff: { baseMs: 2000, maxMs: 120_000 } } } });
});
afterAll(() => s?.stop());

it('comes back within the first waits once the server is, however often Retry was pressed meanwhile', async () => {
  const { t, socket, account, dovecot } = s;
  await dovecot.stop();
  await waitForSyncState(socket, account.id, 'offline');
  for (let press = 0; press < 6; press += 1) {
    expect((await callApi(t, `/api/accounts/${account.id}/check`, { method: 'POST' })).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await dovecot.start();
  socket.events.length = 0;
  // Six presses counted would make the next wait 64-128 s.
  await waitForSyncState(socket, account.id, 'idle', 12_000);
});
