// The API client against a real HTTP server: the Bearer token on every call,
// typed errors from {error: {code, message}}, and an unreachable hub.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from '../../renderer/src/api/api-client';

let server: Server;
let origin: string;
const seen: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url === '/api/accounts' && req.method === 'POST') {
        res.writeHead(422, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { code: 'auth_failed', message: 'AUTHENTICATIONFAILED' } }));
      } else if (req.url?.startsWith('/api/mailboxes/mb%2F1/messages')) {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ messages: [], nextCursor: null }));
      } else if (req.url === '/api/actions') {
        res.writeHead(202, { 'Content-Type': 'application/json' }).end(JSON.stringify({ actionId: 'act-1' }));
      } else {
        res.writeHead(502, { 'Content-Type': 'text/html' }).end('<h1>Bad gateway</h1>');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('createApiClient', () => {
  it('sends the current token as Bearer, encodes ids and query, and posts JSON', async () => {
    let token = 'first';
    const api = createApiClient(origin, () => token);
    await api.listMessages('mb/1', 50, 'cur sor');
    token = 'second';
    expect(await api.postAction({ type: 'flag', messageIds: ['m1'] })).toEqual({ actionId: 'act-1' });
    const [list, action] = seen.slice(-2);
    expect(list?.url).toBe('/api/mailboxes/mb%2F1/messages?limit=50&before=cur+sor');
    expect(list?.headers.authorization).toBe('Bearer first');
    expect(action?.headers.authorization).toBe('Bearer second');
    expect(action?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(action?.body ?? '')).toEqual({ type: 'flag', messageIds: ['m1'] });
  });

  it('turns an error body into an ApiError with status and code', async () => {
    const api = createApiClient(origin, () => 't');
    const error = await api.addAccount({ email: 'a@b', imap: { host: 'h', port: 993, security: 'tls', user: 'a' }, password: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: 'auth_failed', message: 'AUTHENTICATIONFAILED' });
  });

  it('reports a body that is not the error shape by its status', async () => {
    const error = await createApiClient(origin, () => 't').status().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: 'http_error' });
  });

  it('reports an unreachable hub as status 0, and a missing token without a request', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await createApiClient(`http://127.0.0.1:${port}`, () => 't').listAccounts().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: 'hub_unreachable' });
    const before = seen.length;
    const noToken = await createApiClient(origin, () => null).listAccounts().catch((e: unknown) => e);
    expect(noToken).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(seen.length).toBe(before);
  });
});
