// The page never needs a browser permission (camera, geolocation, web
// notifications, HID, …): new-mail notifications come from the main process.
// Deny every request and every check, so nothing is granted by default.
import type { Session } from 'electron';

/** Denies every permission request and check on `session`. */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
