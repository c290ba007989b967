// The app's identity: its id, and where its renderer comes from (the app://
// origin in a built app, the electron-vite dev server in development).
// Everything that trusts "the app's own page" (IPC sender check, navigation
// guards, the hub's Origin allowlist) asks these functions, so they agree.

/** The installers' appId (electron-builder.yml). */
export const APP_ID = 'app.mailmind.desktop';
export const APP_SCHEME = 'app';
export const APP_HOST = 'mailmind';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The dev server URL, only for an unpackaged app and only on loopback: a
 * packaged app must never be pointed at another page (which would then be
 * handed the hub token) by an environment variable.
 */
export function devRendererUrl(isPackaged: boolean, configured: string | undefined): string | null {
  if (isPackaged || !configured) return null;
  const url = URL.parse(configured);
  if (!url || url.protocol !== 'http:' || !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) return null;
  return url.toString();
}

/**
 * Whether `url` is on `origin` (scheme, host and port). Compared by parts
 * because WHATWG URL reports the origin of a non-special scheme such as app:
 * as "null" outside Chromium.
 */
export function isOnOrigin(url: string, origin: string): boolean {
  const target = URL.parse(url);
  const expected = URL.parse(origin);
  if (!target || !expected) return false;
  return target.protocol === expected.protocol && target.host === expected.host && target.host !== '';
}
