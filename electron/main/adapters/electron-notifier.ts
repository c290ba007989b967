// The thin Electron side of new-mail notifications: NotifierPort on top of
// Electron's Notification. The logic (which mail, coalescing, text) is in
// notifications/new-mail-notifier.ts.
import { Notification } from 'electron';
import type { NotifierPort } from '../notifications/new-mail-notifier';

/** Creates the port; where the desktop has no notifications it shows nothing. */
export function createElectronNotifier(iconPath: string): NotifierPort {
  // Held until closed or clicked: a garbage-collected Notification loses its click handler.
  const shown = new Set<Notification>();
  return {
    show({ title, body, onClick }) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title, body, icon: iconPath });
      const release = (): boolean => shown.delete(notification);
      notification.on('click', () => {
        release();
        onClick();
      });
      notification.on('close', release);
      shown.add(notification);
      notification.show();
    },
  };
}
