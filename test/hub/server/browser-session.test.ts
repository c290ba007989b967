// The browser session of headless mode over real HTTP: the cookie the page gets
// for its token, renewing the token with that cookie alone (and every way that
// is refused), logout, and the failed-attempt limit on renew.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE_MAX_AGE_SECONDS, signSessionCookie } from '../../../electron/hub/server/session-cookie';
import { createMemoryVault } from '../../../electron/hub/vault/secret-vault';
import { SESSION_SIGNING_KEY_ACCOUNT } from '../../../electron/hub/vault/session-signing-key';
import { cookieAttributes, cookiePair, sendToHub, setCookieOf, type RawResponse } from '../../support/browser-session-client';
import { BUILT_RENDERER, startTestHub, type TestHub } from '../../support/test-hub';

const DAY_MS = 24 * 60 * 60 * 1000;
// The hub reads its signing key from its vault: a known one lets the test sign
// cookies the hub would have issued at another time (expired ones).
const key = randomBytes(32);
let t: TestHub;
let own: string;
let cookieName: string;
const issuedCookies: string[] = [];

async function startSession(hub: TestHub, origin = hub.hub.origin): Promise<RawResponse> {
  const res = await sendToHub(hub.hub.port, 'POST', '/api/session', { Authorization: `Bearer ${hub.hub.connection().token}`, Origin: origin });
  if (res.headers['set-cookie']) issuedCookies.push(cookiePair(setCookieOf(res)));
  return res;
}

function renew(hub: TestHub, headers: Record<string, string>): Promise<RawResponse> {
  return sendToHub(hub.hub.port, 'POST', '/api/session/renew', headers);
}

const errorCode = (res: RawResponse) => (res.body as { error: { code: string } }).error.code;
const corsHeaders = (res: RawResponse) => Object.keys(res.headers).filter((name) => name.startsWith('access-control-'));

beforeAll(async () => {
  const vault = createMemoryVault();
  await vault.set(SESSION_SIGNING_KEY_ACCOUNT, key.toString('base64url'));
  t = await startTestHub({ vault, staticDir: BUILT_RENDERER, server: { failedAuth: { maxFailures: 1000, windowMs: 60_000 } } });
  own = t.hub.origin;
  cookieName = `mailmind_session_${t.hub.port}`;
});

afterAll(async () => {
  await t.stop();
  // Neither the token nor any cookie value ever reaches the log.
  expect(t.logText()).not.toContain(t.token);
  for (const cookie of issuedCookies) expect(t.logText()).not.toContain(cookie.split('=')[1]!);
});

