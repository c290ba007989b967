// The page's browser session in headless mode: an HttpOnly cookie the hub sets
// for the token the page holds, which later renews the token when a hub restart
// has issued a new one. The page never sees the cookie (HttpOnly); it only asks
// the hub, same-origin, to set, use or clear it. No React here.
import { SESSION_PATH, SESSION_RENEW_PATH, type RenewSessionResponse } from '../../../shared/api';

/** Asks the hub to set the session cookie for `token`; false when it would not (a stale token, the hub away). */
export async function startBrowserSession(apiUrl: string, token: string): Promise<boolean> {
  try {
    const res = await fetch(new URL(SESSION_PATH, apiUrl), { method: 'POST', headers: { Authorization: `Bearer ${token}` }, credentials: 'same-origin' });
    return res.ok;
  } catch {
    return false; // not reachable: the next token the page takes tries again
  }
}

/** The current launch's token for the page's session cookie, or null (no cookie, expired, another key, hub away). */
export async function renewBrowserSession(apiUrl: string): Promise<string | null> {
  try {
    const res = await fetch(new URL(SESSION_RENEW_PATH, apiUrl), { method: 'POST', credentials: 'same-origin' });
    if (!res.ok) return null;
    const body = (await res.json()) as Partial<RenewSessionResponse>;
    return typeof body.token === 'string' && body.token !== '' ? body.token : null;
  } catch {
    return null; // not reachable or not JSON: nothing renewed, the caller keeps what it had
  }
}

/** Asks the hub to clear the session cookie (logout): the page then cannot come back after a restart. */
export async function endBrowserSession(apiUrl: string): Promise<void> {
  try {
    await fetch(new URL(SESSION_PATH, apiUrl), { method: 'DELETE', credentials: 'same-origin' });
  } catch {
    // The hub is away: the cookie stays until it expires, and it only renews a token for this browser.
  }
}
