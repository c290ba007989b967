// The JSON API over a real socket: Bearer auth, the error shape, routing,
// body parsing and CORS for the app's own origin.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiRouter, type ApiRoute } from '../../../electron/hub/server/api-router';
import { HttpError } from '../../../electron/hub/server/http-json';
import { createLogger } from '../../../electron/hub/logger';
import { startTestHub, type TestHub } from '../../support/test-hub';

let t: TestHub;
const auth = (): Record<string, string> => ({ Authorization: `Bearer ${t.token}` });

beforeAll(async () => {
  t = await startTestHub({ extraOrigins: ['app://mailmind'] });
});

afterAll(async () => {
  await t.stop();
  expect(t.logText()).not.toContain(t.token);
});

describe('/api on the hub', () => {
  it('answers /api/status with the token and refuses it without', async () => {
    const ok = await fetch(`${t.hub.origin}/api/status`, { headers: auth() });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ protocolVersion: 1, profile: 'default' });
    const missing = await fetch(`${t.hub.origin}/api/status`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    const notBearer = await fetch(`${t.hub.origin}/api/status`, { headers: { Authorization: `Basic ${t.token}` } });
    expect(notBearer.status).toBe(401);
  });

  it('does not accept the token in the query string of an API call', async () => {
    const res = await fetch(`${t.hub.origin}/api/status?token=${t.token}`);
    expect(res.status).toBe(401);
  });

  it('answers unknown routes with 404 and a wrong method with 405, in the error shape', async () => {
    const unknown = await fetch(`${t.hub.origin}/api/nothing-here`, { headers: auth() });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    const wrongMethod = await fetch(`${t.hub.origin}/api/status`, { method: 'DELETE', headers: auth() });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses a foreign Origin and a rebinding Host even with the token', async () => {
    const foreign = await fetch(`${t.hub.origin}/api/status`, { headers: { ...auth(), Origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
  });

  it('answers the app origin CORS preflight and marks responses for it', async () => {
    const preflight = await fetch(`${t.hub.origin}/api/status`, {
      method: 'OPTIONS',
      headers: { Origin: 'app://mailmind', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('app://mailmind');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const res = await fetch(`${t.hub.origin}/api/status`, { headers: { ...auth(), Origin: 'app://mailmind' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('app://mailmind');
    const evilPreflight = await fetch(`${t.hub.origin}/api/status`, { method: 'OPTIONS', headers: { Origin: 'http://evil.example' } });
    expect(evilPreflight.status).toBe(403);
  });

  it('serves no renderer when not in headless mode', async () => {
    expect((await fetch(`${t.hub.origin}/`)).status).toBe(404);
  });
});

// The router's body handling, on a real HTTP server with a route table of the
// test's own (the hub's POST routes arrive with accounts and actions).
describe('api router', () => {
  let server: Server;
  let base: string;
  const errors: string[] = [];
  const routes: ApiRoute[] = [
    { method: 'POST', pattern: '/api/echo', handle: (req) => ({ status: 201, body: { got: req.body } }) },
    { method: 'GET', pattern: '/api/items/:id', handle: (req) => ({ body: { id: req.params.id } }) },
    {
      method: 'GET',
      pattern: '/api/fail/:kind',
      handle: (req) => {
        if (req.params.kind === 'http') throw new HttpError(409, 'conflict', 'Already there');
        throw new Error('boom with private detail');
      },
    },
  ];

  beforeAll(async () => {
    const api = createApiRouter(routes, createLogger((_level, message, fields) => errors.push(`${message} ${JSON.stringify(fields)}`)));
    server = createServer((req, res) => void api(req, res, new URL(req.url ?? '/', 'http://127.0.0.1'), { profile: 'default' }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (body: string, type = 'application/json') =>
    fetch(`${base}/api/echo`, { method: 'POST', headers: { 'Content-Type': type }, body });

  it('parses a JSON body', async () => {
    const res = await post('{"a":[1,2]}');
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ got: { a: [1, 2] } });
  });

  it('answers bad JSON with 400 bad_json', async () => {
    const res = await post('{"a":');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'bad_json', message: expect.any(String) } });
  });

  it('answers a body that is not JSON with 415 and a huge body with 413', async () => {
    expect((await post('a=b', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await post(JSON.stringify({ big: 'x'.repeat(2 * 1024 * 1024) }))).status).toBe(413);
  });

  it('decodes path parameters and rejects malformed encoding', async () => {
    expect(await (await fetch(`${base}/api/items/a%2Fb`)).json()).toEqual({ id: 'a/b' });
    expect((await fetch(`${base}/api/items/%E0%A4%A`)).status).toBe(400);
  });

  it('turns thrown errors into the error shape without leaking internals', async () => {
    const http = await fetch(`${base}/api/fail/http`);
    expect(http.status).toBe(409);
    expect(await http.json()).toEqual({ error: { code: 'conflict', message: 'Already there' } });
    const crash = await fetch(`${base}/api/fail/crash`);
    expect(crash.status).toBe(500);
    const body = (await crash.json()) as { error: { message: string } };
    expect(body.error.message).not.toContain('private detail');
    expect(errors.join('\n')).toContain('api handler failed');
  });
});
