// The hub's one HTTP server on 127.0.0.1: /api (Bearer token), the WebSocket
// at /ws/events/ (token in the query, authenticated in the 'upgrade' event
// before any socket exists, as ws recommends with noServer), and in headless
// mode the built renderer.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { API_PREFIX } from '../../../shared/api';
import { CloseCode, EVENTS_PATH, MAX_CLIENT_FRAME_BYTES } from '../../../shared/protocol';
import { redactUrl, type Logger } from '../logger';
import type { ApiHandler } from './api-router';
import { createBrowserSessionHandler, isBrowserSessionPath, type BrowserSessionHandler } from './browser-session-routes';
import { createFailedAuthLimiter } from './failed-auth-limiter';
import { startHeartbeat } from './heartbeat';
import { sendError } from './http-json';
import { bearerToken, checkHostAndOrigin, guardRequest, type GuardOptions } from './request-guard';
import type { SessionAuth } from './session-auth';
import type { SocketConsumer } from './socket-consumer';
import type { StaticHandler } from './static-files';

export interface HubServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** When `port` is taken, listen on a free one instead of failing (headless reuses its last port when it can). */
  freePortIfTaken?: boolean;
  auth: SessionAuth;
  consumer: SocketConsumer;
  api: ApiHandler;
  logger: Logger;
  /** Origins allowed besides the hub's own (the app:// origin, the dev server in development). */
  extraOrigins?: string[];
  /** Headless mode: the hub serves the renderer and its own http origin is allowed. */
  serveStatic?: (port: number) => StaticHandler;
  /** Headless mode: the page's session cookie, which renews its token after a hub restart. */
  browserSessions?: { profile: string; signingKey: () => Promise<Buffer> };
  maxConnections?: number;
  heartbeatMs?: number;
  failedAuth?: { maxFailures: number; windowMs: number };
}

export interface HubServer {
  port: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** ws://127.0.0.1:PORT/ws/events/ (without the token) */
  wsUrl: string;
  connectionCount(): number;
  /** Closes every socket with `code` (e.g. 4401 after the token changed) but keeps serving. */
  closeSockets(code: number, reason: string): void;
  close(): Promise<void>;
}

/** How long a closing socket may take to answer our close frame before it is cut. */
const CLOSE_GRACE_MS = 2000;

const statusText: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  503: 'Service Unavailable',
};

/** Refuses a request on its raw socket (an upgrade: no WebSocket is ever created) with a JSON error body. */
function refuseUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${statusText[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function listen(server: ReturnType<typeof createHttpServer>, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      if (address && typeof address === 'object') resolvePort(address.port);
      else reject(new Error('Server has no TCP address'));
    });
  });
}

