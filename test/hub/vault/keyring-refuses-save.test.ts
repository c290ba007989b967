// A keyring that was there when the hub started but refuses to store a password when an
// account is added (locked since, its unlock prompt left unanswered): the login worked, so
// the account is added for this session, says so (persistent: false), and syncs; nothing of
// the password is left in the keyring. The vault here is a hand-written fake, named as such:
// a real keyring cannot be made to refuse on cue in a headless session.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Account } from '../../../shared/model';
import type { SecretVault } from '../../../electron/hub/vault/secret-vault';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { accountRequest, callApi, waitForSyncState } from '../../support/hub-api';
import { startTestHub, type TestHub } from '../../support/test-hub';
import { eventsUrl, openEventSocket } from '../../support/ws-client';

/** A keychain vault (fake) whose writes fail; it records what it was asked to delete. */
function refusingKeychainFake(): SecretVault & { deleted: string[] } {
  const deleted: string[] = [];
  return {
    kind: 'keychain',
    deleted,
    get: async () => null,
    set: async () => {
      throw new Error('Cannot create an item in a locked collection');
    },
    delete: async (account) => {
      deleted.push(account);
      return false;
    },
  };
}

let dovecot: DovecotInstance;
let t: TestHub;
const vault = refusingKeychainFake();

beforeAll(async () => {
  dovecot = await startDovecot();
  t = await startTestHub({ vault });
});

afterAll(async () => {
  await t?.stop();
  await dovecot?.destroy();
});

it('adds the account for this session when the keyring refuses its password, and it syncs', async () => {
  const socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
  try {
    const added = await callApi<{ account: Account }>(t, '/api/accounts', { method: 'POST', body: accountRequest(dovecot) });
    expect(added.status).toBe(201);
    expect(added.body.account.persistent).toBe(false);
    await waitForSyncState(socket, added.body.account.id, 'idle');
    expect(vault.deleted).toEqual([`imap:${added.body.account.id}`]);
    const listed = await callApi<{ accounts: Account[] }>(t, '/api/accounts');
    expect(listed.body.accounts).toEqual([expect.objectContaining({ id: added.body.account.id, persistent: false })]);
  } finally {
    socket.ws.close(1000);
  }
});
