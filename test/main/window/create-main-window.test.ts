// The main window as created by the shell: its security settings, its
// guards against navigation and new windows, and when it shows. Electron is
// replaced by a recording double (electron-double.ts): the real module needs
// the Electron binary, which cannot be downloaded on this machine.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../electron/hub/logger';
import { createOpenExternal } from '../../../electron/main/security/open-external';
import { createMainWindow, type MainWindowOptions } from '../../../electron/main/window/create-main-window';
import { createLinkDialog } from '../../../electron/main/adapters/electron-link-dialog';
import { BrowserWindowDouble, electronDouble } from '../electron-double';

vi.mock('electron', async () => (await import('../electron-double')).electronModule);

const APP = 'app://mailmind';

function open(overrides: Partial<MainWindowOptions> = {}): BrowserWindowDouble {
  createMainWindow({
    preloadPath: '/app/out/preload/index.cjs',
    iconPath: '/app/resources/icon.png',
    url: `${APP}/index.html`,
    appOrigin: APP,
    openExternal: createOpenExternal((url) => electronDouble.shell.openExternal(url), silentLogger),
    confirmLink: createLinkDialog(() => null),
    startHidden: false,
    devTools: false,
    logger: silentLogger,
    ...overrides,
  });
  const window = BrowserWindowDouble.created.at(-1);
  if (!window) throw new Error('no window was created');
  return window;
}

beforeEach(() => {
  electronDouble.shell.opened.length = 0;
  electronDouble.dialog.asked.length = 0;
});

describe('main window', () => {
  it('is isolated, sandboxed, without Node and with web security, each set explicitly', () => {
    const prefs = open().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
  });

  it('loads the app from app://, with nothing secret in the URL', () => {
    const window = open();
    expect(window.loadedUrl).toBe(`${APP}/index.html`);
  });

  it('shows once painted, or stays hidden in the tray when started minimized', () => {
    const shown = open();
    expect(shown.visible).toBe(false);
    shown.emit('ready-to-show');
    expect(shown.visible).toBe(true);

    const hidden = open({ startHidden: true });
    hidden.emit('ready-to-show');
    expect(hidden.visible).toBe(false);
  });

  it('blocks navigation of the window away from the app', () => {
    const { webContents } = open();
    expect(webContents.vetoed('will-navigate', { url: 'https://evil.example/' })).toBe(true);
    expect(webContents.vetoed('will-navigate', { url: 'file:///etc/passwd' })).toBe(true);
    expect(webContents.vetoed('will-navigate', { url: 'app://other/index.html' })).toBe(true);
    expect(webContents.vetoed('will-navigate', { url: `${APP}/index.html` })).toBe(false);
    // Navigation never hands the URL to the desktop either: only the user's window.open does.
    expect(electronDouble.shell.opened).toEqual([]);
  });

  it('blocks frame navigation: the main frame stays on the app, an iframe may only be the srcdoc reader', () => {
    const { webContents } = open();
    expect(webContents.vetoed('will-frame-navigate', { url: 'https://evil.example/', isMainFrame: true })).toBe(true);
    expect(webContents.vetoed('will-frame-navigate', { url: 'https://tracker.example/pixel', isMainFrame: false })).toBe(true);
    expect(webContents.vetoed('will-frame-navigate', { url: `${APP}/index.html`, isMainFrame: false })).toBe(true);
    expect(webContents.vetoed('will-frame-navigate', { url: 'about:srcdoc', isMainFrame: false })).toBe(false);
    expect(webContents.vetoed('will-frame-navigate', { url: `${APP}/index.html`, isMainFrame: true })).toBe(false);
  });

  it('blocks redirects away from the app', () => {
    const { webContents } = open();
    expect(webContents.vetoed('will-redirect', { url: 'https://evil.example/', isMainFrame: true })).toBe(true);
    expect(webContents.vetoed('will-redirect', { url: 'https://evil.example/', isMainFrame: false })).toBe(true);
  });

  it('refuses <webview>', () => {
    expect(open().webContents.vetoed('will-attach-webview', {})).toBe(true);
  });

  it('never opens a window: an https or mailto link goes to the desktop, anything else nowhere', () => {
    const { webContents } = open();
    const handler = webContents.windowOpenHandler;
    if (!handler) throw new Error('no window-open handler');
    expect(handler({ url: 'https://example.test/article' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'mailto:bob@example.test?attach=/etc/passwd&subject=Hi' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(handler({ url: `${APP}/index.html` })).toEqual({ action: 'deny' });
    expect(electronDouble.shell.opened).toEqual(['https://example.test/article', 'mailto:bob@example.test?subject=Hi']);
  });

  it('shows the real address of a link in a message and opens it only when the user says so', async () => {
    const handler = open().webContents.windowOpenHandler!;
    const real = 'https://phish.example/login?next=%2Fbank';
    const linkPage = `${APP}/link#to=${encodeURIComponent(real)}`;
    electronDouble.dialog.response = 1; // Cancel
    expect(handler({ url: linkPage })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(electronDouble.dialog.asked).toHaveLength(1));
    expect(electronDouble.dialog.asked[0]!.detail).toContain(real);
    expect(electronDouble.shell.opened).toEqual([]);
    electronDouble.dialog.response = 0; // Open link
    expect(handler({ url: linkPage })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(electronDouble.shell.opened).toEqual([real]));
    // The link page of another origin is not the app's: treated as any URL (not https: refused).
    expect(handler({ url: `app://elsewhere/link#to=${encodeURIComponent(real)}` })).toEqual({ action: 'deny' });
    expect(electronDouble.dialog.asked).toHaveLength(2);
    expect(electronDouble.shell.opened).toEqual([real]);
  });

  it('names the host a link really goes to, whatever its text hides, and opens that address', async () => {
    const handler = open().webContents.windowOpenHandler!;
    electronDouble.dialog.response = 0; // Open link
    const spoofs: Array<[string, string, string]> = [
      [`https://accounts.google.com${'\n'.repeat(40)}.evil.example/login`, 'accounts.google.com.evil.example', 'https://accounts.google.com.evil.example/login'],
      ['https://аррle.com/', 'xn--le-6kc8da.com', 'https://xn--le-6kc8da.com/'],
      ['https://accounts.google.com@evil.example/', 'evil.example', 'https://accounts.google.com@evil.example/'],
    ];
    for (const [written, host, href] of spoofs) {
      handler({ url: `${APP}/link#to=${encodeURIComponent(written)}` });
      await vi.waitFor(() => expect(electronDouble.shell.opened.at(-1)).toBe(href));
      const asked = electronDouble.dialog.asked.at(-1)!;
      expect(asked.message).toBe(`Open a link to ${host}?`);
      expect(asked.detail.startsWith(`${href}\n\n`)).toBe(true);
    }
    // A link page naming a file is refused without asking.
    handler({ url: `${APP}/link#to=${encodeURIComponent('file:///etc/passwd')}` });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(electronDouble.dialog.asked).toHaveLength(spoofs.length);
    expect(electronDouble.shell.opened).toHaveLength(spoofs.length);
  });

  it('in development stays on the dev server origin instead', () => {
    const { webContents } = open({ url: 'http://localhost:5173/', appOrigin: 'http://localhost:5173' });
    expect(webContents.vetoed('will-navigate', { url: 'http://localhost:5173/#/inbox' })).toBe(false);
    expect(webContents.vetoed('will-navigate', { url: 'http://localhost:5174/' })).toBe(true);
  });
});
