// An account stays open for days: each reconnect (the server ends the session, a laptop
// wakes) must leave nothing behind on the account's long-lived objects.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { syntheticMessages } from '../../support/corpus';
import { waitForSyncState } from '../../support/hub-api';
import { startSyncedAccount, type SyncedAccount } from '../../support/synced-account';

let s: SyncedAccount;
const warnings: Error[] = [];
const onWarning = (warning: Error): void => void warnings.push(warning);

beforeAll(async () => {
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(3) }, hub: { sync: { pollMs: 60_000, backoff: { baseMs: 50, maxMs: 200 } } } });
  process.on('warning', onWarning);
});

afterAll(async () => {
  process.off('warning', onWarning);
  await s?.stop();
});

it('reconnects fifteen times after the server ends its session without piling up listeners', async () => {
  const user = s.dovecot.users[0]!.user;
  for (let round = 0; round < 15; round += 1) {
    s.socket.events.length = 0;
    // Dovecot ends the user's sessions (as on a server restart or an admin's kick).
    await s.dovecot.doveadm(['kick', user]);
    await waitForSyncState(s.socket, s.account.id, 'offline', 10_000);
    await waitForSyncState(s.socket, s.account.id, 'idle', 10_000);
  }
  // Node warns once more than 10 listeners wait on one event of one object.
  expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message)).toEqual([]);
}, 120_000);
