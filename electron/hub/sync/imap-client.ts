// One ImapFlow instance per connection. An instance is single-use: after
// 'close' a new one is built. An 'error' listener is always attached, since
// an unhandled 'error' event would crash the hub.
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { ImapSecurity } from '../../../shared/model';
import type { Logger } from '../logger';
import { noteFailedConnect, type ImapTarget } from './imap-failure';

// What a failure means is imap-failure.ts's; the sync modules import it from here with the client.
export { classifyImapError, serverText, type ImapFailure, type ImapFailureCode } from './imap-failure';

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

/**
 * The largest message source the hub takes from a server (the API refuses to open larger ones).
 * imapflow's own limits are 1 GiB a line and a literal: a server that never ended its greeting
 * line made the hub hold 1 GB, and one that sent a 300 MB body for a message it had called
 * 229 KB had it stored. A line this long holds a UID SEARCH answer of several million messages.
 */
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;
const MAX_LINE_BYTES = 64 * 1024 * 1024;
/** A FETCH answer carries a source and its other items: some room above the source itself. */
const MAX_RESPONSE_BYTES = MAX_SOURCE_BYTES + 4 * 1024 * 1024;

/** The settings each client was built with: a failed connect says which host and port it was. */
const targets = new WeakMap<ImapFlow, ImapTarget>();

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
    maxLineLength: MAX_LINE_BYTES,
    maxLiteralSize: MAX_SOURCE_BYTES,
    maxResponseSize: MAX_RESPONSE_BYTES,
  });
  targets.set(client, { host: settings.host, port: settings.port, security: settings.security });
  client.on('error', (error: Error & { code?: string }) => {
    logger.warn('imap connection error', { host: settings.host, code: error.code ?? 'unknown', reason: error.message });
  });
  return client;
}

let collatorBuilt = false;

/**
 * How long connecting and logging in may take in all. imapflow's own timeouts cover the TCP
 * connect and the greeting; after them each command waits socketTimeout (5 minutes): a server
 * that greeted, took the LOGIN and then said nothing held an account's add for 5 minutes. A
 * minute: the connect and the greeting may take 15 s each, and a slow server's STARTTLS and
 * login must still fit (Thunderbird waits 100 s for a connection).
 */
export const LOGIN_DEADLINE_MS = 60_000;

/** What connectImap rejects with when the deadline passes: classified as a server that stopped answering. */
function deadlineError(): Error {
  return Object.assign(new Error('The server did not finish the login in time'), { code: 'ETIMEOUT' });
}

/**
 * Connects and logs in within `deadlineMs`, else closes the client and rejects.
 *
 * imapflow sorts every LIST with localeCompare, and the first call in a process builds ICU's
 * collator: 8-15 ms of CPU, found by a CPU profile of a resync on the first LIST after login, on
 * the way to idle. Built here, it overlaps the wait for the server's login.
 */
export async function connectImap(client: ImapFlow, deadlineMs = LOGIN_DEADLINE_MS): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(deadlineError());
      client.close();
    }, deadlineMs);
  });
  const connecting = Promise.race([client.connect(), deadline]).finally(() => clearTimeout(timer));
  if (!collatorBuilt) {
    collatorBuilt = true;
    'a'.localeCompare('b');
  }
  try {
    await connecting;
  } catch (error) {
    // The callers classify the error later (account-sync.ts) without the settings at hand.
    const target = targets.get(client);
    if (target) noteFailedConnect(error, target);
    throw error;
  }
}
