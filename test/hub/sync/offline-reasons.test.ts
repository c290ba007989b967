// Why an account is offline, as its banner says it: "alice@… is offline (read ECONNRESET)" told
// the user nothing. The reason is said in words now. The connection goes through a named fake
// (resetting-proxy.ts) in front of a real Dovecot: Dovecot cannot reset a connection.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Account } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import { callApi, waitForSyncState } from '../../support/hub-api';
import { startResettingProxy, type ResettingProxy } from '../../support/mail/resetting-proxy';
import { startSyncedAccount, type SyncedAccount } from '../../support/synced-account';

let s: SyncedAccount;
let proxy: ResettingProxy;

beforeAll(async () => {
  s = await startSyncedAccount({
    dovecot: {},
    hub: { sync: { pollMs: 600_000, backoff: { baseMs: 50, maxMs: 200 } } },
    through: async (port) => (proxy = await startResettingProxy(port)),
  });
}, 60_000);

afterAll(async () => {
  await s?.stop();
});

it('says the connection was reset, not "read ECONNRESET", and is idle again once connections get through', async () => {
  s.socket.events.length = 0;
  proxy.resetAll();
  const offline = await s.socket.waitFor(
    (event: HubEvent): event is Extract<HubEvent, { type: 'sync.status' }> =>
      event.type === 'sync.status' && event.payload.accountId === s.account.id && event.payload.state === 'offline' && event.payload.error?.code === 'connection_failed',
    15_000,
  );
  expect(offline.payload.error?.message).toBe('The connection to 127.0.0.1 was reset');
  // What the account list says meanwhile (offline, or connecting again) has no error code of Node's in it either.
  expect(JSON.stringify((await callApi<{ accounts: Account[] }>(s.t, '/api/accounts')).body)).not.toMatch(/ECONNRESET/);

  proxy.heal();
  await waitForSyncState(s.socket, s.account.id, 'idle');
});
