// keytar against a real gnome-keyring (Secret Service) on a private D-Bus
// session, and the hub's session token in it.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import keytar from 'keytar';
import { SESSION_TOKEN_ACCOUNT } from '../../../electron/hub/create-hub';
import { openKeychainVault } from '../../../electron/hub/vault/keychain-vault';
import { createMemoryVault, VAULT_SERVICE, type SecretVault } from '../../../electron/hub/vault/secret-vault';
import { startKeyringSession, type KeyringSession } from '../../support/keyring-session';
import { startTestHub } from '../../support/test-hub';
import { createLogger } from '../../../electron/hub/logger';
import type { Account } from '../../../shared/model';
import { startDovecot } from '../../support/mail/dovecot';
import { accountRequest, callApi } from '../../support/hub-api';

let session: KeyringSession;
const warnings: string[] = [];
const logger = createLogger((_level, message) => warnings.push(message), 'warn');

beforeAll(async () => {
  session = await startKeyringSession();
  session.enter();
});

afterAll(async () => {
  await session.stop();
});

describe('keychain vault (gnome-keyring)', () => {
  it('round-trips a secret through the real keyring', async () => {
    const vault = await openKeychainVault({ logger });
    expect(vault.kind).toBe('keychain');
    await vault.set('imap:test-account', 'p4ss wörd');
    expect(await vault.get('imap:test-account')).toBe('p4ss wörd');
    // Read back with keytar directly: the secret is really in the keyring, under our service.
    expect(await keytar.getPassword(VAULT_SERVICE, 'imap:test-account')).toBe('p4ss wörd');
    expect(await vault.delete('imap:test-account')).toBe(true);
    expect(await vault.get('imap:test-account')).toBeNull();
    expect(await vault.delete('imap:test-account')).toBe(false);
    expect(warnings).toEqual([]);
  });

  it('leaves no probe entry behind', async () => {
    await openKeychainVault({ logger });
    const entries = await keytar.findCredentials(VAULT_SERVICE);
    expect(entries.filter((entry) => entry.account.startsWith('probe-'))).toEqual([]);
  });

  it('keeps the hub session token in the keyring while the hub runs, and removes it on stop', async () => {
    const vault = await openKeychainVault({ logger });
    const t = await startTestHub({ vault });
    expect(t.hub.info().keyring).toBe('available');
    expect(await keytar.getPassword(VAULT_SERVICE, SESSION_TOKEN_ACCOUNT)).toBe(t.token);
    await t.hub.rotateToken();
    const rotated = t.hub.connection().token;
    expect(rotated).not.toBe(t.token);
    expect(await keytar.getPassword(VAULT_SERVICE, SESSION_TOKEN_ACCOUNT)).toBe(rotated);
    await t.stop();
    expect(await keytar.getPassword(VAULT_SERVICE, SESSION_TOKEN_ACCOUNT)).toBeNull();
  });

  it('keeps an added account’s password in the keyring, and removing the account removes it', async () => {
    const dovecot = await startDovecot();
    const t = await startTestHub({ vault: await openKeychainVault({ logger }) });
    try {
      const added = await callApi<{ account: Account }>(t, '/api/accounts', { method: 'POST', body: accountRequest(dovecot) });
      expect(added.status).toBe(201);
      const { id, persistent } = added.body.account;
      expect(persistent).toBe(true);
      expect(await keytar.getPassword(VAULT_SERVICE, `imap:${id}`)).toBe(dovecot.users[0]!.password);
      expect((await callApi(t, `/api/accounts/${id}`, { method: 'DELETE' })).status).toBe(204);
      expect(await keytar.getPassword(VAULT_SERVICE, `imap:${id}`)).toBeNull();
    } finally {
      await t.stop();
      await dovecot.destroy();
    }
  });

  it('removes at the next start a password the keyring failed to delete with its account, and nothing of another data folder', async () => {
    const dovecot = await startDovecot();
    const vault = await openKeychainVault({ logger });
    // The real keyring, except that deletes fail for now (a locked keyring): a wrapper, named as such.
    const failingDeletes: SecretVault = { ...vault, delete: async () => Promise.reject(new Error('The keyring is locked')) };
    const first = await startTestHub({ vault: failingDeletes });
    try {
      const added = await callApi<{ account: Account }>(first, '/api/accounts', { method: 'POST', body: accountRequest(dovecot) });
      const name = `imap:${added.body.account.id}`;
      expect((await callApi(first, `/api/accounts/${added.body.account.id}`, { method: 'DELETE' })).status).toBe(204);
      expect(await keytar.getPassword(VAULT_SERVICE, name)).toBe(dovecot.users[0]!.password);
      // Another data folder's account (serve --data-dir) in the same keyring service.
      await vault.set('imap:of-another-data-folder', 'theirs');
      await first.hub.stop();
      const second = await startTestHub({ vault, dataDir: first.dataDir });
      try {
        expect(await keytar.getPassword(VAULT_SERVICE, name)).toBeNull();
        expect(await keytar.getPassword(VAULT_SERVICE, 'imap:of-another-data-folder')).toBe('theirs');
        expect(second.hub.store.reads.secretsToForget()).toEqual([]);
      } finally {
        await second.stop();
      }
    } finally {
      await vault.delete('imap:of-another-data-folder');
      await dovecot.destroy();
    }
  });

  it('says why an account cannot log in when its saved password cannot be read: missing from the keyring, or no keyring this launch', async () => {
    const dovecot = await startDovecot();
    const vault = await openKeychainVault({ logger });
    const first = await startTestHub({ vault });
    try {
      const added = await callApi<{ account: Account }>(first, '/api/accounts', { method: 'POST', body: accountRequest(dovecot) });
      const { id } = added.body.account;
      await first.hub.stop();
      const statusAt = async (launchVault: SecretVault): Promise<Account['status']> => {
        const launch = await startTestHub({ vault: launchVault, dataDir: first.dataDir });
        try {
          return (await callApi<{ accounts: Account[] }>(launch, '/api/accounts')).body.accounts.find((a) => a.id === id)!.status;
        } finally {
          await launch.hub.stop();
        }
      };
      // A launch on a machine session without a keyring: the password is not lost, just out of reach.
      expect(await statusAt(createMemoryVault())).toEqual({
        state: 'error',
        error: { code: 'secret_unavailable', message: expect.stringMatching(/No keyring is available now.*until the app quits/) },
      });
      // The keyring is there, but the entry is gone (removed with another tool).
      await vault.delete(`imap:${id}`);
      expect(await statusAt(vault)).toEqual({ state: 'error', error: { code: 'secret_unavailable', message: 'The password is not in the keyring: enter it again' } });
    } finally {
      await dovecot.destroy();
      await rm(first.dataDir, { recursive: true, force: true });
    }
  });
});
