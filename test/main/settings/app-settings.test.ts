// The shell's settings file in the user's data folder: defaults when missing
// or damaged, changes kept across launches, only the known booleans written.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings, openSettingsFile } from '../../../electron/main/settings/app-settings';

let dir: string;
let path: string;
let errors: string[];
const open = () => openSettingsFile({ path, onError: (message) => errors.push(message) });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailmind-settings-'));
  path = join(dir, 'settings.json');
  errors = [];
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('settings file', () => {
  it('starts from the defaults (close to tray on, start minimized off, notifications on) without a file, quietly', () => {
    expect(open().get()).toEqual({ closeToTray: true, startMinimized: false, notificationsPaused: false });
    expect(errors).toEqual([]);
  });

  it('keeps a change for the next launch, in a file only the user can read', async () => {
    open().update({ startMinimized: true, notificationsPaused: true });
    expect(open().get()).toEqual({ closeToTray: true, startMinimized: true, notificationsPaused: true });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('writes only the known settings, as booleans', async () => {
    open().update({ closeToTray: false, token: 'secret' } as never);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ closeToTray: false, startMinimized: false, notificationsPaused: false });
  });

  it('uses the defaults for a damaged file or wrong types, and says so for the damaged file', async () => {
    await writeFile(path, '{"closeToTray": fal');
    expect(open().get()).toEqual(defaultSettings);
    expect(errors).toHaveLength(1);
    await writeFile(path, JSON.stringify({ closeToTray: 'no', startMinimized: true }));
    expect(open().get()).toEqual({ ...defaultSettings, startMinimized: true });
  });

  it('keeps a change for the session when the folder cannot be written, and says so', async () => {
    path = join(dir, 'missing-folder', 'settings.json');
    const settings = open();
    expect(settings.update({ closeToTray: false }).closeToTray).toBe(false);
    expect(settings.get().closeToTray).toBe(false);
    expect(errors).toEqual([expect.stringMatching(/could not be written/)]);
  });
});
