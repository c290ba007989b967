// Where the renderer gets its hub connection: from the Electron preload bridge,
// or in headless mode from the URL fragment (#token=…), which is then removed
// from the address bar and kept in sessionStorage (never localStorage: the
// token is per launch and per tab). After a hub restart, a page the hub served
// gets the new token through its browser session (browser-session.ts).
import type { HubConnection } from '../../../shared/bridge';
import { EVENTS_PATH } from '../../../shared/protocol';
import { renewBrowserSession } from './browser-session';

const SESSION_KEY = 'mailmind.hubToken';

/** The WebSocket base: VITE_WS_BASE_URL, else the page's own origin with ws:/wss:. */
export function defaultWsUrl(location: Location): string {
  const configured = import.meta.env.VITE_WS_BASE_URL as string | undefined;
  if (configured) return new URL(EVENTS_PATH, configured).toString();
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${EVENTS_PATH}`;
}

/** Takes the token out of the fragment (and the address bar) into sessionStorage. */
export function takeTokenFromLocation(win: Window): string | null {
  const params = new URLSearchParams(win.location.hash.replace(/^#/, ''));
  const fromFragment = params.get('token');
  if (fromFragment) {
    win.sessionStorage.setItem(SESSION_KEY, fromFragment);
    params.delete('token');
    const rest = params.toString();
    win.history.replaceState(null, '', `${win.location.pathname}${win.location.search}${rest ? `#${rest}` : ''}`);
    return fromFragment;
  }
  return win.sessionStorage.getItem(SESSION_KEY);
}

export function forgetStoredToken(win: Window): void {
  win.sessionStorage.removeItem(SESSION_KEY);
}

/** The connection when it is known without waiting (headless: the fragment or sessionStorage); null inside Electron. */
export function immediateHubConnection(win: Window): HubConnection | null {
  if (win.mailmind) return null;
  const token = takeTokenFromLocation(win);
  return token ? { token, wsUrl: defaultWsUrl(win.location), apiUrl: win.location.origin } : null;
}

/**
 * The connection after the hub refused the current token: inside Electron, the
 * bridge's; headless, the token the page's session cookie renews (a hub restart
 * issued a new one), stored like one from the address; else the stored one as it was.
 */
export async function refreshedHubConnection(win: Window): Promise<HubConnection | null> {
  if (win.mailmind) return win.mailmind.getHubConnection();
  const renewed = await renewBrowserSession(win.location.origin);
  if (renewed) win.sessionStorage.setItem(SESSION_KEY, renewed);
  return immediateHubConnection(win);
}
