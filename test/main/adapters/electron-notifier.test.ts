// The Electron side of notifications: a native notification with the text
// the logic chose, and its click handed back. Electron is replaced by a
// recording double (../electron-double.ts): the real module needs the
// Electron binary, which cannot be downloaded on this machine.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createElectronNotifier } from '../../../electron/main/adapters/electron-notifier';
import { NotificationDouble } from '../electron-double';

vi.mock('electron', async () => (await import('../electron-double')).electronModule);

afterEach(() => {
  NotificationDouble.supported = true;
  NotificationDouble.shown.length = 0;
});

describe('electron notifier', () => {
  it('shows a native notification with title, body and the app icon; a click calls back once shown', () => {
    const clicks: string[] = [];
    createElectronNotifier('/app/resources/icon.png').show({ title: 'Zed', body: 'Quarterly numbers', onClick: () => clicks.push('clicked') });
    const [shown] = NotificationDouble.shown;
    expect(shown?.options).toEqual({ title: 'Zed', body: 'Quarterly numbers', icon: '/app/resources/icon.png' });
    expect(clicks).toEqual([]);
    shown?.emit('click');
    expect(clicks).toEqual(['clicked']);
  });

  it('shows nothing where the desktop has no notifications', () => {
    NotificationDouble.supported = false;
    createElectronNotifier('/icon.png').show({ title: 'x', body: 'y', onClick: () => {} });
    expect(NotificationDouble.shown).toEqual([]);
  });
});
