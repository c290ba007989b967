// The browser session's signing key in a real gnome-keyring (Secret Service on a
// private D-Bus session): created on first use, kept when the hub stops, so a
// page's cookie renews its token at the next launch of the hub.
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_TOKEN_ACCOUNT } from '../../../electron/hub/create-hub';
import { silentLogger } from '../../../electron/hub/logger';
import { openKeychainVault } from '../../../electron/hub/vault/keychain-vault';
import { VAULT_SERVICE } from '../../../electron/hub/vault/secret-vault';
import { SESSION_SIGNING_KEY_ACCOUNT } from '../../../electron/hub/vault/session-signing-key';
import { cookiePair, sendToHub, setCookieOf } from '../../support/browser-session-client';
import { startKeyringSession, type KeyringSession } from '../../support/keyring-session';
import { BUILT_RENDERER, startTestHub } from '../../support/test-hub';

let session: KeyringSession;

beforeAll(async () => {
  session = await startKeyringSession();
  session.enter();
});

afterAll(async () => {
  await session.stop();
});

describe('browser session key in the keyring', () => {
  it('survives a hub restart: the old cookie renews to the new launch token', async () => {
    expect(await keytar.getPassword(VAULT_SERVICE, SESSION_SIGNING_KEY_ACCOUNT)).toBeNull();
    const first = await startTestHub({ vault: await openKeychainVault({ logger: silentLogger }), staticDir: BUILT_RENDERER });
    const port = first.hub.port;
    // Not before a page asks for a session.
    expect(await keytar.getPassword(VAULT_SERVICE, SESSION_SIGNING_KEY_ACCOUNT)).toBeNull();
    const started = await sendToHub(port, 'POST', '/api/session', { Authorization: `Bearer ${first.token}`, Origin: first.hub.origin });
    expect(started.status).toBe(200);
    const cookie = cookiePair(setCookieOf(started));
    const storedKey = await keytar.getPassword(VAULT_SERVICE, SESSION_SIGNING_KEY_ACCOUNT);
    expect(storedKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await first.stop();
    // The launch's token goes with the hub; the signing key stays.
    expect(await keytar.getPassword(VAULT_SERVICE, SESSION_TOKEN_ACCOUNT)).toBeNull();
    expect(await keytar.getPassword(VAULT_SERVICE, SESSION_SIGNING_KEY_ACCOUNT)).toBe(storedKey);

    // A new launch (its own vault handle, as a new process would open), on the same port.
    const second = await startTestHub({ vault: await openKeychainVault({ logger: silentLogger }), staticDir: BUILT_RENDERER, port });
    try {
      expect(second.token).not.toBe(first.token);
      const renewed = await sendToHub(port, 'POST', '/api/session/renew', { Cookie: cookie, Origin: second.hub.origin });
      expect(renewed.status).toBe(200);
      expect(renewed.body).toEqual({ token: second.token });
      // The old token itself is of no use to the new launch.
      expect((await fetch(`${second.hub.origin}/api/status`, { headers: { Authorization: `Bearer ${first.token}` } })).status).toBe(401);
    } finally {
      await second.stop();
    }
    expect(await keytar.getPassword(VAULT_SERVICE, SESSION_SIGNING_KEY_ACCOUNT)).toBe(storedKey);
  });
});
