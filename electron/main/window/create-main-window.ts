// The app's one window, hardened: isolated, sandboxed, no Node, web security
// on (each set explicitly, so a changed default cannot loosen them), guarded
// against navigation and new windows, and shown only once painted (or not at
// all when the user starts MailMind minimized to the tray).
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import type { Logger } from '../../hub/logger';
import type { OpenExternal } from '../security/open-external';
import { installNavigationGuards, type ConfirmLink } from '../security/navigation-guards';

export interface MainWindowOptions {
  /** The built preload script (out/preload/index.cjs). */
  preloadPath: string;
  /** The window icon (Linux and Windows; macOS uses the bundle's). */
  iconPath: string;
  /** The page to load: app://mailmind/index.html, or the dev server. */
  url: string;
  /** The origin the window may stay on (app://mailmind, or the dev server's). */
  appOrigin: string;
  openExternal: OpenExternal;
  /** Shows a link's real address and asks before it is opened. */
  confirmLink: ConfirmLink;
  /** Start hidden: the tray's "Open" shows it. */
  startHidden: boolean;
  /** DevTools only in development: in a packaged app nobody should be one keystroke from the page's token. */
  devTools: boolean;
  logger: Logger;
}

/** The BrowserWindow options: the security settings are here, in one place. */
export function mainWindowOptions({ preloadPath, iconPath, devTools }: Pick<MainWindowOptions, 'preloadPath' | 'iconPath' | 'devTools'>): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 640,
    minHeight: 400,
    title: 'MailMind',
    icon: iconPath,
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools,
      spellcheck: true,
    },
  };
}

/** Creates the main window, installs its guards and loads the renderer. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(options));
  installNavigationGuards(window.webContents, options.appOrigin, options.openExternal, options.confirmLink);
  window.once('ready-to-show', () => {
    if (!options.startHidden) window.show();
  });
  window.loadURL(options.url).catch((error: unknown) => options.logger.error('the window could not load the app', { reason: String(error) }));
  return window;
}
