// Showing and hiding the window: close-to-tray, bring to front, and a
// notification click that opens a message. Electron's window is replaced by
// a recording double (the real one needs the Electron binary, which cannot be
// downloaded on this machine).
import { describe, expect, it, vi } from 'vitest';
import { IpcChannel } from '../../../shared/bridge';
import { bringToFront, focusMessage, installCloseToTray } from '../../../electron/main/window/window-presence';
import { BrowserWindowDouble, VetoableEvent } from '../electron-double';

vi.mock('electron', async () => (await import('../electron-double')).electronModule);

function closeWith(settings: { closeToTray: boolean; quitting: boolean }) {
  const window = new BrowserWindowDouble({});
  window.visible = true;
  installCloseToTray(window as never, { closeToTray: () => settings.closeToTray, isQuitting: () => settings.quitting });
  const event = new VetoableEvent();
  window.emit('close', event);
  return { window, closed: !event.defaultPrevented };
}

describe('close to tray', () => {
  it('hides the window instead of closing it', () => {
    const { window, closed } = closeWith({ closeToTray: true, quitting: false });
    expect(closed).toBe(false);
    expect(window.visible).toBe(false);
  });

  it('closes when the user turned close-to-tray off', () => {
    const { window, closed } = closeWith({ closeToTray: false, quitting: false });
    expect(closed).toBe(true);
    expect(window.calls).not.toContain('hide');
  });

  it('closes when the app is quitting', () => {
    expect(closeWith({ closeToTray: true, quitting: true }).closed).toBe(true);
  });
});

describe('bring to front', () => {
  it('restores a minimized window, shows and focuses it', () => {
    const window = new BrowserWindowDouble({});
    window.minimized = true;
    bringToFront(window as never);
    expect(window.calls).toEqual(['restore', 'show', 'focus']);
  });

  it('leaves a destroyed window alone', () => {
    const window = new BrowserWindowDouble({});
    window.destroyed = true;
    bringToFront(window as never);
    expect(window.calls).toEqual([]);
  });
});

describe('focus on a message', () => {
  const target = { messageId: 'm1', mailboxId: 'inbox-1' };

  it('brings the window to the front and tells the renderer which message to open', () => {
    const window = new BrowserWindowDouble({});
    focusMessage(window as never, target);
    expect(window.calls).toEqual(['show', 'focus']);
    expect(window.webContents.sent).toEqual([{ channel: IpcChannel.openMessage, args: [target] }]);
  });

  it('waits for a page that is still loading', () => {
    const window = new BrowserWindowDouble({});
    window.webContents.loading = true;
    focusMessage(window as never, target);
    expect(window.webContents.sent).toEqual([]);
    window.webContents.emit('did-finish-load');
    expect(window.webContents.sent).toEqual([{ channel: IpcChannel.openMessage, args: [target] }]);
  });
});
