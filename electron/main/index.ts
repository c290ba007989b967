// Composition root of the desktop app: wires the factories together and holds
// no other logic. One hub per app instance (the single-instance lock sends a
// second launch to the first), the renderer loaded from app:// and handed the
// hub connection over IPC (never in the URL, argv or environment).
import { join } from 'node:path';
import { app, ipcMain, protocol, session, shell } from 'electron';
import { userEventsGroup } from '../../shared/protocol';
import { startHub } from '../hub/create-hub';
import { createStderrLogger } from '../hub/logger';
import { openKeychainVault } from '../hub/vault/keychain-vault';
import { createElectronNotifier } from './adapters/electron-notifier';
import { createLinkDialog } from './adapters/electron-link-dialog';
import { createElectronTray } from './adapters/electron-tray';
import { installAppLifecycle } from './app-lifecycle';
import { APP_ENTRY_URL, APP_ID, APP_ORIGIN, devRendererUrl } from './app-origin';
import { createAppProtocolHandler, registerAppScheme, serveAppProtocol } from './app-protocol';
import { checkMailNow, mailboxFacts, readMailboxes } from './hub-ports';
import { registerHubConnectionIpc } from './ipc/hub-connection-ipc';
import { createNewMailNotifier } from './notifications/new-mail-notifier';
import { contentSecurityPolicy, hubCspOrigins } from './security/csp';
import { createOpenExternal } from './security/open-external';
import { denyAllPermissions } from './security/permissions';
import { openSettingsFile } from './settings/app-settings';
import { createUnreadTray } from './tray/unread-tray';
import { createMainWindow } from './window/create-main-window';
import { bringToFront, focusMessage, installCloseToTray } from './window/window-presence';

// Before anything else: Electron accepts privileged schemes only before the app is ready.
registerAppScheme(protocol);

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();
  // Windows shows a packaged app's notifications only under its AppUserModelID (the installer's appId).
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  await app.whenReady();

  const logger = createStderrLogger();
  const devUrl = devRendererUrl(app.isPackaged, process.env.ELECTRON_RENDERER_URL);
  const appOrigin = devUrl ? new URL(devUrl).origin : APP_ORIGIN;
  // Paths from the app folder (the project in development, app.asar when packaged), where
  // electron-builder.yml puts out/ and resources/icon.png.
  const appPath = app.getAppPath();
  const iconPath = join(appPath, 'resources', 'icon.png');
  const settings = openSettingsFile({
    path: join(app.getPath('userData'), 'settings.json'),
    onError: (message, error) => logger.warn(message, { reason: String(error) }),
  });

  const hub = await startHub({
    dataDir: app.getPath('userData'),
    vault: await openKeychainVault({ logger }),
    logger,
    hubVersion: app.getVersion(),
    extraOrigins: [appOrigin],
  });

  denyAllPermissions(session.defaultSession);
  const csp = contentSecurityPolicy(hubCspOrigins(hub.connection()));
  serveAppProtocol(protocol, createAppProtocolHandler({ rendererDir: join(appPath, 'out', 'renderer'), csp }));
  const openExternal = createOpenExternal((url) => shell.openExternal(url), logger);

  // The window is created just below; the dialog is only ever asked for after that.
  const linkDialog = createLinkDialog(() => window);
  const window = createMainWindow({
    preloadPath: join(appPath, 'out', 'preload', 'index.cjs'),
    iconPath,
    url: devUrl ?? APP_ENTRY_URL,
    appOrigin,
    openExternal,
    confirmLink: (url) => linkDialog(url),
    startHidden: settings.get().startMinimized,
    devTools: !app.isPackaged,
    logger,
  });
  registerHubConnectionIpc(ipcMain, { window: () => window, appOrigin, connection: () => hub.connection() });

  const electronTray = createElectronTray(iconPath, () => bringToFront(window));
  const tray = createUnreadTray({
    port: electronTray,
    readMailboxes: readMailboxes(hub),
    settings,
    actions: { open: () => bringToFront(window), checkNow: checkMailNow(hub), quit: () => app.quit() },
  });
  const notifier = createNewMailNotifier({
    notifier: createElectronNotifier(iconPath),
    mailboxFacts: mailboxFacts(hub),
    isPaused: () => settings.get().notificationsPaused,
    focusMessage: (target) => focusMessage(window, target),
  });
  const group = userEventsGroup(hub.profile);
  hub.events.groupAdd(group, tray);
  hub.events.groupAdd(group, notifier);

  const lifecycle = installAppLifecycle(app, {
    window: () => window,
    logger,
    async shutdown() {
      hub.events.groupDiscard(group, tray);
      hub.events.groupDiscard(group, notifier);
      notifier.dispose();
      electronTray.destroy();
      await hub.stop();
    },
  });
  installCloseToTray(window, { closeToTray: () => settings.get().closeToTray, isQuitting: lifecycle.isQuitting });
}

main().catch((error: unknown) => {
  process.stderr.write(`MailMind could not start: ${String(error)}\n`);
  app.exit(1);
});
