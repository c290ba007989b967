// The browser session endpoints of headless mode. They sit beside the API router
// because they authenticate differently: renew carries no token (that is its
// point) but the session cookie. Only the page the hub serves may call them, so
// the Origin must be the hub's own, and no CORS headers are ever sent: a page on
// another loopback port is same-site (SameSite ignores ports), so its requests
// would carry the cookie, and the Origin check is what refuses them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SESSION_PATH, SESSION_RENEW_PATH, type ApiErrorCode, type RenewSessionResponse, type SessionResponse } from '../../../shared/api';
import type { Logger } from '../logger';
import { sendError, sendJson } from './http-json';
import { bearerToken, guardRequest, isAllowedHost, refuseAndCount, type GuardOptions, type GuardRefusal } from './request-guard';
import {
  cookieValues,
  SESSION_COOKIE_MAX_AGE_SECONDS,
  sessionCookieHeader,
  sessionCookieName,
  signSessionCookie,
  verifySessionCookie,
  type CookieCheck,
} from './session-cookie';

export interface BrowserSessionOptions {
  guard: GuardOptions;
  profile: string;
  /** The HMAC key (from the vault: it outlives the process when there is a keyring). */
  signingKey: () => Promise<Buffer>;
  logger: Logger;
  maxAgeSeconds?: number;
  now?: () => number;
}

export type BrowserSessionHandler = (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<void>;

const withoutTrailingSlash = (pathname: string): string => pathname.replace(/(.)\/+$/, '$1');

/** Whether a request is for the browser session endpoints. */
export function isBrowserSessionPath(pathname: string): boolean {
  const path = withoutTrailingSlash(pathname);
  return path === SESSION_PATH || path === SESSION_RENEW_PATH;
}

/** The hub's own http origins: the only pages that hold a browser session. */
export function ownOrigins(port: number): ReadonlySet<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

/** Creates the handler of POST/DELETE /api/session and POST /api/session/renew. */
export function createBrowserSessionHandler(options: BrowserSessionOptions): BrowserSessionHandler {
  const { guard, profile, signingKey, logger, maxAgeSeconds = SESSION_COOKIE_MAX_AGE_SECONDS, now = Date.now } = options;
  const cookieName = sessionCookieName(guard.port);
  const origins = ownOrigins(guard.port);
  const isOwnPage = (req: IncomingMessage): boolean => req.headers.origin !== undefined && origins.has(req.headers.origin);

  const refuse = (res: ServerResponse, refusal: GuardRefusal, what: string): void => {
    logger.warn(`${what} refused`, { status: refusal.status, code: refusal.code });
    sendError(res, refusal.status, refusal.code, refusal.message);
  };
  const hostNotAllowed: GuardRefusal = { ok: false, status: 403, code: 'forbidden', message: 'Host not allowed' };
  const notOwnPage: GuardRefusal = {
    ok: false,
    status: 403,
    code: 'origin_mismatch',
    message: 'Only the page the hub serves has a browser session',
  };

  const start = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const result = guardRequest(req, bearerToken(req), guard);
    if (!result.ok) return refuse(res, result, 'browser session');
    if (!isOwnPage(req)) return refuse(res, notOwnPage, 'browser session');
    const issuedAt = now();
    const value = signSessionCookie(await signingKey(), result.principal.profile, issuedAt, maxAgeSeconds);
    const body: SessionResponse = { expiresAt: new Date(issuedAt + maxAgeSeconds * 1000).toISOString() };
    logger.debug('browser session started');
    sendJson(res, 200, body, { 'Set-Cookie': sessionCookieHeader(cookieName, value, maxAgeSeconds) });
  };

  const end = (req: IncomingMessage, res: ServerResponse): void => {
    // Clearing needs no secret: it only empties the caller's own cookie jar.
    if (!isAllowedHost(req.headers.host, guard.port)) return refuse(res, hostNotAllowed, 'browser session end');
    if (!isOwnPage(req)) return refuse(res, notOwnPage, 'browser session end');
    res.writeHead(204, { 'Cache-Control': 'no-store', 'Set-Cookie': sessionCookieHeader(cookieName, '', 0) });
    res.end();
  };

  const renew = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!isAllowedHost(req.headers.host, guard.port)) return refuse(res, hostNotAllowed, 'session renew');
    // Every refusal below counts as a failed attempt, like a wrong token.
    const fail = (code: ApiErrorCode, message: string): void => refuse(res, refuseAndCount(req, guard.limiter, code, message), 'session renew');
    if (!isOwnPage(req)) return fail('origin_mismatch', 'Only the page the hub serves may renew its session');
    const values = cookieValues(req.headers.cookie, cookieName);
    if (values.length === 0) return fail('session_missing', 'No browser session: open the address the hub printed');
    const key = await signingKey();
    const at = now();
    const checks: CookieCheck[] = values.map((value) => verifySessionCookie(key, value, profile, at));
    if (checks.includes('valid')) {
      const body: RenewSessionResponse = { token: guard.auth.currentToken() };
      logger.info('browser session renewed');
      return sendJson(res, 200, body);
    }
    if (checks.includes('expired')) return fail('session_expired', 'The browser session has expired: open the address the hub printed');
    return fail('session_invalid', 'The browser session is not valid for this hub: open the address it printed');
  };

  return async (req, res, pathname) => {
    const path = withoutTrailingSlash(pathname);
    if (path === SESSION_PATH && req.method === 'POST') return start(req, res);
    if (path === SESSION_PATH && req.method === 'DELETE') return end(req, res);
    if (path === SESSION_RENEW_PATH && req.method === 'POST') return renew(req, res);
    const allow = path === SESSION_PATH ? 'POST, DELETE' : 'POST';
    sendError(res, 405, 'method_not_allowed', `Use ${allow}`, { Allow: allow });
  };
}
