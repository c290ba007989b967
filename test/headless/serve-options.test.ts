import { describe, expect, it } from 'vitest';
import { defaultDataDir, parseServeOptions, UsageError } from '../../electron/headless/serve-options';

describe('serve options', () => {
  it('takes flags over environment variables over defaults', () => {
    expect(parseServeOptions([], {}, '/built').port).toBeNull();
    expect(parseServeOptions([], { MAILMIND_PORT: '4321', MAILMIND_DATA_DIR: '/env' }, null)).toEqual({ port: 4321, dataDir: '/env', staticDir: null });
    expect(parseServeOptions(['--port', '5000', '--data-dir=/flag'], { MAILMIND_PORT: '4321', MAILMIND_DATA_DIR: '/env' }, '/built')).toEqual({
      port: 5000,
      dataDir: '/flag',
      staticDir: '/built',
    });
  });

  it('keeps an explicit 0 (any free port) apart from no port given', () => {
    expect(parseServeOptions(['--port', '0'], {}, null).port).toBe(0);
    expect(parseServeOptions([], { MAILMIND_PORT: '0' }, null).port).toBe(0);
    expect(parseServeOptions([], { MAILMIND_PORT: '' }, null).port).toBeNull();
  });

  it('rejects bad input with a usage error', () => {
    expect(() => parseServeOptions(['--port', 'abc'], {}, null)).toThrow(UsageError);
    expect(() => parseServeOptions(['--port', '70000'], {}, null)).toThrow(UsageError);
    expect(() => parseServeOptions(['--data-dir'], {}, null)).toThrow(UsageError);
    expect(() => parseServeOptions(['--verbose'], {}, null)).toThrow(UsageError);
  });

  it('defaults to the per-user app data folder Electron would use', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux')).toBe('/x/MailMind');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toMatch(/Roaming.MailMind$/);
    expect(defaultDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/MailMind$/);
  });
});
