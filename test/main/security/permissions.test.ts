// Every browser permission is denied: requests, checks and devices.
import { describe, expect, it } from 'vitest';
import { denyAllPermissions } from '../../../electron/main/security/permissions';

type Any = (...args: never[]) => unknown;

describe('permissions', () => {
  it('denies every permission request, permission check and device', () => {
    const handlers: Record<string, Any> = {};
    // A recording stand-in for Electron's Session (the real one needs the Electron binary).
    const session = {
      setPermissionRequestHandler: (handler: Any) => (handlers.request = handler),
      setPermissionCheckHandler: (handler: Any) => (handlers.check = handler),
      setDevicePermissionHandler: (handler: Any) => (handlers.device = handler),
    };
    denyAllPermissions(session as never);

    const request = handlers.request as (wc: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown']) {
      const answers: boolean[] = [];
      request({}, permission, (granted) => answers.push(granted), { requestingUrl: 'app://mailmind/index.html' });
      expect(answers, permission).toEqual([false]);
    }
    const check = handlers.check as (wc: unknown, permission: string, origin: string, details: unknown) => boolean;
    expect(check(null, 'notifications', 'app://mailmind', {})).toBe(false);
    expect(check(null, 'clipboard-sanitized-write', 'app://mailmind', {})).toBe(false);
    expect((handlers.device as (details: unknown) => boolean)({ deviceType: 'usb', origin: 'app://mailmind' })).toBe(false);
  });
});
