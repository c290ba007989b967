// Limits that protect the hub: failed-attempt rate limiting, a connection cap,
// and the heartbeat that drops peers which stopped answering.
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startTestHub, type TestHub } from '../../support/test-hub';
import { userEventsGroup } from '../../../shared/protocol';
import { eventsUrl, expectRefused, openEventSocket } from '../../support/ws-client';

let t: TestHub | null = null;

afterEach(async () => {
  if (!t) return;
  await t.stop();
  expect(t.logText()).not.toContain(t.token);
  t = null;
});

describe('failed attempts', () => {
  it('limits 200 rapid failures with 429 and still serves a good client', async () => {
    t = await startTestHub();
    const hub = t;
    const wrong = 'x'.repeat(43);
    const statuses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 2 === 0
          ? expectRefused(eventsUrl(hub.hub.port, wrong)).then((refusal) => refusal.status)
          : fetch(`${hub.hub.origin}/api/status`, { headers: { Authorization: `Bearer ${wrong}` } }).then((res) => res.status),
      ),
    );
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(20);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(180);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);

    // A valid token is never limited, over the socket or the API.
    const socket = await openEventSocket(eventsUrl(hub.hub.port, hub.token));
    await socket.nextEvent('hub.ready');
    const api = await fetch(`${hub.hub.origin}/api/status`, { headers: { Authorization: `Bearer ${hub.token}` } });
    expect(api.status).toBe(200);
    socket.ws.close(1000);
  });
});

describe('connection cap', () => {
  it('refuses connections beyond the cap with 503 and accepts again after one leaves', async () => {
    t = await startTestHub({ server: { maxConnections: 3 } });
    const sockets = await Promise.all([1, 2, 3].map(() => openEventSocket(eventsUrl(t!.hub.port, t!.token))));
    expect((await expectRefused(eventsUrl(t.hub.port, t.token))).status).toBe(503);
    sockets[0]!.ws.close(1000);
    await sockets[0]!.closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = await openEventSocket(eventsUrl(t.hub.port, t.token));
    await again.nextEvent('hub.ready');
    for (const socket of [...sockets, again]) socket.ws.close(1000);
  });
});

describe('heartbeat', () => {
  it('terminates a peer that stops answering pings, keeps one that answers', async () => {
    t = await startTestHub({ server: { heartbeatMs: 100 } });
    const silent = await openEventSocket(eventsUrl(t.hub.port, t.token), { autoPong: false });
    const healthy = await openEventSocket(eventsUrl(t.hub.port, t.token));
    const closed = await silent.closed;
    expect(closed.code).toBe(1006);
    expect(healthy.ws.readyState).toBe(healthy.ws.OPEN);
    const hub = t.hub;
    await eventually(() => hub.events.groupSize(userEventsGroup(hub.profile)) === 1, 'the silent peer to leave its group');
    expect(t.hub.publish({ type: 'sync.status', payload: { accountId: 'a', state: 'idle' } })).toBe(1);
    healthy.ws.close(1000);
  });
});

describe('heartbeat pongs', () => {
  it('does not take unsolicited pongs for answers to its pings', async () => {
    t = await startTestHub({ server: { heartbeatMs: 100 } });
    const deaf = await openEventSocket(eventsUrl(t.hub.port, t.token), { autoPong: false });
    await deaf.nextEvent('hub.ready');
    const pongs = setInterval(() => deaf.ws.pong(Buffer.from('still here')), 20);
    try {
      expect((await deaf.closed).code).toBe(1006);
    } finally {
      clearInterval(pongs);
    }
  });
});

describe('shutdown', () => {
  it('closes sockets with 1001 when the hub stops', async () => {
    t = await startTestHub();
    const socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
    await socket.nextEvent('hub.ready');
    await t.stop();
    expect((await socket.closed).code).toBe(1001);
  });

  it('closes sockets with 4401 when the token is replaced, and only the new token works', async () => {
    t = await startTestHub();
    const old = t.token;
    const socket = await openEventSocket(eventsUrl(t.hub.port, old));
    await socket.nextEvent('hub.ready');
    await t.hub.rotateToken();
    expect((await socket.closed).code).toBe(4401);
    expect((await expectRefused(eventsUrl(t.hub.port, old))).status).toBe(401);
    const fresh = await openEventSocket(eventsUrl(t.hub.port, t.hub.connection().token));
    await fresh.nextEvent('hub.ready');
    fresh.ws.close(1000);
    expect(t.logText()).not.toContain(t.hub.connection().token);
  });
});
