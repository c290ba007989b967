// The app's lifecycle: a second launch brings the first window back; quitting
// waits for the hub to stop, once, then exits. Electron's app is replaced by
// a recording double (the real one needs the Electron binary, which cannot be
// downloaded on this machine).
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../electron/hub/logger';
import { installAppLifecycle } from '../../electron/main/app-lifecycle';
import { BrowserWindowDouble, electronDouble, VetoableEvent } from './electron-double';

vi.mock('electron', async () => (await import('./electron-double')).electronModule);

const { app } = electronDouble;

function setup(shutdown: () => Promise<void>) {
  app.removeAllListeners();
  app.exitCodes.length = 0;
  app.quitCalls = 0;
  const window = new BrowserWindowDouble({});
  const logs: string[] = [];
  const lifecycle = installAppLifecycle(app as never, {
    window: () => window as never,
    shutdown,
    logger: createLogger((_level, message) => logs.push(message)),
  });
  return { window, lifecycle, logs };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('app lifecycle', () => {
  it('brings the window back for a second launch (the single-instance lock sends it here)', () => {
    const { window } = setup(async () => {});
    window.minimized = true;
    app.emit('second-instance', new VetoableEvent(), ['mailmind'], '/');
    expect(window.calls).toEqual(['restore', 'show', 'focus']);
  });

  it('quits when the last window closes', () => {
    setup(async () => {});
    app.emit('window-all-closed');
    expect(app.quitCalls).toBe(1);
  });

  it('marks quitting, so the window closes instead of hiding', () => {
    const { lifecycle } = setup(async () => {});
    expect(lifecycle.isQuitting()).toBe(false);
    app.emit('before-quit', new VetoableEvent());
    expect(lifecycle.isQuitting()).toBe(true);
  });

  it('holds the exit until the hub has stopped, stops it once, then exits with 0', async () => {
    let finish: () => void = () => {};
    const shutdown = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    setup(shutdown);
    const first = new VetoableEvent();
    app.emit('will-quit', first);
    app.emit('will-quit', new VetoableEvent());
    expect(first.defaultPrevented).toBe(true);
    expect(shutdown).toHaveBeenCalledTimes(1);
    await settle();
    expect(app.exitCodes).toEqual([]);
    finish();
    await settle();
    expect(app.exitCodes).toEqual([0]);
  });

  it('still exits when the shutdown fails, and logs it', async () => {
    const { logs } = setup(() => Promise.reject(new Error('store busy')));
    app.emit('will-quit', new VetoableEvent());
    await settle();
    expect(logs).toEqual(['shutdown failed']);
    expect(app.exitCodes).toEqual([0]);
  });
});
