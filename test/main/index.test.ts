// The composition root, run as Electron would run it: against a recording
// double of the `electron` module (the real one needs the Electron binary,
// which cannot be downloaded on this machine) and a real hub. Only the
// keychain is replaced by the in-memory vault (the keychain has its own tests
// in test/hub/vault).
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IpcChannel, type HubConnection } from '../../shared/bridge';
import { eventually } from '../support/test-hub';
import { eventsUrl, openEventSocket } from '../support/ws-client';
import { parseCsp } from './csp-directives';
import { BrowserWindowDouble, callOrder, electronDouble, TrayDouble, VetoableEvent } from './electron-double';

vi.mock('electron', async () => (await import('./electron-double')).electronModule);
vi.mock('../../electron/hub/vault/keychain-vault', async () => ({
  openKeychainVault: async () => (await import('../../electron/hub/vault/secret-vault')).createMemoryVault(),
}));

const { app, ipcMain, protocol } = electronDouble;
let userData: string;
let window: BrowserWindowDouble;
let connection: HubConnection;

beforeAll(async () => {
  userData = await mkdtemp(join(tmpdir(), 'mailmind-app-'));
  app.userDataDir = userData;
  app.appPath = join(import.meta.dirname, '..', '..');
  await import('../../electron/main/index');
  await eventually(() => ipcMain.handlers.has(IpcChannel.getHubConnection) && app.listenerCount('will-quit') > 0, 'the app to start', 15_000);
  window = BrowserWindowDouble.created[0]!;
  const handler = ipcMain.handlers.get(IpcChannel.getHubConnection) as unknown as (event: unknown) => HubConnection;
  connection = handler({ sender: window.webContents, senderFrame: window.webContents.mainFrame });
});

afterAll(async () => {
  app.emit('will-quit', new VetoableEvent());
  await eventually(() => app.exitCodes.length > 0, 'the hub to stop', 15_000);
  await rm(userData, { recursive: true, force: true });
});

describe('composition root', () => {
  it('registers app:// before the app is ready, then takes the single-instance lock and enables the sandbox', () => {
    const order = callOrder.slice(0, 4);
    expect(order).toEqual(['protocol.registerSchemesAsPrivileged', 'app.requestSingleInstanceLock', 'app.enableSandbox', 'app.whenReady']);
  });

  it('starts one hub in the user data folder and hands its connection over IPC only', async () => {
    expect(connection.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(join(userData, 'mailmind.db'))).toBe(true);
    expect((await fetch(`${connection.apiUrl}/api/status`, { headers: { Authorization: `Bearer ${connection.token}` } })).status).toBe(200);
    // The token is nowhere but in memory: not in the page URL, argv or the environment.
    expect(window.loadedUrl).toBe('app://mailmind/index.html');
    expect(process.argv.join(' ')).not.toContain(connection.token);
    expect(JSON.stringify(process.env)).not.toContain(connection.token);
  });

  it('lets the app:// page (and not a file:// page) open the hub socket', async () => {
    const socket = await openEventSocket(eventsUrl(Number(new URL(connection.apiUrl).port), connection.token), { origin: 'app://mailmind' });
    expect((await socket.nextEvent('hub.ready')).type).toBe('hub.ready');
    socket.ws.close(1000);
    // A file:// page sends Origin: null, which the hub refuses: the reason for app://.
    await expect(openEventSocket(eventsUrl(Number(new URL(connection.apiUrl).port), connection.token), { origin: 'null' })).rejects.toThrow(/refused with 403/);
  });

  // Reads out/renderer: `npm test` builds before it runs the tests.
  it('serves the built renderer on app:// with a CSP naming exactly this hub', async () => {
    const handler = protocol.handlers.get('app') as unknown as (request: Request) => Promise<Response>;
    const response = await handler(new Request('app://mailmind/index.html'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<div id="root">');
    const port = new URL(connection.apiUrl).port;
    expect(parseCsp(response.headers.get('content-security-policy') ?? '').get('connect-src')).toEqual([`http://127.0.0.1:${port}`, `ws://127.0.0.1:${port}`]);
  });

  it('creates the hardened window and denies every permission', () => {
    expect(BrowserWindowDouble.created).toHaveLength(1);
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, devTools: false });
    expect((window.options.webPreferences as { preload: string }).preload).toBe(join(app.appPath, 'out', 'preload', 'index.cjs'));
    const check = electronDouble.session.defaultSession.handlers.get('check') as unknown as () => boolean;
    expect(check()).toBe(false);
  });

  it('puts the tray up with the app icon, and closing the window hides it to the tray', () => {
    const [tray] = TrayDouble.created;
    expect(tray?.image.path).toBe(join(app.appPath, 'resources', 'icon.png'));
    expect(tray?.tooltip).toBe('MailMind');
    window.visible = true;
    const close = new VetoableEvent();
    window.emit('close', close);
    expect(close.defaultPrevented).toBe(true);
    expect(window.visible).toBe(false);
  });

  it('brings the window back for a second launch', () => {
    window.calls.length = 0;
    app.emit('second-instance', new VetoableEvent(), [], '/');
    expect(window.calls).toEqual(['show', 'focus']);
  });
});
