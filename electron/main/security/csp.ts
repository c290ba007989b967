// The Content-Security-Policy of the app's own page (sent by the app://
// protocol handler with every response).

export interface CspOrigins {
  /** The hub's HTTP origin, e.g. http://127.0.0.1:PORT (the JSON API). */
  apiOrigin: string;
  /** The hub's WebSocket origin, e.g. ws://127.0.0.1:PORT (events). */
  wsOrigin: string;
}

/** The policy: scripts from the app only, network to the hub only. */
export function contentSecurityPolicy({ apiOrigin, wsOrigin }: CspOrigins): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Not 'self': the page talks to nothing but the hub.
    `connect-src ${apiOrigin} ${wsOrigin}`,
    // The reader shows email HTML in a sandboxed srcdoc iframe, which inherits this policy and adds
    // its own stricter meta CSP; that inner policy blocks remote images per message until the user
    // chooses "load images", so this outer one must not already forbid them.
    "img-src 'self' data: blob: http: https:",
    // React sets style attributes, and email HTML carries inline styles.
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The hub origins the CSP needs, from the connection the hub hands out. */
export function hubCspOrigins(connection: { apiUrl: string; wsUrl: string }): CspOrigins {
  const api = new URL(connection.apiUrl);
  const ws = new URL(connection.wsUrl);
  return { apiOrigin: `${api.protocol}//${api.host}`, wsOrigin: `${ws.protocol}//${ws.host}` };
}
