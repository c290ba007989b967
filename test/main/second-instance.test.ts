// A second launch of the app (another instance holds the single-instance
// lock) quits at once: no hub, no window; the first instance is told and
// brings its window back (see index.test.ts). Electron is replaced by a
// recording double (electron-double.ts): the real module needs the Electron
// binary, which cannot be downloaded on this machine.
import { describe, expect, it, vi } from 'vitest';
import { BrowserWindowDouble, callOrder, electronDouble } from './electron-double';

vi.mock('electron', async () => (await import('./electron-double')).electronModule);
const startHub = vi.fn();
vi.mock('../../electron/hub/create-hub', () => ({ startHub }));

const { app } = electronDouble;

describe('a second launch', () => {
  it('quits at once when another instance holds the lock: no hub, no window', async () => {
    app.gotLock = false;
    await import('../../electron/main/index');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(app.quitCalls).toBe(1);
    expect(callOrder).toEqual(['protocol.registerSchemesAsPrivileged', 'app.requestSingleInstanceLock']);
    expect(startHub).not.toHaveBeenCalled();
    expect(BrowserWindowDouble.created).toEqual([]);
  });
});
