// Calls the hub's JSON API as a client would, with the Bearer token.
import type { HubEvent, SyncStatusPayload } from '../../shared/protocol';
import type { TestHub } from './test-hub';
import type { DovecotInstance } from './mail/dovecot';
import type { EventSocket } from './ws-client';

export interface ApiResult<T = unknown> {
  status: number;
  body: T;
}

/** A hub in this process, or one running as a child process (origin and token). */
export type ApiTarget = TestHub | { origin: string; token: string };

export async function callApi<T = unknown>(t: ApiTarget, path: string, init: { method?: string; body?: unknown } = {}): Promise<ApiResult<T>> {
  const { origin, token } = 'hub' in t ? { origin: t.hub.origin, token: t.hub.connection().token } : t;
  const res = await fetch(`${origin}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      Authorization: `Bearer ${token}`,
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** The POST /api/accounts body for a user of a private Dovecot (plain IMAP on loopback). */
export function accountRequest(dovecot: DovecotInstance, user = dovecot.users[0]!.user, password = dovecot.users.find((u) => u.user === user)!.password) {
  return {
    email: user,
    displayName: 'Alice Example',
    imap: { host: '127.0.0.1', port: dovecot.port, security: 'none', user },
    password,
  };
}

/** Waits for the account's sync.status to be `state` (every mailbox synced when 'idle'). */
export function waitForSyncState(socket: EventSocket, accountId: string, state: SyncStatusPayload['state'], timeoutMs = 30_000) {
  return socket.waitFor(
    (event: HubEvent): event is Extract<HubEvent, { type: 'sync.status' }> =>
      event.type === 'sync.status' && event.payload.accountId === accountId && event.payload.state === state,
    timeoutMs,
  );
}
