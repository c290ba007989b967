// A real `ws` client for tests: collects events, and reports refusals with the
// HTTP status the hub answered the upgrade with.
import WebSocket from 'ws';
import { EVENTS_PATH, parseHubEvent, type HubEvent, type HubEventType } from '../../shared/protocol';

export interface EventSocket {
  ws: WebSocket;
  events: HubEvent[];
  /** Frames parseHubEvent refused (a hub event of a shape the protocol does not define). */
  rejected: string[];
  /** Resolves with the next (or an already received, not yet taken) event of `type`. */
  nextEvent<T extends HubEventType>(type: T, timeoutMs?: number): Promise<Extract<HubEvent, { type: T }>>;
  /** Resolves with the first received event (past or future) that satisfies `match`. */
  waitFor<E extends HubEvent>(match: (event: HubEvent) => event is E, timeoutMs?: number): Promise<E>;
  closed: Promise<{ code: number; reason: string }>;
}

export interface ConnectOptions {
  headers?: Record<string, string>;
  origin?: string;
  autoPong?: boolean;
}

export function eventsUrl(port: number, token: string | null, host = '127.0.0.1'): string {
  const base = `ws://${host}:${port}${EVENTS_PATH}`;
  return token === null ? base : `${base}?token=${encodeURIComponent(token)}`;
}

export function openEventSocket(url: string, options: ConnectOptions = {}): Promise<EventSocket> {
  const ws = new WebSocket(url, { headers: options.headers, origin: options.origin, autoPong: options.autoPong ?? true });
  const events: HubEvent[] = [];
  const rejected: string[] = [];
  const taken = new Set<HubEvent>();
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    const text = data.toString();
    const event = parseHubEvent(text);
    if (event) events.push(event);
    else rejected.push(text);
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  const nextEvent = <T extends HubEventType>(type: T, timeoutMs = 5000) =>
    new Promise<Extract<HubEvent, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeoutMs} ms`)), timeoutMs);
      const look = (): void => {
        const found = events.find((event) => event.type === type && !taken.has(event));
        if (found) {
          taken.add(found);
          clearTimeout(timer);
          resolve(found as Extract<HubEvent, { type: T }>);
        } else {
          waiters.push(look);
        }
      };
      look();
    });
  const waitFor = <E extends HubEvent>(match: (event: HubEvent) => event is E, timeoutMs = 10_000) =>
    new Promise<E>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms`)), timeoutMs);
      const look = (): void => {
        const found = events.find(match);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else {
          waiters.push(look);
        }
      };
      look();
    });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, events, rejected, nextEvent, waitFor, closed }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

export interface Refusal {
  status: number;
  body: string;
}

/** Attempts an upgrade that must be refused; resolves with the HTTP status and body. */
export function expectRefused(url: string, options: ConnectOptions = {}): Promise<Refusal> {
  const ws = new WebSocket(url, { headers: options.headers, origin: options.origin });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('error', (error) => {
      // 'unexpected-response' handled above also aborts the request; ignore that echo.
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}
