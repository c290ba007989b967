// @vitest-environment jsdom
// A page the headless hub served, after the hub restarted with a new token: the
// auth context renews the token through the page's browser session, and the
// socket reconnects with it (no "session ended" banner); when renew is refused,
// the banner shows as before. The server is the socket tests' stand-in for the
// hub (a real ws server), answering the session endpoints as the hub does; the
// cookie itself is the hub's and a real browser's business (tested there), so
// here the stand-in decides whether "the cookie" renews.
import { act, cleanup, render, screen } from '@testing-library/react';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import { AuthProvider, useAuth, type AuthValue } from '../../renderer/src/auth/auth-context';
import { OfflineBanner } from '../../renderer/src/components/OfflineBanner';
import { useHubSocket } from '../../renderer/src/hub/use-hub-socket';
import { hubStore, initialHubState } from '../../renderer/src/stores/hub-store';
import { initialMailState } from '../../renderer/src/stores/mail-state';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { startWsTestServer, until, type WsTestServer } from './ws-test-server';

interface SeenRequest {
  method: string;
  path: string;
  authorization: string | null;
}

const TOKEN_KEY = 'mailmind.hubToken';
let server: WsTestServer;
let auth: AuthValue | null = null;
let unsubscribe: () => void = () => {};
let sessionEndedSeen = false;
const hub = { token: 'tok-a', cookieRenews: true, requests: [] as SeenRequest[] };

function Probe() {
  auth = useAuth();
  useHubSocket();
  return <OfflineBanner />;
}

function answerAsHub(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
  const authorization = req.headers.authorization ?? null;
  hub.requests.push({ method: req.method ?? '', path, authorization });
  const json = (status: number, body: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  };
  const refused = { error: { code: 'unauthorized', message: 'Missing or invalid token' } };
  const hasToken = authorization === `Bearer ${hub.token}`;
  if (path === '/api/status') return hasToken ? json(200, {}) : json(401, refused);
  if (path === '/api/session' && req.method === 'POST') return hasToken ? json(200, { expiresAt: new Date().toISOString() }) : json(401, refused);
  if (path === '/api/session' && req.method === 'DELETE') return void res.writeHead(204).end();
  if (path === '/api/session/renew' && req.method === 'POST') {
    return hub.cookieRenews ? json(200, { token: hub.token }) : json(401, { error: { code: 'session_invalid', message: 'The browser session is not valid' } });
  }
  json(404, { error: { code: 'not_found', message: path } });
}

/** Opens the page as the printed address would: the hub's origin, the token in the fragment. */
function openPrintedAddress(token: string): void {
  (globalThis as unknown as { jsdom: { reconfigure(options: { url: string }): void } }).jsdom.reconfigure({ url: `http://127.0.0.1:${server.port}/#token=${token}` });
  render(
    <AuthProvider>
      <Probe />
    </AuthProvider>,
  );
}

/** Opens the hub's page without a token, as a new tab or a bookmark does. */
function openBareAddress(): void {
  (globalThis as unknown as { jsdom: { reconfigure(options: { url: string }): void } }).jsdom.reconfigure({ url: `http://127.0.0.1:${server.port}/` });
  render(
    <AuthProvider>
      <Probe />
    </AuthProvider>,
  );
}

/** The hub restarts: every socket dropped, then back on the same port refusing the old token, with a new one. */
async function restartHub(newToken: string): Promise<void> {
  const old = hub.token;
  await server.stop();
  hub.token = newToken;
  server.refuseUpgrade.add(old);
  await server.start();
}

const requestsTo = (method: string, path: string) => hub.requests.filter((r) => r.method === method && r.path === path);

beforeAll(() => {
  // As in use-hub-socket.test.tsx: the `ws` client in place of jsdom's WebSocket.
  globalThis.WebSocket = NodeWebSocket as unknown as typeof WebSocket;
});

beforeEach(async () => {
  hubStore.setState(initialHubState, true);
  mailStore.setState(initialMailState, true);
  sessionStorage.clear();
  Object.assign(hub, { token: 'tok-a', cookieRenews: true, requests: [] });
  sessionEndedSeen = false;
  unsubscribe = hubStore.subscribe((state) => {
    if (state.sessionEnded) sessionEndedSeen = true;
  });
  server = await startWsTestServer();
  server.handleHttp = answerAsHub;
});

afterEach(async () => {
  cleanup();
  unsubscribe();
  auth = null;
  await server.stop().catch(() => undefined);
});

