// Logins a server refuses for now, and sessions it drops right after the login: neither is a
// wrong password, neither may become a reconnect storm, and both heal without the user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import type { Account } from '../../../shared/model';
import type { AccountRecord } from '../../../electron/hub/store/store-types';
import type { ApiErrorBody } from '../../../shared/api';
import type { HubEvent } from '../../../shared/protocol';
import { newId } from '../../../electron/hub/store/store-writes';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { startLoginDropProxy } from '../../support/mail/login-drop-proxy';
import { accountRequest, callApi, waitForSyncState } from '../../support/hub-api';
import { startTestHub, type TestHub } from '../../support/test-hub';
import { eventsUrl, openEventSocket, type EventSocket } from '../../support/ws-client';

// One connection per user and IP: a second login is refused with NO [LIMIT].
let dovecot: DovecotInstance;
let t: TestHub;
let socket: EventSocket;

beforeAll(async () => {
  dovecot = await startDovecot({ maxUserIpConnections: 1 });
  t = await startTestHub({ sync: { pollMs: 60_000, backoff: { baseMs: 50, maxMs: 3200 }, maxAuthAttempts: 2 } });
  socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
});

afterAll(async () => {
  socket?.ws.close(1000);
  await t?.stop();
  await dovecot?.destroy();
});

/** Another client of the same user, holding the one connection Dovecot allows. */
async function holdTheOnlyConnection(): Promise<ImapFlow> {
  const other = new ImapFlow({ ...dovecot.imapOptions(), logger: false });
  other.on('error', () => {});
  await other.connect();
  return other;
}

function accountRecord(port: number): AccountRecord {
  return {
    id: newId(),
    email: 'alice@mailmind.test',
    displayName: 'Alice',
    imap: { host: '127.0.0.1', port, security: 'none', user: dovecot.users[0]!.user },
    persistent: false,
    createdAt: Date.now(),
  };
}

const statuses = (id: string, state: string) => socket.events.filter((e: HubEvent) => e.type === 'sync.status' && e.payload.accountId === id && e.payload.state === state);

describe('a login refused for now (NO [LIMIT]: too many connections)', () => {
  it('is not taken for a wrong password when adding an account: 422 server_unavailable with the server text, nothing stored', async () => {
    const other = await holdTheOnlyConnection();
    try {
      const result = await callApi<ApiErrorBody>(t, '/api/accounts', { method: 'POST', body: accountRequest(dovecot) });
      expect(result.status).toBe(422);
      expect(result.body.error.code).toBe('server_unavailable');
      expect(result.body.error.message).toMatch(/Maximum number of connections/);
      expect((await callApi<{ accounts: Account[] }>(t, '/api/accounts')).body.accounts).toEqual([]);
    } finally {
      await other.logout();
    }
  });

  it('keeps an account offline and retrying past the wrong-password limit, then syncs once a connection is free', async () => {
    const other = await holdTheOnlyConnection();
    const record = accountRecord(dovecot.port);
    t.hub.store.writes.insertAccount(record);
    socket.events.length = 0;
    t.hub.sync.start(record, dovecot.users[0]!.password);
    try {
      const offline = await waitForSyncState(socket, record.id, 'offline');
      expect(offline.payload.error?.code).toBe('server_unavailable');
      // More tries than maxAuthAttempts (2), where a wrong password would have stopped.
      for (let waited = 0; statuses(record.id, 'connecting').length < 4 && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(statuses(record.id, 'connecting').length).toBeGreaterThanOrEqual(4);
      expect(statuses(record.id, 'auth_failed')).toEqual([]);
    } finally {
      await other.logout();
    }
    // Nobody acts: the next retry logs in.
    await waitForSyncState(socket, record.id, 'idle', 15_000);
    expect(statuses(record.id, 'auth_failed')).toEqual([]);
    await t.hub.sync.stop(record.id);
    t.hub.store.writes.deleteAccount(record.id);
  });
});

describe('a server that drops every session right after the login', () => {
  it('is reconnected to with a growing backoff, not every few ms, and the account syncs once it recovers', async () => {
    const proxy = await startLoginDropProxy(dovecot.port);
    const record = accountRecord(proxy.port);
    t.hub.store.writes.insertAccount(record);
    socket.events.length = 0;
    try {
      t.hub.sync.start(record, dovecot.users[0]!.password);
      await new Promise((resolve) => setTimeout(resolve, 4000));
      // With the backoff (25-50, 50-100, ... ms, capped at 1.6-3.2 s) about 8 sessions fit in
      // 4 s; starting over after every login, it would be one every 25-50 ms (dozens).
      const sessions = proxy.dropped;
      expect(sessions).toBeGreaterThanOrEqual(3);
      expect(sessions).toBeLessThanOrEqual(10);
      expect(statuses(record.id, 'offline').length).toBeGreaterThanOrEqual(3);
      proxy.heal();
      await waitForSyncState(socket, record.id, 'idle', 15_000);
    } finally {
      await t.hub.sync.stop(record.id);
      t.hub.store.writes.deleteAccount(record.id);
      await proxy.close();
    }
  });
});
