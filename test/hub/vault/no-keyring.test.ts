// A headless Linux box without a Secret Service: a real session bus with no
// keyring on it. The hub keeps working with secrets in memory and says so once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKeychainVault } from '../../../electron/hub/vault/keychain-vault';
import { createLogger, silentLogger, type LogFields } from '../../../electron/hub/logger';
import { cookiePair, sendToHub, setCookieOf } from '../../support/browser-session-client';
import { startKeyringSession, type KeyringSession } from '../../support/keyring-session';
import { BUILT_RENDERER, startTestHub } from '../../support/test-hub';
import { eventsUrl, openEventSocket } from '../../support/ws-client';
import type { Account, Mailbox } from '../../../shared/model';
import { startDovecot } from '../../support/mail/dovecot';
import { accountRequest, callApi, waitForSyncState } from '../../support/hub-api';

let session: KeyringSession;

beforeAll(async () => {
  session = await startKeyringSession({ withKeyring: false });
  session.enter();
});

afterAll(async () => {
  await session.stop();
});

describe('no Secret Service', () => {
  it('falls back to a memory vault, says so once in plain words, and the hub serves', async () => {
    const lines: Array<{ level: string; message: string; fields: LogFields }> = [];
    const logger = createLogger((level, message, fields) => lines.push({ level, message, fields }), 'debug');
    const vault = await openKeychainVault({ logger });
    expect(vault.kind).toBe('memory');
    const warnings = lines.filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/No OS keyring is available.*memory only/);

    await vault.set('imap:a', 'secret');
    expect(await vault.get('imap:a')).toBe('secret');

    const t = await startTestHub({ vault });
    expect(t.hub.info().keyring).toBe('unavailable');
    const socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
    expect((await socket.nextEvent('hub.ready')).payload.keyring).toBe('unavailable');
    socket.ws.close(1000);
    await t.stop();
  });

  it('adds an account for this session only: it says so, syncs, and is gone with its mail after a restart', async () => {
    const dovecot = await startDovecot();
    const first = await startTestHub({ vault: await openKeychainVault({ logger: silentLogger }) });
    try {
      const socket = await openEventSocket(eventsUrl(first.hub.port, first.token));
      const added = await callApi<{ account: Account }>(first, '/api/accounts', { method: 'POST', body: accountRequest(dovecot) });
      expect(added.status).toBe(201);
      expect(added.body.account.persistent).toBe(false);
      await waitForSyncState(socket, added.body.account.id, 'idle');
      expect((await callApi<{ mailboxes: Mailbox[] }>(first, '/api/mailboxes')).body.mailboxes.length).toBeGreaterThan(0);
      socket.ws.close(1000);
      // The same data folder, a new launch: the password was never kept, so neither is the account.
      await first.hub.stop();
      const second = await startTestHub({ vault: await openKeychainVault({ logger: silentLogger }), dataDir: first.dataDir });
      try {
        expect((await callApi<{ accounts: Account[] }>(second, '/api/accounts')).body.accounts).toEqual([]);
        expect((await callApi<{ mailboxes: Mailbox[] }>(second, '/api/mailboxes')).body.mailboxes).toEqual([]);
      } finally {
        await second.stop();
      }
    } finally {
      await dovecot.destroy();
    }
  });

  it('keeps the browser session key for one launch only: after a restart the cookie renews nothing', async () => {
    const first = await startTestHub({ vault: await openKeychainVault({ logger: silentLogger }), staticDir: BUILT_RENDERER });
    const port = first.hub.port;
    const started = await sendToHub(port, 'POST', '/api/session', { Authorization: `Bearer ${first.token}`, Origin: first.hub.origin });
    const cookie = cookiePair(setCookieOf(started));
    // Within the launch the cookie works...
    expect((await sendToHub(port, 'POST', '/api/session/renew', { Cookie: cookie, Origin: first.hub.origin })).status).toBe(200);
    await first.stop();

    const second = await startTestHub({ vault: await openKeychainVault({ logger: silentLogger }), staticDir: BUILT_RENDERER, port });
    try {
      // ...but the next launch has another key: the page must open the printed address again.
      const renewed = await sendToHub(port, 'POST', '/api/session/renew', { Cookie: cookie, Origin: second.hub.origin });
      expect(renewed.status).toBe(401);
      expect(renewed.body).toEqual({ error: { code: 'session_invalid', message: expect.any(String) } });
    } finally {
      await second.stop();
    }
  });

  it('also survives a keytar that cannot even load', async () => {
    const messages: string[] = [];
    const vault = await openKeychainVault({
      logger: createLogger((_l, message) => messages.push(message)),
      loadKeytar: () => Promise.reject(new Error('libsecret-1.so.0: cannot open shared object file')),
    });
    expect(vault.kind).toBe('memory');
    expect(messages).toHaveLength(1);
  });
});
