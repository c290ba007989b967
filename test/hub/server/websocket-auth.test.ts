// The WebSocket front door against real sockets on port 0: every refusal
// happens in the HTTP upgrade, before any WebSocket exists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../../shared/protocol';
import { startTestHub, BUILT_RENDERER, type TestHub } from '../../support/test-hub';
import { eventsUrl, expectRefused, openEventSocket } from '../../support/ws-client';

let t: TestHub;

beforeAll(async () => {
  t = await startTestHub({ staticDir: BUILT_RENDERER, extraOrigins: ['app://mailmind'] });
});

afterAll(async () => {
  await t.stop();
  // The token must not appear in anything the hub logged across this file.
  expect(t.logs.length).toBeGreaterThan(0);
  expect(t.logText()).not.toContain(t.token);
});

describe('token', () => {
  it('refuses a missing token with 401', async () => {
    const refusal = await expectRefused(eventsUrl(t.hub.port, null));
    expect(refusal.status).toBe(401);
    expect(JSON.parse(refusal.body)).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it('refuses a short token with 401', async () => {
    expect((await expectRefused(eventsUrl(t.hub.port, t.token.slice(0, 20)))).status).toBe(401);
  });

  it('refuses a wrong token of the right length with 401', async () => {
    const wrong = `${t.token.slice(0, -1)}${t.token.endsWith('A') ? 'B' : 'A'}`;
    expect((await expectRefused(eventsUrl(t.hub.port, wrong))).status).toBe(401);
  });

  it('refuses an empty token and a token in the wrong place', async () => {
    expect((await expectRefused(eventsUrl(t.hub.port, ''))).status).toBe(401);
    const inHeader = await expectRefused(eventsUrl(t.hub.port, null), { headers: { Authorization: `Bearer ${t.token}` } });
    expect(inHeader.status).toBe(401);
  });

  it('accepts the good token and sends hub.ready with the same facts as /api/status', async () => {
    const socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
    const ready = await socket.nextEvent('hub.ready');
    expect(ready.payload).toEqual({ protocolVersion: PROTOCOL_VERSION, hubVersion: '0.0.0-test', profile: 'default', keyring: 'unavailable' });
    const status = await fetch(`${t.hub.origin}/api/status`, { headers: { Authorization: `Bearer ${t.token}` } });
    expect(await status.json()).toEqual(ready.payload);
    socket.ws.close(1000);
    await socket.closed;
  });

  it('refuses upgrades on any other path with 404', async () => {
    const refusal = await expectRefused(`ws://127.0.0.1:${t.hub.port}/ws/other/?token=${t.token}`);
    expect(refusal.status).toBe(404);
  });
});

describe('origin and host', () => {
  it('refuses Origin: null', async () => {
    expect((await expectRefused(eventsUrl(t.hub.port, t.token), { origin: 'null' })).status).toBe(403);
  });

  it('refuses a foreign origin', async () => {
    expect((await expectRefused(eventsUrl(t.hub.port, t.token), { origin: 'http://evil.example' })).status).toBe(403);
  });

  it('refuses another loopback port as origin', async () => {
    const other = `http://127.0.0.1:${t.hub.port === 65535 ? 1 : t.hub.port + 1}`;
    expect((await expectRefused(eventsUrl(t.hub.port, t.token), { origin: other })).status).toBe(403);
  });

  it('refuses Host: evil.example (DNS rebinding)', async () => {
    const refusal = await expectRefused(eventsUrl(t.hub.port, t.token), { headers: { Host: `evil.example:${t.hub.port}` } });
    expect(refusal.status).toBe(403);
  });

  it('refuses the right host name on the wrong port', async () => {
    const refusal = await expectRefused(eventsUrl(t.hub.port, t.token), { headers: { Host: `127.0.0.1:${t.hub.port + 1}` } });
    expect(refusal.status).toBe(403);
  });

  it('allows no Origin (a local non-browser client), the own origin, localhost, and the app origin', async () => {
    for (const options of [
      {},
      { origin: t.hub.origin },
      { origin: `http://localhost:${t.hub.port}` },
      { origin: 'app://mailmind' },
    ]) {
      const socket = await openEventSocket(eventsUrl(t.hub.port, t.token), options);
      await socket.nextEvent('hub.ready');
      socket.ws.close(1000);
      await socket.closed;
    }
    const viaLocalhost = await openEventSocket(eventsUrl(t.hub.port, t.token, 'localhost'));
    await viaLocalhost.nextEvent('hub.ready');
    viaLocalhost.ws.close(1000);
  });
});
