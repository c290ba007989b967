// The thin Electron side of the tray: TrayPort on top of Electron's Tray,
// Menu and the app badge. The logic (count, tooltip, menu) is in
// tray/unread-tray.ts.
import { app, Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { TrayMenuItem, TrayPort } from '../tray/unread-tray';

export interface ElectronTray extends TrayPort {
  destroy(): void;
}

function menuTemplate(items: readonly TrayMenuItem[]): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'action':
        return { label: item.label, click: () => item.run() };
      case 'toggle':
        return { label: item.label, type: 'checkbox', checked: item.checked, click: () => item.toggle() };
      case 'separator':
        return { type: 'separator' };
    }
  });
}

/** Creates the tray icon; a click on it (where the platform reports one) runs `onClick`. */
export function createElectronTray(iconPath: string, onClick: () => void): ElectronTray {
  // Menu-bar and notification-area icons are small; the 512 px app icon is scaled down.
  const size = process.platform === 'linux' ? 24 : 16;
  const tray = new Tray(nativeImage.createFromPath(iconPath).resize({ width: size, height: size }));
  tray.on('click', onClick);
  return {
    showUnread(count, tooltip) {
      tray.setToolTip(tooltip);
      if (process.platform === 'darwin') tray.setTitle(count > 0 ? String(count) : '');
      // The dock (macOS) or launcher (Unity) badge; a no-op where unsupported.
      app.setBadgeCount(count);
    },
    setMenu(items) {
      tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(items)));
    },
    destroy: () => tray.destroy(),
  };
}
