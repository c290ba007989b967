// The Electron side of the tray: what the user sees in the tooltip, title
// and badge, and that menu clicks reach the tray logic. Electron is replaced
// by a recording double (../electron-double.ts): the real module needs the
// Electron binary, which cannot be downloaded on this machine.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createElectronTray } from '../../../electron/main/adapters/electron-tray';
import type { TrayMenuItem } from '../../../electron/main/tray/unread-tray';
import { electronDouble, TrayDouble } from '../electron-double';

vi.mock('electron', async () => (await import('../electron-double')).electronModule);

const realPlatform = process.platform;
const onPlatform = (platform: NodeJS.Platform) => Object.defineProperty(process, 'platform', { value: platform });
afterEach(() => onPlatform(realPlatform));

function create(platform: NodeJS.Platform) {
  onPlatform(platform);
  const clicks: string[] = [];
  const port = createElectronTray('/app/resources/icon.png', () => clicks.push('icon'));
  const tray = TrayDouble.created.at(-1)!;
  return { port, tray, clicks };
}

describe('electron tray', () => {
  it('uses the app icon from resources/, scaled for the notification area', () => {
    const { tray } = create('linux');
    expect(tray.image.path).toBe('/app/resources/icon.png');
    expect(tray.image.size).toEqual({ width: 24, height: 24 });
    expect(create('darwin').tray.image.size).toEqual({ width: 16, height: 16 });
  });

  it('shows the count in the tooltip and the badge; as the title only on macOS', () => {
    const linux = create('linux');
    linux.port.showUnread(4, 'MailMind: 4 unread messages');
    expect(linux.tray.tooltip).toBe('MailMind: 4 unread messages');
    expect(linux.tray.title).toBe('');
    expect(electronDouble.app.badgeCount).toBe(4);

    const mac = create('darwin');
    mac.port.showUnread(4, 'MailMind: 4 unread messages');
    expect(mac.tray.title).toBe('4');
    mac.port.showUnread(0, 'MailMind');
    expect(mac.tray.title).toBe('');
    expect(electronDouble.app.badgeCount).toBe(0);
  });

  it('builds the menu: actions, checkboxes with their state, separators; clicks reach the logic', () => {
    const { port, tray } = create('linux');
    const ran: string[] = [];
    const items: TrayMenuItem[] = [
      { kind: 'action', id: 'open', label: 'Open MailMind', run: () => ran.push('open') },
      { kind: 'toggle', id: 'notificationsPaused', label: 'Pause notifications', checked: true, toggle: () => ran.push('pause') },
      { kind: 'separator' },
      { kind: 'action', id: 'quit', label: 'Quit MailMind', run: () => ran.push('quit') },
    ];
    port.setMenu(items);
    const menu = tray.menu!.items;
    expect(menu.map(({ label, type, checked }) => ({ label, type, checked }))).toEqual([
      { label: 'Open MailMind', type: undefined, checked: undefined },
      { label: 'Pause notifications', type: 'checkbox', checked: true },
      { label: undefined, type: 'separator', checked: undefined },
      { label: 'Quit MailMind', type: undefined, checked: undefined },
    ]);
    for (const item of menu) item.click?.();
    expect(ran).toEqual(['open', 'pause', 'quit']);
  });

  it('opens the window on a click on the icon, and goes away when destroyed', () => {
    const { port, tray, clicks } = create('win32');
    tray.emit('click');
    expect(clicks).toEqual(['icon']);
    port.destroy();
    expect(tray.destroyed).toBe(true);
  });
});