async function listenWithFallback(server: ReturnType<typeof createHttpServer>, port: number, freePortIfTaken: boolean): Promise<number> {
  try {
    return await listen(server, port);
  } catch (error) {
    if (!freePortIfTaken || port === 0 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    // A server whose listen failed may listen again (Node's docs retry the same way).
    return listen(server, 0);
  }
}

/** Starts the hub's HTTP + WebSocket server bound to 127.0.0.1. */
export async function startHubServer(options: HubServerOptions): Promise<HubServer> {
  const { auth, consumer, api, logger, maxConnections = 32, heartbeatMs = 30_000 } = options;
  const limiter = createFailedAuthLimiter(options.failedAuth ?? { maxFailures: 20, windowMs: 60_000 });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES, perMessageDeflate: false, clientTracking: true });
  const heartbeat = startHeartbeat(wss, heartbeatMs);
  const allowedOrigins = new Set<string>((options.extraOrigins ?? []).map((origin) => origin.toLowerCase()));
  let guard: GuardOptions | null = null;
  let staticHandler: StaticHandler | null = null;
  let sessionHandler: BrowserSessionHandler | null = null;
  let nextConnectionId = 1;

  const corsHeaders = (req: IncomingMessage): Record<string, string> => {
    const origin = req.headers.origin;
    if (!origin || !allowedOrigins.has(origin.toLowerCase())) return {};
    return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
  };

  const handleRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!guard) return sendError(res, 503, 'unavailable', 'Starting');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isApi = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
    logger.debug('http request', { method: req.method, url: redactUrl(req.url) });

    // Before the API's Bearer check: renew authenticates with the cookie instead.
    if (sessionHandler && isBrowserSessionPath(url.pathname)) return sessionHandler(req, res, url.pathname);
    if (isApi && req.method === 'OPTIONS') {
      // CORS preflight for the app:// origin; it carries no token by design.
      const refused = checkHostAndOrigin(req, guard);
      if (refused) return sendError(res, refused.status, refused.code, refused.message);
      res.writeHead(204, {
        ...corsHeaders(req),
        'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    if (isApi) {
      const result = guardRequest(req, bearerToken(req), guard);
      if (!result.ok) return sendError(res, result.status, result.code, result.message, corsHeaders(req));
      for (const [name, value] of Object.entries(corsHeaders(req))) res.setHeader(name, value);
      return api(req, res, url, result.principal);
    }
    const refused = checkHostAndOrigin(req, guard);
    if (refused) return sendError(res, refused.status, refused.code, refused.message);
    if (!staticHandler || (req.method !== 'GET' && req.method !== 'HEAD')) {
      return sendError(res, 404, 'not_found', 'Not found');
    }
    return staticHandler(url.pathname, res);
  };

  const server = createHttpServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      logger.error('request failed', { url: redactUrl(req.url), error: String(error) });
      if (!res.headersSent) sendError(res, 500, 'internal', 'Internal error');
      else res.destroy();
    });
  });
  // Requests Node's parser refuses (an unknown method, headers or a URL over its 16 KB) get the
  // API's JSON error shape too, not a bare status line.
  server.on('clientError', (error: Error & { code?: string }, socket) => {
    if (!socket.writable) return void socket.destroy();
    if (error.code === 'HPE_HEADER_OVERFLOW') refuseUpgrade(socket, 431, 'headers_too_large', 'The request line and headers are too large');
    else refuseUpgrade(socket, 400, 'bad_request', 'The request is not valid HTTP');
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (!guard) return refuseUpgrade(socket, 503, 'unavailable', 'Starting');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = redactUrl(req.url);
    if (url.pathname !== EVENTS_PATH && `${url.pathname}/` !== EVENTS_PATH) {
      logger.warn('upgrade refused', { status: 404, path });
      return refuseUpgrade(socket, 404, 'not_found', 'No WebSocket here');
    }
    const result = guardRequest(req, url.searchParams.get('token'), guard);
    if (!result.ok) {
      logger.warn('upgrade refused', { status: result.status, code: result.code, reason: result.message, path });
      return refuseUpgrade(socket, result.status, result.code, result.message);
    }
    if (wss.clients.size >= maxConnections) {
      logger.warn('upgrade refused', { status: 503, code: 'too_many_connections', path });
      return refuseUpgrade(socket, 503, 'too_many_connections', 'Too many connections');
    }
    logger.debug('upgrade accepted', { path });
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      heartbeat.track(ws);
      consumer.connect(ws, result.principal, nextConnectionId++);
    });
  });

  const port = await listenWithFallback(server, options.port ?? 0, options.freePortIfTaken ?? false);
  const origin = `http://127.0.0.1:${port}`;
  if (options.serveStatic) {
    allowedOrigins.add(origin);
    allowedOrigins.add(`http://localhost:${port}`);
    staticHandler = options.serveStatic(port);
  }
  guard = { port, allowedOrigins, auth, limiter };
  if (options.browserSessions) sessionHandler = createBrowserSessionHandler({ ...options.browserSessions, guard, logger });

  return {
    port,
    origin,
    wsUrl: `ws://127.0.0.1:${port}${EVENTS_PATH}`,
    connectionCount: () => wss.clients.size,
    closeSockets(code, reason) {
      for (const ws of wss.clients) ws.close(code, reason);
    },
    async close() {
      heartbeat.stop();
      for (const ws of wss.clients) ws.close(CloseCode.goingAway, 'Hub shutting down');
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeIdleConnections();
        // Give sockets time to finish the closing handshake (a busy browser can take a
        // while to answer), then cut the rest.
        setTimeout(() => {
          for (const ws of wss.clients) ws.terminate();
          server.closeAllConnections();
        }, CLOSE_GRACE_MS).unref();
      });
      wss.close();
    },
  };
}
