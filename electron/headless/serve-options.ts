// Command line and environment of `npm run serve`. Flags win over variables.
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface ServeOptions {
  /** The port asked for (`0` = any free one); null when none was: then the one used last time. */
  port: number | null;
  dataDir: string;
  staticDir: string | null;
}

export class UsageError extends Error {}

/** The per-user app data folder Electron would use (app.getPath('userData')) for MailMind. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'MailMind');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'MailMind');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'MailMind');
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`Invalid port "${text}": use 0-65535`);
  return port;
}

/** Parses `--port N`, `--data-dir DIR`, `--static-dir DIR` (also `--flag=value`). */
export function parseServeOptions(argv: string[], env: NodeJS.ProcessEnv, defaultStaticDir: string | null): ServeOptions {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const match = /^--(port|data-dir|static-dir)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`Unknown argument "${arg}". Usage: serve [--port N] [--data-dir DIR]`);
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === '') throw new UsageError(`--${match[1]} needs a value`);
    flags.set(match[1] as string, value);
  }
  const port = flags.get('port') ?? env.MAILMIND_PORT;
  return {
    port: port === undefined || port === '' ? null : parsePort(port),
    dataDir: flags.get('data-dir') ?? (env.MAILMIND_DATA_DIR || defaultDataDir(env)),
    staticDir: flags.get('static-dir') ?? defaultStaticDir,
  };
}
