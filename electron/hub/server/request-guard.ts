// Who may talk to the hub: checks that run on every HTTP request and every
// WebSocket upgrade before any handler or socket exists.
import type { IncomingMessage } from 'node:http';
import type { ApiErrorCode } from '../../../shared/api';
import type { FailedAuthLimiter } from './failed-auth-limiter';
import type { Principal, SessionAuth } from './session-auth';

export type GuardResult =
  | { ok: true; principal: Principal }
  | GuardRefusal;

export interface GuardRefusal {
  ok: false;
  status: 401 | 403 | 429;
  code: ApiErrorCode;
  message: string;
}

/**
 * DNS rebinding defence: a page on evil.example resolving to 127.0.0.1 still
 * sends `Host: evil.example:PORT`, so only our own loopback names are accepted.
 */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const normalized = host.toLowerCase();
  return normalized === `127.0.0.1:${port}` || normalized === `localhost:${port}`;
}

/**
 * A missing Origin is a non-browser local client (allowed with a valid token);
 * a present one must be on the allowlist. `null` (file://, sandboxed frames) never is.
 */
export function isAllowedOrigin(origin: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (origin === undefined) return true;
  return allowed.has(origin.toLowerCase());
}

export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

export interface GuardOptions {
  port: number;
  allowedOrigins: ReadonlySet<string>;
  auth: SessionAuth;
  limiter: FailedAuthLimiter;
}

/** Checks the Host and Origin headers only (for requests that carry no token). */
export function checkHostAndOrigin(req: IncomingMessage, options: GuardOptions): GuardRefusal | null {
  if (!isAllowedHost(req.headers.host, options.port)) {
    return { ok: false, status: 403, code: 'forbidden', message: 'Host not allowed' };
  }
  if (!isAllowedOrigin(req.headers.origin, options.allowedOrigins)) {
    return { ok: false, status: 403, code: 'forbidden', message: 'Origin not allowed' };
  }
  return null;
}

/** Counts one failed attempt of this client: 429 once it is over the limit, else 401 with `code`. */
export function refuseAndCount(req: IncomingMessage, limiter: FailedAuthLimiter, code: ApiErrorCode, message: string): GuardRefusal {
  const client = req.socket.remoteAddress ?? 'unknown';
  if (limiter.recordFailure(client)) {
    return { ok: false, status: 429, code: 'rate_limited', message: 'Too many failed attempts; try again later' };
  }
  return { ok: false, status: 401, code, message };
}

/** Runs every check in order: Host, Origin, then the token (counting failures). */
export function guardRequest(req: IncomingMessage, presentedToken: string | null, options: GuardOptions): GuardResult {
  const refused = checkHostAndOrigin(req, options);
  if (refused) return refused;
  const principal = options.auth.verify(presentedToken);
  if (principal) return { ok: true, principal };
  return refuseAndCount(req, options.limiter, 'unauthorized', 'Missing or invalid token');
}
