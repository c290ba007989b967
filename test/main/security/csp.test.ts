// The app page's Content-Security-Policy, directive by directive.
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, hubCspOrigins } from '../../../electron/main/security/csp';
import { parseCsp } from '../csp-directives';

describe('content security policy', () => {
  const origins = hubCspOrigins({ apiUrl: 'http://127.0.0.1:41234', wsUrl: 'ws://127.0.0.1:41234/ws/events/' });
  const csp = parseCsp(contentSecurityPolicy(origins));

  it('takes the hub origins from its connection (no path, no token)', () => {
    expect(origins).toEqual({ apiOrigin: 'http://127.0.0.1:41234', wsOrigin: 'ws://127.0.0.1:41234' });
  });

  it('allows scripts and everything by default only from the app itself', () => {
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
  });

  it('lets the page connect to the hub (HTTP and WebSocket) and nowhere else', () => {
    expect(csp.get('connect-src')).toEqual(['http://127.0.0.1:41234', 'ws://127.0.0.1:41234']);
  });

  it('forbids plugins, <base> and form submission', () => {
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
  });

  it('leaves image blocking to the reader frame (remote images load only when the user asks), styles inline', () => {
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'http:', 'https:']);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('has no unsafe script source anywhere', () => {
    expect(contentSecurityPolicy(origins)).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });
});
