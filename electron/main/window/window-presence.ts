// Showing, hiding and focusing the main window: the tray's "Open", a second
// launch, a notification click and close-to-tray all go through here.
import type { BrowserWindow } from 'electron';
import { IpcChannel, type OpenMessageTarget } from '../../../shared/bridge';

type PresentableWindow = Pick<BrowserWindow, 'isDestroyed' | 'isMinimized' | 'restore' | 'show' | 'focus'>;

/** Brings the window to the front (un-hidden, un-minimized, focused). */
export function bringToFront(window: PresentableWindow): void {
  if (window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

export interface CloseToTrayOptions {
  /** The user's setting, read at each close. */
  closeToTray(): boolean;
  /** True once the app is quitting: then the window really closes. */
  isQuitting(): boolean;
}

/** Closing the window hides it (the app stays in the tray) unless the user turned that off or is quitting. */
export function installCloseToTray(window: Pick<BrowserWindow, 'on' | 'hide'>, options: CloseToTrayOptions): void {
  window.on('close', (event) => {
    if (options.isQuitting() || !options.closeToTray()) return;
    event.preventDefault();
    window.hide();
  });
}

type MessageWindow = PresentableWindow & { webContents: Pick<BrowserWindow['webContents'], 'send' | 'isLoading' | 'once'> };

/** Brings the window to the front and tells the renderer (through the preload's onOpenMessage) which message to show. */
export function focusMessage(window: MessageWindow, target: OpenMessageTarget): void {
  if (window.isDestroyed()) return;
  bringToFront(window);
  const send = (): void => window.webContents.send(IpcChannel.openMessage, target);
  // A page still loading has not subscribed yet.
  if (window.webContents.isLoading()) window.webContents.once('did-finish-load', send);
  else send();
}
