// The hub logs through this interface only; the composition root decides where
// lines go. Nothing that holds a secret is ever passed to it: request URLs go
// through redactUrl first.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export type LogSink = (level: LogLevel, message: string, fields: LogFields) => void;

const levelRank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** A logger that forwards lines at or above `minLevel` to `sink`. */
export function createLogger(sink: LogSink, minLevel: LogLevel = 'info'): Logger {
  const log = (level: LogLevel) => (message: string, fields: LogFields = {}) => {
    if (levelRank[level] >= levelRank[minLevel]) sink(level, message, fields);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** One JSON line per entry on stderr (stdout is kept for the URL line in headless mode). */
export function createStderrLogger(minLevel: LogLevel = 'info'): Logger {
  return createLogger((level, message, fields) => {
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
  }, minLevel);
}

export const silentLogger: Logger = createLogger(() => {}, 'error');

const secretParams = new Set(['token', 'access_token', 'password']);

/** A request URL fit for a log: secret query parameters and the fragment replaced. */
export function redactUrl(rawUrl: string | undefined): string {
  if (!rawUrl) return '';
  let url: URL;
  try {
    url = new URL(rawUrl, 'http://hub.invalid');
  } catch {
    return '[unparsable url]';
  }
  for (const key of [...url.searchParams.keys()]) {
    if (secretParams.has(key.toLowerCase())) url.searchParams.set(key, 'REDACTED');
  }
  return `${url.pathname}${url.search}${url.hash ? '#REDACTED' : ''}`;
}
