// @vitest-environment jsdom
// The socket lifecycle of useHubSocket against a real ws server: reconnect after
// a server restart, none after 1000, clean unmount, token changes, 4401.
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import type { HubConnection } from '../../shared/bridge';
import { AuthProvider, useAuth, type AuthValue } from '../../renderer/src/auth/auth-context';
import { useHubSocket } from '../../renderer/src/hub/use-hub-socket';
import { hubStore, initialHubState } from '../../renderer/src/stores/hub-store';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { initialMailState } from '../../renderer/src/stores/mail-state';
import { startWsTestServer, until, type WsTestServer } from './ws-test-server';

let server: WsTestServer;
let auth: AuthValue | null = null;

function Probe() {
  auth = useAuth();
  useHubSocket();
  return null;
}

/** A preload bridge that hands out the tokens in `tokens`, one per call (the last one repeats). */
function installBridge(tokens: string[]): { calls: number } {
  const counter = { calls: 0 };
  window.mailmind = {
    getHubConnection: async (): Promise<HubConnection> => {
      const token = tokens[Math.min(counter.calls, tokens.length - 1)]!;
      counter.calls += 1;
      return { wsUrl: server.wsUrl, apiUrl: `http://127.0.0.1:${server.port}`, token };
    },
    onOpenMessage: () => () => {},
  };
  return counter;
}

