// Which page the app trusts: app:// in a built app; the dev server only when
// unpackaged and on loopback.
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, devRendererUrl, isOnOrigin } from '../../electron/main/app-origin';

describe('app origin', () => {
  it('is app://mailmind, entered at index.html', () => {
    expect(APP_ORIGIN).toBe('app://mailmind');
    expect(APP_ENTRY_URL).toBe('app://mailmind/index.html');
  });

  it('compares scheme, host and port (not a prefix of the text)', () => {
    expect(isOnOrigin('app://mailmind/index.html', APP_ORIGIN)).toBe(true);
    expect(isOnOrigin('app://mailmind.evil/index.html', APP_ORIGIN)).toBe(false);
    expect(isOnOrigin('app://mailmind@evil/index.html', APP_ORIGIN)).toBe(false);
    expect(isOnOrigin('https://mailmind/index.html', APP_ORIGIN)).toBe(false);
    expect(isOnOrigin('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isOnOrigin('http://localhost:51730/x', 'http://localhost:5173')).toBe(false);
    expect(isOnOrigin('about:blank', APP_ORIGIN)).toBe(false);
    expect(isOnOrigin('', APP_ORIGIN)).toBe(false);
  });

  it('uses the dev server only in an unpackaged app, and only on loopback', () => {
    expect(devRendererUrl(false, 'http://localhost:5173')).toBe('http://localhost:5173/');
    expect(devRendererUrl(false, 'http://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173/');
    expect(devRendererUrl(true, 'http://localhost:5173')).toBeNull();
    expect(devRendererUrl(false, 'http://evil.example:5173')).toBeNull();
    expect(devRendererUrl(false, 'https://localhost:5173')).toBeNull();
    expect(devRendererUrl(false, undefined)).toBeNull();
  });
});
