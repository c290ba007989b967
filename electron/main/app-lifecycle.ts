// The app's lifecycle around its one window: a second launch or a dock click
// brings the window back, closing the last window quits, and quitting stops
// the hub (clients told first) before the process exits.
import type { App, BrowserWindow } from 'electron';
import type { Logger } from '../hub/logger';
import { bringToFront } from './window/window-presence';

export interface AppLifecycleOptions {
  window(): BrowserWindow | null;
  /** Winds down what the app started (tray, notifications, hub). */
  shutdown(): Promise<void>;
  logger: Logger;
}

export interface AppLifecycle {
  /** True once the user quits: the window then really closes instead of hiding in the tray. */
  isQuitting(): boolean;
}

/** Installs the app-level event handlers. */
export function installAppLifecycle(app: Pick<App, 'on' | 'quit' | 'exit'>, options: AppLifecycleOptions): AppLifecycle {
  let quitting = false;
  let stopping = false;
  const show = (): void => {
    const window = options.window();
    if (window) bringToFront(window);
  };
  // The single-instance lock sends a second launch here: focus the first one's window.
  app.on('second-instance', show);
  app.on('activate', show);
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    // Wait for the hub's shutdown (sockets closed with 1001, store closed) before exiting.
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    options
      .shutdown()
      .catch((error: unknown) => options.logger.error('shutdown failed', { reason: String(error) }))
      .finally(() => app.exit(0));
  });
  return { isQuitting: () => quitting };
}