// jsdom's own WebSocket (undici inside) dispatches Node Events that jsdom's
// EventTarget rejects under vitest; the `ws` client implements the same browser
// API (on* handlers, readyState constants, close(code, reason)) over a real socket.
beforeAll(() => {
  globalThis.WebSocket = NodeWebSocket as unknown as typeof WebSocket;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(async () => {
  hubStore.setState(initialHubState, true);
  mailStore.setState(initialMailState, true);
  sessionStorage.clear();
  server = await startWsTestServer();
});

afterEach(async () => {
  cleanup();
  delete window.mailmind;
  auth = null;
  await server.stop().catch(() => undefined);
});

describe('useHubSocket lifecycle', () => {
  it('opens no connection without a token', async () => {
    render(
      <AuthProvider>
        <Probe />
      </AuthProvider>,
    );
    await until(() => auth?.resolved === true, 'auth resolved');
    await sleep(700);
    expect(server.connections).toHaveLength(0);
    expect(hubStore.getState().socket).toBe('idle');
  });

  it('connects with the token and routes events into the stores', async () => {
    installBridge(['tok-a']);
    render(
      <AuthProvider>
        <Probe />
      </AuthProvider>,
    );
    await until(() => server.connections.length === 1 && hubStore.getState().socket === 'open', 'open');
    expect(server.connections[0]!.token).toBe('tok-a');
    server.send(server.connections[0]!, {
      type: 'mailbox.updated',
      payload: { mailbox: { id: 'mb1', accountId: 'a1', path: 'INBOX', name: 'Inbox', delimiter: '/', specialUse: '\\Inbox', total: 3, unread: 2 } },
    });
    await until(() => mailStore.getState().mailboxes.mb1?.unread === 2, 'mailbox in the store');
  });

  it('reconnects by itself after the server restarts, and counts the reopen', async () => {
    installBridge(['tok-a']);
    render(
      <AuthProvider>
        <Probe />
      </AuthProvider>,
    );
    await until(() => hubStore.getState().openCount === 1, 'first open');
    await server.stop();
    await until(() => hubStore.getState().socket === 'reconnecting', 'reconnecting state');
    await sleep(300);
    await server.start();
    await until(() => hubStore.getState().openCount === 2, 'reopened', 10_000);
    const live = server.connections.filter((c) => c.closeCode === null);
    expect(live).toHaveLength(1);
    expect(live[0]!.token).toBe('tok-a');
  });

  it('does not reconnect after the server closes with 1000', async () => {
    installBridge(['tok-a']);
    render(
      <AuthProvider>
        <Probe />
      </AuthProvider>,
    );
    await until(() => hubStore.getState().socket === 'open', 'open');
    server.connections[0]!.socket.close(1000, 'Bye');
    await until(() => hubStore.getState().socket === 'closed', 'closed state');
    await sleep(1500);
    expect(server.connections).toHaveLength(1);
  });

  it('closes with 1000 on unmount', async () => {
    installBridge(['tok-a']);
    const view = render(
      <AuthProvider>
        <Probe />
      </AuthProvider>,
    );
    await until(() => hubStore.getState().socket === 'open', 'open');
    view.unmount();
    expect(await server.connections[0]!.closed).toBe(1000);
    await sleep(800);
    expect(server.connections).toHaveLength(1);
  });

  it('leaves no retry timer behind when unmounted while waiting to reconnect', async () => {
    installBridge(['tok-a']);
    const view = render(
      <AuthProvider>
        <Probe />
      </AuthProvider>,
    );
    await until(() => hubStore.getState().socket === 'open', 'open');
    // Track timers in the backoff range (≥ 250 ms) that are set while reconnecting.
    const pending = new Set<ReturnType<typeof setTimeout>>();
    const realSet = globalThis.setTimeout;
    const realClear = globalThis.clearTimeout;
    globalThis.setTimeout = ((callback: () => void, ms?: number) => {
      const id: ReturnType<typeof setTimeout> = realSet(() => {
        pending.delete(id);
        callback();
      }, ms);
      if ((ms ?? 0) >= 250) pending.add(id);
      return id;
    }) as typeof setTimeout;
    globalThis.clearTimeout = ((id: ReturnType<typeof setTimeout>) => {
      pending.delete(id);
      realClear(id);
    }) as typeof clearTimeout;
    try {
      await server.stop();
      await until(() => hubStore.getState().socket === 'reconnecting' && pending.size > 0, 'a scheduled reconnect');
      view.unmount();
      expect(pending.size).toBe(0);
    } finally {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    }
    const stateAtUnmount = hubStore.getState();
    await server.start();
    // Longer than the first backoff steps (≤ 500 ms, ≤ 1 s): a live timer would have connected.
    await sleep(2000);
    expect(server.connections).toHaveLength(1);
    expect(hubStore.getState()).toBe(stateAtUnmount); // no state update after unmount
  });

  it('reconnects with the new token when the token changes', async () => {
    installBridge(['tok-a', 'tok-b']);
    render(
      <AuthProvider>
        <Probe />
      </AuthProvider>,
    );
    await until(() => hubStore.getState().socket === 'open', 'open');
    await act(async () => {
      await auth!.refresh();
    });
    await until(() => server.connections.length === 2 && hubStore.getState().socket === 'open', 'second connection');
    expect(await server.connections[0]!.closed).toBe(1000);
    expect(server.connections[1]!.token).toBe('tok-b');
  });

  it('on 4401 gets a fresh token, then reconnects with it', async () => {
    const bridge = installBridge(['tok-a', 'tok-b']);
    server.rejectToken.set('tok-a', 4401);
    render(
      <AuthProvider>
        <Probe />
      </AuthProvider>,
    );
    await until(() => server.connections.some((c) => c.token === 'tok-b') && hubStore.getState().socket === 'open', 'reconnected with tok-b');
    expect(bridge.calls).toBe(2);
    expect(server.connections.map((c) => c.token)).toEqual(['tok-a', 'tok-b']);
  });

  it('on 4401 with no fresher token to be had, retries with backoff instead of looping', async () => {
    const bridge = installBridge(['tok-a']);
    server.rejectToken.set('tok-a', 4401);
    render(
      <AuthProvider>
        <Probe />
      </AuthProvider>,
    );
    await until(() => server.connections.length >= 2, 'a second attempt', 10_000);
    // The next attempts wait ≥ 0.5 s, then ≥ 1 s: within 0.9 s at most one more
    // (immediate retries would be dozens).
    const seen = server.connections.length;
    await sleep(900);
    expect(server.connections.length).toBeLessThanOrEqual(seen + 1);
    expect(server.connections.every((c) => c.token === 'tok-a')).toBe(true);
    expect(bridge.calls).toBeGreaterThanOrEqual(2);
    expect(hubStore.getState().socket).toBe('reconnecting');
  });
});