describe('POST /api/session', () => {
  it('sets an HttpOnly, SameSite=Strict cookie for the session endpoints only, for 30 days, not Secure (http on loopback)', async () => {
    const before = Date.now();
    const res = await startSession(t);
    expect(res.status).toBe(200);
    const setCookie = setCookieOf(res);
    expect(cookiePair(setCookie)).toMatch(new RegExp(`^${cookieName}=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}$`));
    expect(cookieAttributes(setCookie)).toEqual({ path: '/api/session', 'max-age': String(SESSION_COOKIE_MAX_AGE_SECONDS), httponly: '', samesite: 'Strict' });
    const expiresAt = Date.parse((res.body as { expiresAt: string }).expiresAt);
    expect(expiresAt - before).toBeGreaterThanOrEqual(30 * DAY_MS - 1000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(30 * DAY_MS);
    expect(corsHeaders(res)).toEqual([]);
    // The cookie is not the token, nor does it contain it.
    expect(setCookie).not.toContain(t.token);
  });

  it('needs the token, and the page the hub serves', async () => {
    const noToken = await sendToHub(t.hub.port, 'POST', '/api/session', { Origin: own });
    expect(noToken.status).toBe(401);
    expect(noToken.headers['set-cookie']).toBeUndefined();
    const otherPage = await startSession(t, `http://127.0.0.1:${t.hub.port + 1}`);
    expect(otherPage.status).toBe(403);
    const noOrigin = await sendToHub(t.hub.port, 'POST', '/api/session', { Authorization: `Bearer ${t.token}` });
    expect(noOrigin.status).toBe(403);
    expect(errorCode(noOrigin)).toBe('origin_mismatch');
    expect(noOrigin.headers['set-cookie']).toBeUndefined();
  });
});

describe('POST /api/session/renew', () => {
  it("answers the current launch's token for the cookie and the hub's own origin, with no token sent", async () => {
    const cookie = cookiePair(setCookieOf(await startSession(t)));
    const res = await renew(t, { Cookie: cookie, Origin: own });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ token: t.hub.connection().token });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(corsHeaders(res)).toEqual([]);
    // The page may have been opened as localhost:PORT, the hub's other own name.
    const viaLocalhost = await sendToHub(t.hub.port, 'POST', '/api/session/renew', { Host: `localhost:${t.hub.port}`, Origin: `http://localhost:${t.hub.port}`, Cookie: cookie });
    expect(viaLocalhost.status).toBe(200);
  });

  it('answers the new token after the hub replaced it', async () => {
    const cookie = cookiePair(setCookieOf(await startSession(t)));
    const before = t.hub.connection().token;
    await t.hub.rotateToken();
    const res = await renew(t, { Cookie: cookie, Origin: own });
    expect(res.body).toEqual({ token: t.hub.connection().token });
    expect(t.hub.connection().token).not.toBe(before);
  });

  it('picks its own cookie among others the browser sends', async () => {
    const cookie = cookiePair(setCookieOf(await startSession(t)));
    const res = await renew(t, { Cookie: `theme=dark; mailmind_session_1=abc.def; ${cookie}; other=1`, Origin: own });
    expect(res.status).toBe(200);
  });

  it('refuses without a cookie (401 session_missing)', async () => {
    const res = await renew(t, { Origin: own });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'session_missing', message: expect.stringMatching(/open the address/) } });
    expect(corsHeaders(res)).toEqual([]);
  });

  it('refuses a cookie whose signature is wrong, or that another key signed (401 session_invalid)', async () => {
    const [name, value] = cookiePair(setCookieOf(await startSession(t))).split('=') as [string, string];
    const [payload, mac] = value.split('.') as [string, string];
    const flipped = `${mac.slice(0, -2)}${mac.at(-2) === 'A' ? 'B' : 'A'}${mac.at(-1)}`;
    for (const forged of [`${payload}.${flipped}`, signSessionCookie(randomBytes(32), 'default', Date.now()), `${payload}.`, payload, 'x.y.z']) {
      const res = await renew(t, { Cookie: `${name}=${forged}`, Origin: own });
      expect(res.status).toBe(401);
      expect(errorCode(res)).toBe('session_invalid');
      expect(res.body).not.toHaveProperty('token');
    }
  });

  it("refuses a cookie for another profile, and another port's cookie name", async () => {
    const otherProfile = signSessionCookie(key, 'someone-else', Date.now());
    expect(errorCode(await renew(t, { Cookie: `${cookieName}=${otherProfile}`, Origin: own }))).toBe('session_invalid');
    const good = signSessionCookie(key, 'default', Date.now());
    expect(errorCode(await renew(t, { Cookie: `mailmind_session_${t.hub.port + 1}=${good}`, Origin: own }))).toBe('session_missing');
  });

  it('refuses an expired cookie (401 session_expired), and accepts one signed just now', async () => {
    const expired = signSessionCookie(key, 'default', Date.now() - 31 * DAY_MS);
    const res = await renew(t, { Cookie: `${cookieName}=${expired}`, Origin: own });
    expect(res.status).toBe(401);
    expect(errorCode(res)).toBe('session_expired');
    const fresh = signSessionCookie(key, 'default', Date.now());
    expect((await renew(t, { Cookie: `${cookieName}=${fresh}`, Origin: own })).status).toBe(200);
  });

  it('refuses a valid cookie from any other origin, or with none (401 origin_mismatch)', async () => {
    const cookie = cookiePair(setCookieOf(await startSession(t)));
    // Another loopback port is same-site, so a browser would send the cookie: the Origin is what refuses it.
    for (const origin of [`http://127.0.0.1:${t.hub.port + 1}`, 'http://evil.example', 'null', 'app://mailmind', `https://127.0.0.1:${t.hub.port}`]) {
      const res = await renew(t, { Cookie: cookie, Origin: origin });
      expect(res.status).toBe(401);
      expect(errorCode(res)).toBe('origin_mismatch');
      expect(corsHeaders(res)).toEqual([]);
    }
    const noOrigin = await renew(t, { Cookie: cookie });
    expect(noOrigin.status).toBe(401);
    expect(errorCode(noOrigin)).toBe('origin_mismatch');
  });

  it('refuses a rebinding Host with 403', async () => {
    const cookie = cookiePair(setCookieOf(await startSession(t)));
    const res = await sendToHub(t.hub.port, 'POST', '/api/session/renew', { Host: `evil.example:${t.hub.port}`, Origin: own, Cookie: cookie });
    expect(res.status).toBe(403);
  });

  it('answers other methods, the CORS preflight included, with 405 and no CORS headers', async () => {
    const get = await sendToHub(t.hub.port, 'GET', '/api/session/renew', { Origin: own });
    expect(get.status).toBe(405);
    const preflight = await sendToHub(t.hub.port, 'OPTIONS', '/api/session/renew', { Origin: 'app://mailmind', 'Access-Control-Request-Method': 'POST' });
    expect(preflight.status).toBe(405);
    expect(corsHeaders(preflight)).toEqual([]);
  });
});

