// A real `ws` server on a loopback port for the socket lifecycle tests: records
// every connection (its token and how it closed) and can be stopped and started
// again on the same port, like a hub restart. A stand-in for the hub, not the
// hub: tests that need its HTTP side (the token check, the browser session) set
// `refuseUpgrade` and `handleHttp`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { EVENTS_PATH, type HubEvent } from '../../shared/protocol';

export interface RecordedConnection {
  token: string | null;
  socket: WebSocket;
  /** Resolves with the close code the client sent (or the server saw). */
  closed: Promise<number>;
  closeCode: number | null;
}

export interface WsTestServer {
  port: number;
  wsUrl: string;
  connections: RecordedConnection[];
  /** Close code to answer a given token with, right after the upgrade (e.g. 4401). */
  rejectToken: Map<string, number>;
  /** Tokens whose upgrade is refused with HTTP 401, as the hub refuses a stale token (the browser sees only 1006). */
  refuseUpgrade: Set<string>;
  /** Answers plain HTTP requests (404 while null). */
  handleHttp: ((req: IncomingMessage, res: ServerResponse) => void) | null;
  send(connection: RecordedConnection, event: HubEvent): void;
  /** Drops every connection (1006 for the client: no close frame) and stops listening. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startWsTestServer(): Promise<WsTestServer> {
  let http: Server | null = null;
  let wss: WebSocketServer | null = null;
  let port = 0;
  const connections: RecordedConnection[] = [];
  const rejectToken = new Map<string, number>();
  const refuseUpgrade = new Set<string>();
  const tokenOf = (req: IncomingMessage): string | null => new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');

  const listen = async (): Promise<void> => {
    http = createServer((req, res) => {
      if (server.handleHttp) server.handleHttp(req, res);
      else res.writeHead(404).end();
    });
    wss = new WebSocketServer({
      server: http,
      path: EVENTS_PATH,
      verifyClient: (info, done) => {
        const token = tokenOf(info.req);
        done(token === null || !refuseUpgrade.has(token), 401);
      },
    });
    wss.on('connection', (socket, req) => {
      const token = tokenOf(req);
      let resolveClosed!: (code: number) => void;
      const record: RecordedConnection = { token, socket, closeCode: null, closed: new Promise<number>((resolve) => (resolveClosed = resolve)) };
      socket.on('close', (code) => {
        record.closeCode = code;
        resolveClosed(code);
      });
      connections.push(record);
      const rejection = token === null ? undefined : rejectToken.get(token);
      if (rejection !== undefined) socket.close(rejection, 'Token replaced');
    });
    await new Promise<void>((resolve, reject) => {
      http!.once('error', reject);
      http!.listen(port, '127.0.0.1', () => resolve());
    });
    port = (http!.address() as AddressInfo).port;
  };

  await listen();
  const server: WsTestServer = {
    get port() {
      return port;
    },
    get wsUrl() {
      return `ws://127.0.0.1:${port}${EVENTS_PATH}`;
    },
    connections,
    rejectToken,
    refuseUpgrade,
    handleHttp: null,
    send(connection, event) {
      connection.socket.send(JSON.stringify(event));
    },
    async stop() {
      for (const client of wss?.clients ?? []) client.terminate();
      await new Promise<void>((resolve) => wss!.close(() => resolve()));
      await new Promise<void>((resolve) => http!.close(() => resolve()));
      wss = null;
      http = null;
    },
    start: listen,
  };
  return server;
}

/** Polls until `check` holds. */
export async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
