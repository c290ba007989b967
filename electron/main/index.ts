// Composition root of the desktop app: one hub per app instance, the
// renderer loaded from app:// and handed the hub connection over IPC (never in
// the URL, argv or environment). Hardening, tray and notifications grow here.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, net, protocol } from 'electron';
import { IpcChannel } from '../../shared/bridge';
import { startHub, type Hub } from '../hub/create-hub';
import { createStderrLogger } from '../hub/logger';
import { openKeychainVault } from '../hub/vault/keychain-vault';

const APP_ORIGIN = 'app://mailmind';
const rendererDir = join(import.meta.dirname, '../renderer');
const devServerUrl = process.env.ELECTRON_RENDERER_URL;

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

function serveRenderer(): void {
  protocol.handle('app', (request) => {
    const { pathname } = new URL(request.url);
    const file = join(rendererDir, pathname === '/' ? 'index.html' : decodeURIComponent(pathname));
    if (!file.startsWith(rendererDir)) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  void window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return window;
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();
  await app.whenReady();
  const logger = createStderrLogger();
  const hub: Hub = await startHub({
    dataDir: app.getPath('userData'),
    vault: await openKeychainVault({ logger }),
    logger,
    hubVersion: app.getVersion(),
    extraOrigins: [APP_ORIGIN, ...(devServerUrl ? [new URL(devServerUrl).origin] : [])],
  });
  serveRenderer();
  ipcMain.handle(IpcChannel.getHubConnection, (event) => {
    const senderUrl = event.senderFrame?.url ?? '';
    const trusted = senderUrl.startsWith(`${APP_ORIGIN}/`) || (devServerUrl !== undefined && senderUrl.startsWith(devServerUrl));
    if (!trusted) throw new Error('Refused: not the app window');
    return hub.connection();
  });
  let window = createWindow();
  app.on('second-instance', () => {
    if (window.isDestroyed()) window = createWindow();
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    event.preventDefault();
    hub.stop().finally(() => app.exit(0));
  });
}

void main();
