// The browser session cookie of headless mode: what lets a page the hub served
// get the current token again after a hub restart (the token itself is new every
// launch). Like Jupyter's cookie secret, the signing key outlives the process.
// The value is `<payload>.<mac>`, both base64url: payload = JSON {p, iat, exp}
// (profile, issued at, expires at, in seconds), mac = HMAC-SHA256(key, domain + payload).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** 30 days: a tab left open over a month of restarts still comes back; older ones reopen the printed address. */
export const SESSION_COOKIE_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** Tolerated clock step backwards between issuing and checking (an NTP correction). */
const CLOCK_SKEW_SECONDS = 60;
const MAC_DOMAIN = 'mailmind-browser-session-v1.';
const MAC_BYTES = 32;

export type CookieCheck = 'valid' | 'invalid' | 'expired';

/**
 * The cookie's name for the hub on `port`. Cookies are scoped to a host, not a
 * port (RFC 6265 §8.5): two hubs on 127.0.0.1 must not replace each other's.
 */
export function sessionCookieName(port: number): string {
  return `mailmind_session_${port}`;
}

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(MAC_DOMAIN + payload, 'utf8').digest();
}

/** A signed cookie value for `profile`, valid for `maxAgeSeconds` from `nowMs`. */
export function signSessionCookie(key: Buffer, profile: string, nowMs: number, maxAgeSeconds = SESSION_COOKIE_MAX_AGE_SECONDS): string {
  const iat = Math.floor(nowMs / 1000);
  const payload = Buffer.from(JSON.stringify({ p: profile, iat, exp: iat + maxAgeSeconds }), 'utf8').toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/** Checks a presented value: the signature first (in constant time), then the profile and the dates. Never throws. */
export function verifySessionCookie(key: Buffer, value: string, profile: string, nowMs: number): CookieCheck {
  const parts = value.split('.');
  if (parts.length !== 2) return 'invalid';
  const [payload, presentedMac] = parts as [string, string];
  const presented = Buffer.from(presentedMac, 'base64url');
  // The MAC's length is public; only equal-length buffers can be compared in constant time.
  if (presented.length !== MAC_BYTES || !timingSafeEqual(presented, mac(key, payload))) return 'invalid';
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return 'invalid'; // signed by us, so unreachable unless the key leaked; refused all the same
  }
  const { p, iat, exp } = (claims ?? {}) as { p?: unknown; iat?: unknown; exp?: unknown };
  if (p !== profile || typeof iat !== 'number' || typeof exp !== 'number') return 'invalid';
  const now = Math.floor(nowMs / 1000);
  if (iat > now + CLOCK_SKEW_SECONDS) return 'invalid';
  return now < exp ? 'valid' : 'expired';
}

/** Every value the Cookie header carries for `name` (a browser may send more than one). */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=');
    if (equals < 0 || pair.slice(0, equals).trim() !== name) continue;
    values.push(pair.slice(equals + 1).trim().replace(/^"(.*)"$/, '$1'));
  }
  return values;
}

/**
 * The Set-Cookie header: HttpOnly (no script reads it), SameSite=Strict, and only
 * sent to the session endpoints. No `Secure`: the hub speaks http on loopback.
 */
export function sessionCookieHeader(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${value}; Path=/api/session; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict`;
}
