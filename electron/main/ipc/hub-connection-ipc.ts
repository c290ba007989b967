// The one IPC handler: the renderer asks for the hub connection (URLs and the
// token). Only the app's own window may ask, and only from its main frame on
// the app's origin: not an iframe (the reader's email HTML), not a page the
// window was somehow navigated to, not another window.
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { IpcChannel, type HubConnection } from '../../../shared/bridge';
import { isOnOrigin } from '../app-origin';

export type InvokeSender = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

/** Whether an IPC call comes from `window`'s main frame on `appOrigin`. */
export function isAppWindowSender(event: InvokeSender, window: BrowserWindow | null, appOrigin: string): boolean {
  if (!window || window.isDestroyed()) return false;
  if (event.sender.id !== window.webContents.id) return false;
  const frame = event.senderFrame;
  const main = event.sender.mainFrame;
  if (!frame || frame.parent !== null) return false;
  if (frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
  return isOnOrigin(frame.url, appOrigin);
}

export interface HubConnectionIpcOptions {
  /** The app's main window (null before it exists). */
  window(): BrowserWindow | null;
  appOrigin: string;
  /** The hub's current connection (the token is read at each call: it may have been rotated). */
  connection(): HubConnection;
}

/** Registers the getHubConnection handler. */
export function registerHubConnectionIpc(ipcMain: Pick<IpcMain, 'handle'>, options: HubConnectionIpcOptions): void {
  ipcMain.handle(IpcChannel.getHubConnection, (event) => {
    // The rejection reaches the caller as an error; it says nothing about the token.
    if (!isAppWindowSender(event, options.window(), options.appOrigin)) throw new Error('Refused: not the app window');
    return options.connection();
  });
}
