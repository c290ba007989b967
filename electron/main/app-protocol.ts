// The app:// protocol: the renderer's files, served from the built renderer
// folder with the app's CSP. Not file://, because a WebSocket from a file://
// page sends `Origin: null`, which the hub rightly refuses; with app:// its
// Origin allowlist can name the app's exact origin.
import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { Protocol } from 'electron';
import { contentTypeOf } from '../hub/server/content-types';
import { APP_HOST, APP_SCHEME } from './app-origin';

/**
 * Registers app:// as a standard, secure scheme (its own origin, fetch and
 * module scripts allowed). Electron accepts this only before the app is ready.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export interface AppProtocolOptions {
  /** The built renderer folder (out/renderer). */
  rendererDir: string;
  /** The Content-Security-Policy sent with every response. */
  csp: string;
}

/** The file under `root` that `pathname` names, or null when it would leave `root`. */
export function fileInside(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const file = resolve(base, `.${decoded === '/' ? '/index.html' : decoded}`);
  // The separator matters: "/out/renderer-old/x" starts with "/out/renderer" too.
  return file.startsWith(base + sep) ? file : null;
}

/** Creates the handler for app:// requests (for protocol.handle). */
export function createAppProtocolHandler({ rendererDir, csp }: AppProtocolOptions): (request: Request) => Promise<Response> {
  const securityHeaders = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
  const answer = (status: number, text: string): Response =>
    new Response(text, { status, headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' } });

  return async (request) => {
    const url = URL.parse(request.url);
    if (!url || url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return answer(404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'Method not allowed');
    const file = fileInside(rendererDir, url.pathname);
    if (!file) return answer(404, 'Not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      // Missing, a folder, unreadable: all the same to the page.
      return answer(404, 'Not found');
    }
    const headers = { ...securityHeaders, 'Content-Type': contentTypeOf(file) };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}

/** Serves app:// with `handler` (after the app is ready). */
export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, handler: (request: Request) => Promise<Response>): void {
  protocol.handle(APP_SCHEME, handler);
}
