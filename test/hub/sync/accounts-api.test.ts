// Adding, listing and removing accounts against a real Dovecot: login first,
// clear 4xx answers, nothing stored on failure, secrets only in the vault.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../../shared/model';
import type { ApiErrorBody } from '../../../shared/api';
import type { HubEvent } from '../../../shared/protocol';
import { hasNetworkAddress } from '../../../electron/hub/sync/imap-failure';
import { accountSecretName } from '../../../electron/hub/sync/sync-manager';
import { newId } from '../../../electron/hub/store/store-writes';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { accountRequest, callApi, waitForSyncState } from '../../support/hub-api';
import { startTestHub, type TestHub } from '../../support/test-hub';
import { eventsUrl, openEventSocket, type EventSocket } from '../../support/ws-client';

let dovecot: DovecotInstance;
let tlsDovecot: DovecotInstance;
let t: TestHub;
let socket: EventSocket;

beforeAll(async () => {
  [dovecot, tlsDovecot] = await Promise.all([startDovecot(), startDovecot({ tls: true })]);
  t = await startTestHub({ sync: { pollMs: 60_000, backoff: { baseMs: 50, maxMs: 200 }, maxAuthAttempts: 2 } });
  socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
});

afterAll(async () => {
  socket?.ws.close(1000);
  await t?.stop();
  await Promise.all([dovecot?.destroy(), tlsDovecot?.destroy()]);
});

/** Successful IMAP logins in a Dovecot log. */
const logins = (log: string): number => log.split('\n').filter((line) => /imap-login: (Info: )?Login: user=/.test(line)).length;

const post = (body: unknown) => callApi<ApiErrorBody & { account: Account }>(t, '/api/accounts', { method: 'POST', body });

