// One ImapFlow instance per connection. An instance is single-use: after
// 'close' a new one is built. An 'error' listener is always attached, since
// an unhandled 'error' event would crash the hub.
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { ImapSecurity } from '../../../shared/model';
import type { Logger } from '../logger';

export interface ImapSettings {
  host: string;
  port: number;
  security: ImapSecurity;
  user: string;
}

export interface ImapClientOptions {
  settings: ImapSettings;
  password: string;
  logger: Logger;
  /** Extra TLS options (a test server's CA). */
  tls?: ImapFlowOptions['tls'];
  connectionTimeoutMs?: number;
  /** false for a connection that watches nothing (no IDLE between commands). */
  idle?: boolean;
}

/** Builds a fresh, not yet connected client. */
export function createImapClient({ settings, password, logger, tls, connectionTimeoutMs = 15_000, idle = true }: ImapClientOptions): ImapFlow {
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    doSTARTTLS: settings.security === 'starttls' ? true : settings.security === 'none' ? false : undefined,
    auth: { user: settings.user, pass: password },
    logger: false,
    tls: { minVersion: 'TLSv1.2', ...tls },
    connectionTimeout: connectionTimeoutMs,
    greetingTimeout: connectionTimeoutMs,
    socketTimeout: 5 * 60_000,
    // IDLE is restarted at least this often: some servers and NATs drop quiet connections.
    maxIdleTime: 5 * 60_000,
    // imapflow waits 15 s of quiet before it IDLEs; new mail must show up in well under a second, and
    // a change made while we are not IDLEing is only reported once IDLE starts again.
    autoIdleDelay: 50,
    disableAutoIdle: !idle,
    // QRESYNC (RFC 7162): a CHANGEDSINCE fetch also reports the UIDs expunged since (VANISHED
    // EARLIER), so a resync needs no UID SEARCH of the whole mailbox to find them.
    qresync: true,
    clientInfo: { name: 'MailMind', vendor: 'MailMind' },
  });
  client.on('error', (error: Error & { code?: string }) => {
    logger.warn('imap connection error', { host: settings.host, code: error.code ?? 'unknown', reason: error.message });
  });
  return client;
}

let collatorBuilt = false;

/**
 * Connects and logs in. imapflow sorts every LIST with localeCompare, and the first call in a
 * process builds ICU's collator: 8-15 ms of CPU, found by a CPU profile of a resync on the first
 * LIST after login, on the way to idle. Built here, it overlaps the wait for the server's login.
 */
export async function connectImap(client: ImapFlow): Promise<void> {
  const connecting = client.connect();
  if (!collatorBuilt) {
    collatorBuilt = true;
    'a'.localeCompare('b');
  }
  await connecting;
}

export type ImapFailureCode =
  | 'auth_failed'
  | 'server_unavailable'
  | 'host_not_found'
  | 'connection_refused'
  | 'tls_failed'
  | 'timeout'
  | 'connection_failed';

/**
 * Response codes (RFC 5530) with which a server refuses a login for now, not the credentials:
 * its password backend is down (UNAVAILABLE), the user has too many connections (LIMIT, e.g.
 * Dovecot's mail_max_userip_connections), the account is busy (INUSE), or it failed (SERVERBUG).
 * Trying again later can succeed without the user doing anything.
 */
const TEMPORARY_LOGIN_REFUSALS = new Set(['UNAVAILABLE', 'LIMIT', 'INUSE', 'SERVERBUG']);

export interface ImapFailure {
  code: ImapFailureCode;
  message: string;
}

/** What the server said (imapflow's responseText of a NO or BAD), else the error's own message. */
export function serverText(error: unknown): string {
  const e = (error ?? {}) as { responseText?: string; message?: string };
  return e.responseText || e.message || String(error);
}

/** Maps a connect/login error to a code the user (and the API) can act on. */
export function classifyImapError(error: unknown): ImapFailure {
  const e = (error ?? {}) as Error & {
    code?: string;
    authenticationFailed?: boolean;
    serverResponseCode?: string;
  };
  const text = serverText(error);
  // imapflow marks any NO to LOGIN/AUTHENTICATE as authenticationFailed; the code tells a
  // refusal for now from a refusal of the credentials.
  if (e.serverResponseCode && TEMPORARY_LOGIN_REFUSALS.has(e.serverResponseCode.toUpperCase())) {
    return { code: 'server_unavailable', message: `The server refused the login for now: ${text}` };
  }
  if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED') {
    return { code: 'auth_failed', message: `The server refused the login: ${text}` };
  }
  switch (e.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { code: 'host_not_found', message: `Unknown host: ${text}` };
    case 'ECONNREFUSED':
      return { code: 'connection_refused', message: 'The server refused the connection (is the port right?)' };
    case 'ETIMEDOUT':
    case 'CONNECT_TIMEOUT':
    case 'GREETING_TIMEOUT':
      return { code: 'timeout', message: 'The server did not answer in time' };
    default:
      break;
  }
  if (/certificate|self[- ]signed|SSL|TLS|wrong version number|EPROTO/i.test(`${e.code ?? ''} ${text}`)) {
    return { code: 'tls_failed', message: `TLS failed: ${text}` };
  }
  return { code: 'connection_failed', message: text };
}