describe('DELETE /api/session', () => {
  it('clears the cookie (Max-Age=0) for the page the hub serves', async () => {
    const res = await sendToHub(t.hub.port, 'DELETE', '/api/session', { Origin: own });
    expect(res.status).toBe(204);
    const setCookie = setCookieOf(res);
    expect(cookiePair(setCookie)).toBe(`${cookieName}=`);
    expect(cookieAttributes(setCookie)).toMatchObject({ path: '/api/session', 'max-age': '0' });
  });

  it('refuses other origins', async () => {
    const res = await sendToHub(t.hub.port, 'DELETE', '/api/session', { Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('failed renew attempts', () => {
  let limited: TestHub | null = null;
  afterEach(async () => {
    await limited?.stop();
    limited = null;
  });

  it('count like wrong tokens: 429 once over the limit, while a valid cookie or token still works', async () => {
    limited = await startTestHub({ staticDir: BUILT_RENDERER, server: { failedAuth: { maxFailures: 3, windowMs: 60_000 } } });
    const hub = limited;
    const origin = hub.hub.origin;
    const cookie = cookiePair(setCookieOf(await startSession(hub)));
    const statuses: number[] = [];
    const attempts: Record<string, string>[] = [{ Origin: origin }, { Cookie: `${cookie}x`, Origin: origin }, { Cookie: cookie }, { Origin: origin }, { Origin: origin }];
    for (const headers of attempts) {
      statuses.push((await renew(hub, headers)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const tooMany = await renew(hub, { Origin: origin });
    expect(tooMany.body).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    // The same count as the token's: a wrong token is limited now too.
    const wrongToken = await fetch(`${origin}/api/status`, { headers: { Authorization: `Bearer ${'x'.repeat(43)}` } });
    expect(wrongToken.status).toBe(429);
    // Nothing valid is ever limited.
    expect((await renew(hub, { Cookie: cookie, Origin: origin })).status).toBe(200);
    expect((await fetch(`${origin}/api/status`, { headers: { Authorization: `Bearer ${hub.token}` } })).status).toBe(200);
  });
});

describe('inside the app (no page served)', () => {
  it('has no browser session: renew without a token is just an unauthorized API call', async () => {
    const app = await startTestHub({ extraOrigins: ['app://mailmind'] });
    try {
      const cookie = `mailmind_session_${app.hub.port}=${signSessionCookie(key, 'default', Date.now())}`;
      const res = await renew(app, { Cookie: cookie, Origin: app.hub.origin });
      expect(res.status).toBe(403); // the hub's own http origin is not even allowed: it serves no page
      const fromApp = await renew(app, { Cookie: cookie, Origin: 'app://mailmind' });
      expect(fromApp.status).toBe(401);
      expect(errorCode(fromApp)).toBe('unauthorized');
      expect(fromApp.body).not.toHaveProperty('token');
    } finally {
      await app.stop();
    }
  });
});