describe('POST /api/accounts', () => {
  it('refuses a wrong password with 422 auth_failed and the server text, storing nothing', async () => {
    const result = await post(accountRequest(dovecot, dovecot.users[0]!.user, 'not-the-password'));
    expect(result.status).toBe(422);
    expect(result.body.error.code).toBe('auth_failed');
    expect(result.body.error.message).toMatch(/AUTHENTICATIONFAILED|Authentication failed/i);
    expect((await callApi<{ accounts: Account[] }>(t, '/api/accounts')).body.accounts).toEqual([]);
  });

  it('answers a closed port with connection_refused and plain IMAP to a TLS-only expectation with tls_failed', async () => {
    const closed = await post({ ...accountRequest(dovecot), imap: { host: '127.0.0.1', port: 1, security: 'none', user: 'x' } });
    expect(closed.status).toBe(422);
    expect(closed.body.error.code).toBe('connection_refused');
    // Implicit TLS against the plain-text port: the handshake fails.
    const tls = await post({ ...accountRequest(dovecot), imap: { host: '127.0.0.1', port: dovecot.port, security: 'tls', user: 'x' } });
    expect(tls.status).toBe(422);
    expect(tls.body.error.code).toBe('tls_failed');
    // A self-signed certificate is not trusted.
    const untrusted = await post({ ...accountRequest(tlsDovecot), imap: { host: '127.0.0.1', port: tlsDovecot.tlsPort, security: 'tls', user: tlsDovecot.users[0]!.user } });
    expect(untrusted.status).toBe(422);
    expect(untrusted.body.error.code).toBe('tls_failed');
  });

  it('answers a host name that does not resolve with host_not_found, storing nothing', async () => {
    // .invalid never resolves (RFC 6761); the lookup fails before any connection.
    const unknown = await post({ ...accountRequest(dovecot), imap: { host: 'imap.mailmind-test.invalid', port: 993, security: 'tls', user: 'x' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('host_not_found');
    // Not "Unknown host: getaddrinfo ENOTFOUND imap.mailmind-test.invalid". (A machine with no
    // network at all is told that instead: getaddrinfo answers the same there.)
    expect(unknown.body.error.message).toBe(
      hasNetworkAddress() ? 'No server named imap.mailmind-test.invalid was found. Check the host name' : 'imap.mailmind-test.invalid could not be looked up: this computer is not connected to a network',
    );
    expect((await callApi<{ accounts: Account[] }>(t, '/api/accounts')).body.accounts).toEqual([]);
  });

  it('says in words what to change when the port or the security is wrong, not what OpenSSL or Node said', async () => {
    const attempt = async (port: number, security: string) => (await post({ ...accountRequest(dovecot), imap: { host: '127.0.0.1', port, security, user: dovecot.users[0]!.user } })).body.error;
    // SSL/TLS on the plain-text port: OpenSSL reads the server's "* OK" as a TLS record
    // ("…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:…").
    expect(await attempt(dovecot.port, 'tls')).toEqual({
      code: 'tls_failed',
      message: `The server did not answer with TLS on port ${dovecot.port}. Choose STARTTLS for this port, or use port 993 with SSL/TLS`,
    });
    // STARTTLS on a server that offers none ("Server does not support STARTTLS").
    expect(await attempt(dovecot.port, 'starttls')).toEqual({
      code: 'tls_failed',
      message: `The server does not offer STARTTLS on port ${dovecot.port}. Choose SSL/TLS with port 993 if your provider offers it`,
    });
    // A closed port.
    expect(await attempt(1, 'none')).toEqual({
      code: 'connection_refused',
      message: '127.0.0.1 refused the connection on port 1. Is the port right? IMAP is usually 993 (SSL/TLS) or 143 (STARTTLS)',
    });
    // A self-signed certificate.
    expect(await attempt(tlsDovecot.tlsPort!, 'tls')).toEqual({
      code: 'tls_failed',
      message: 'The security certificate of 127.0.0.1 is self-signed, so this computer cannot check that the server is who it says',
    });
  });

  it('says to choose SSL/TLS when STARTTLS is chosen for a port that expects TLS from the start', async () => {
    // The server waits for a TLS handshake and says nothing; the login check gives up after 10 s
    // ("Failed to receive greeting from server in required time").
    const result = await post({ ...accountRequest(tlsDovecot), imap: { host: '127.0.0.1', port: tlsDovecot.tlsPort!, security: 'starttls', user: tlsDovecot.users[0]!.user } });
    expect(result.status).toBe(422);
    expect(result.body.error).toEqual({
      code: 'timeout',
      message: `127.0.0.1 sent no greeting on port ${tlsDovecot.tlsPort}. If this port expects TLS from the start (as 993 does), choose SSL/TLS`,
    });
  }, 20_000);

  it('validates the request with 400s naming the field, and allows plain IMAP only on loopback', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /email/],
      [{ ...accountRequest(dovecot), email: 'nope' }, /email/],
      [{ ...accountRequest(dovecot), imap: { host: '127.0.0.1', port: 0, security: 'none', user: 'u' } }, /port/],
      [{ ...accountRequest(dovecot), imap: { host: '127.0.0.1', port: 143, security: 'ssl', user: 'u' } }, /security/],
      [{ ...accountRequest(dovecot), password: '' }, /password/],
      [[1, 2], /object/],
    ];
    for (const [body, message] of cases) {
      const result = await post(body);
      expect(result.status).toBe(400);
      expect(result.body.error.message).toMatch(message);
    }
    const remote = await post({ ...accountRequest(dovecot), imap: { host: 'mail.example.com', port: 143, security: 'none', user: 'u' } });
    expect(remote.status).toBe(400);
    expect(remote.body.error.code).toBe('insecure_connection');
  });

  it('adds, lists (with status), refuses a duplicate, and removes with its mail and secret', async () => {
    const loginsBefore = logins(await dovecot.readLog());
    const added = await post(accountRequest(dovecot));
    expect(added.status).toBe(201);
    const id = added.body.account.id;
    expect(added.body.account).toMatchObject({ email: dovecot.users[0]!.user, persistent: false, imap: { security: 'none' } });
    expect(JSON.stringify(added.body)).not.toContain(dovecot.users[0]!.password);
    await waitForSyncState(socket, id, 'idle');
    // One login: the connection that checked the password is the one that synced.
    expect(logins(await dovecot.readLog()) - loginsBefore).toBe(1);
    const listed = await callApi<{ accounts: Account[] }>(t, '/api/accounts');
    expect(listed.body.accounts.map((a) => [a.id, a.status.state])).toEqual([[id, 'idle']]);
    expect((await post(accountRequest(dovecot))).status).toBe(409);
    // The same server by another of this computer's names: the same account.
    for (const host of ['localhost', 'LocalHost', '::1', '[::1]']) {
      const again = await post({ ...accountRequest(dovecot), imap: { ...accountRequest(dovecot).imap, host } });
      expect([host, again.status, again.body.error?.code]).toEqual([host, 409, 'account_exists']);
    }
    expect(await t.hub.store.reads.listMailboxes(id).length).toBeGreaterThan(0);

    const removed = await callApi(t, `/api/accounts/${id}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect(t.hub.store.reads.listMailboxes(id)).toEqual([]);
    expect((await callApi<{ accounts: Account[] }>(t, '/api/accounts')).body.accounts).toEqual([]);
    expect((await callApi(t, `/api/accounts/${id}`, { method: 'DELETE' })).status).toBe(404);
  });
});

describe('two requests to add the same account at once (a double click)', () => {
  it('adds it once: one 201, one 409 account_exists', async () => {
    const answers = await Promise.all([post(accountRequest(dovecot)), post(accountRequest(dovecot))]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.status === 409)?.body.error.code).toBe('account_exists');
    const listed = (await callApi<{ accounts: Account[] }>(t, '/api/accounts')).body.accounts;
    expect(listed).toHaveLength(1);
    expect((await callApi(t, `/api/accounts/${listed[0]!.id}`, { method: 'DELETE' })).status).toBe(204);
  });
});

describe('a password refused later', () => {
  it('goes to auth_failed and stops retrying after a bounded number of attempts', async () => {
    const id = newId();
    const record = {
      id,
      email: 'alice@mailmind.test',
      displayName: 'Alice',
      imap: { host: '127.0.0.1', port: dovecot.port, security: 'none' as const, user: dovecot.users[0]!.user },
      persistent: false,
      createdAt: Date.now(),
    };
    t.hub.store.writes.insertAccount(record);
    socket.events.length = 0;
    t.hub.sync.start(record, 'changed-elsewhere');
    const failed = await waitForSyncState(socket, id, 'auth_failed');
    expect(failed.payload.error?.code).toBe('auth_failed');
    // Long enough for many retries at the test's 50-200 ms backoff: only maxAuthAttempts (2) happen.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const attempts = socket.events.filter((e: HubEvent) => e.type === 'sync.status' && e.payload.accountId === id && e.payload.state === 'connecting');
    expect(attempts.length).toBe(2);
    expect(t.hub.sync.status(id).state).toBe('auth_failed');
    await t.hub.sync.stop(id);
    t.hub.store.writes.deleteAccount(id);
    expect(accountSecretName(id)).toBe(`imap:${id}`);
  });
});