describe('a page the headless hub served', () => {
  it('asks the hub for a browser session for the token it took from the address', async () => {
    openPrintedAddress('tok-a');
    await until(() => hubStore.getState().socket === 'open', 'open');
    await until(() => requestsTo('POST', '/api/session').length === 1, 'the session request');
    expect(requestsTo('POST', '/api/session')[0]!.authorization).toBe('Bearer tok-a');
    expect(window.location.hash).toBe('');
    expect(sessionStorage.getItem(TOKEN_KEY)).toBe('tok-a');
  });

  it('after a hub restart, renews its token with the session and reconnects by itself, never saying the session ended', async () => {
    openPrintedAddress('tok-a');
    await until(() => hubStore.getState().openCount === 1, 'first open');
    await restartHub('tok-b');

    await until(() => hubStore.getState().openCount === 2, 'reopened with the renewed token', 15_000);
    const live = server.connections.filter((c) => c.closeCode === null);
    expect(live.map((c) => c.token)).toEqual(['tok-b']);
    expect(auth!.token).toBe('tok-b');
    expect(sessionStorage.getItem(TOKEN_KEY)).toBe('tok-b'); // a reload keeps the renewed token
    // Renew carries no token (the cookie is what it shows); the new token gets its own session.
    expect(requestsTo('POST', '/api/session/renew').map((r) => r.authorization)).toEqual([null]);
    await until(() => requestsTo('POST', '/api/session').some((r) => r.authorization === 'Bearer tok-b'), 'a session for the new token');
    expect(sessionEndedSeen).toBe(false);
    expect(screen.queryByTestId('session-ended-banner')).toBeNull();
  });

  it('when the hub will not renew (no cookie, another key), says the session ended and keeps the token it had', async () => {
    hub.cookieRenews = false;
    openPrintedAddress('tok-a');
    await until(() => hubStore.getState().openCount === 1, 'first open');
    await restartHub('tok-b');

    await until(() => screen.queryByTestId('session-ended-banner') !== null, 'the session-ended banner', 15_000);
    expect(screen.getByTestId('session-ended-banner').textContent).toMatch(/Open the address it printed again/);
    expect(requestsTo('POST', '/api/session/renew').length).toBeGreaterThanOrEqual(1);
    expect(server.connections.every((c) => c.token === 'tok-a')).toBe(true);
    expect(sessionStorage.getItem(TOKEN_KEY)).toBe('tok-a');
    expect(hubStore.getState().socket).toBe('reconnecting');
  });

  it('on 4401 (the hub replaced the token while running), renews and reconnects with the new token', async () => {
    server.rejectToken.set('tok-a', 4401);
    hub.token = 'tok-b';
    openPrintedAddress('tok-a');
    await until(() => server.connections.some((c) => c.token === 'tok-b') && hubStore.getState().socket === 'open', 'reconnected with tok-b');
    expect(server.connections.map((c) => c.token)).toEqual(['tok-a', 'tok-b']);
    expect(requestsTo('POST', '/api/session/renew')).toHaveLength(1);
  });

  it('on logout, clears the browser session and closes the socket with 1000', async () => {
    openPrintedAddress('tok-a');
    await until(() => hubStore.getState().socket === 'open', 'open');
    act(() => auth!.logout());
    expect(await server.connections[0]!.closed).toBe(1000);
    await until(() => requestsTo('DELETE', '/api/session').length === 1, 'the session cleared');
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(hubStore.getState().socket).toBe('idle');
  });

  it('opened in a new tab or from a bookmark (no token in the address), signs in with the browser session', async () => {
    openBareAddress();
    expect(auth!.resolved).toBe(false); // not "not signed in" while the session is asked
    await until(() => hubStore.getState().socket === 'open', 'open with the renewed token');
    expect(auth!.token).toBe('tok-a');
    expect(requestsTo('POST', '/api/session/renew')).toHaveLength(1);
    expect(sessionStorage.getItem(TOKEN_KEY)).toBe('tok-a');
  });

  it('opened without a token and without a browser session, says it is not signed in, and signs in when the printed address is pasted', async () => {
    hub.cookieRenews = false;
    openBareAddress();
    await until(() => auth!.resolved, 'resolved');
    expect(auth!.token).toBeNull();
    expect(hubStore.getState().socket).not.toBe('open');

    // Only the fragment changes: the browser does not load the page again.
    window.location.hash = '#token=tok-a';
    await until(() => hubStore.getState().socket === 'open', 'open with the pasted token');
    expect(auth!.token).toBe('tok-a');
    expect(window.location.hash).toBe('');
  });

  it('opened without a token while the hub cannot answer, asks again until it can, and signs in then', async () => {
    hub.cookieRenews = false;
    openBareAddress();
    await until(() => auth!.resolved, 'resolved');
    expect(auth!.token).toBeNull();
    hub.cookieRenews = true; // the hub has started, or come back
    await until(() => hubStore.getState().socket === 'open', 'open with the renewed token', 10_000);
    expect(auth!.token).toBe('tok-a');
    expect(requestsTo('POST', '/api/session/renew').length).toBeGreaterThanOrEqual(2);
  });

  // A guard for the asking above (it passed before it too): a logout holds.
  it('does not sign in again after a logout, even with a sign-in on its way', async () => {
    hub.cookieRenews = false;
    openBareAddress();
    await until(() => auth!.resolved, 'resolved');
    act(() => auth!.logout());
    hub.cookieRenews = true;
    await new Promise((resolve) => setTimeout(resolve, 2500)); // past the next ask (1 s after the first)
    expect(auth!.token).toBeNull();
    expect(hubStore.getState().socket).not.toBe('open');
  });
});
