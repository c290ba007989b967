// The shell's own settings, kept as a small JSON file in the user's app data
// folder. Only these booleans: nothing secret ever goes in it (the token and
// passwords live in the keychain).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface AppSettings {
  /** Closing the window hides it; the app keeps running in the tray. */
  closeToTray: boolean;
  /** At launch, stay in the tray without showing the window. */
  startMinimized: boolean;
  /** No new-mail notifications until turned back on. */
  notificationsPaused: boolean;
}

export const defaultSettings: AppSettings = { closeToTray: true, startMinimized: false, notificationsPaused: false };

export interface SettingsFile {
  get(): AppSettings;
  /** Changes some settings and writes the file. */
  update(change: Partial<AppSettings>): AppSettings;
}

/** The known settings in `value`, each falling back to its default when missing or of the wrong type. */
export function parseSettings(value: unknown): AppSettings {
  const input = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const pick = (key: keyof AppSettings): boolean => (typeof input[key] === 'boolean' ? input[key] : defaultSettings[key]);
  return { closeToTray: pick('closeToTray'), startMinimized: pick('startMinimized'), notificationsPaused: pick('notificationsPaused') };
}

export interface SettingsFileOptions {
  path: string;
  /** Told when the file cannot be read or written (the app goes on with what it has). */
  onError(message: string, error: unknown): void;
}

/** Opens the settings file at `path` (defaults when it is missing or unreadable). */
export function openSettingsFile({ path, onError }: SettingsFileOptions): SettingsFile {
  let current = defaultSettings;
  try {
    current = parseSettings(JSON.parse(readFileSync(path, 'utf8')) as unknown);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onError('the settings file could not be read; using defaults', error);
  }

  return {
    get: () => current,
    update(change) {
      current = parseSettings({ ...current, ...change });
      try {
        // Write then rename: a crash mid-write leaves the old file, never half a file.
        const temporary = `${path}.tmp`;
        writeFileSync(temporary, `${JSON.stringify(current, null, 2)}\n`, { mode: 0o600 });
        renameSync(temporary, path);
      } catch (error) {
        onError('the settings file could not be written; the change lasts for this session', error);
      }
      return current;
    },
  };
}
