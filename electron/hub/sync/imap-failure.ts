// What a failed IMAP connection or login means, in words the user can act on. The codes are the
// API's (and the protocol's); the messages name the host and port the user typed and what to
// change, never Node's or OpenSSL's own text ("getaddrinfo ENOTFOUND", "0A00010B:SSL
// routines:ssl3_get_record:wrong version number"). A server's own answer to a login is kept: it
// is what the provider's help pages quote.
import os from 'node:os';
import type { ImapSecurity } from '../../../shared/model';

export type ImapFailureCode =
  | 'auth_failed'
  | 'server_unavailable'
  | 'host_not_found'
  | 'connection_refused'
  | 'tls_failed'
  | 'timeout'
  | 'connection_failed';

export interface ImapFailure {
  code: ImapFailureCode;
  message: string;
}

/** Where the connection was going: what the user chose in the account's settings. */
export interface ImapTarget {
  host: string;
  port: number;
  security: ImapSecurity;
}

/**
 * Response codes (RFC 5530) with which a server refuses a login for now, not the credentials:
 * its password backend is down (UNAVAILABLE), the user has too many connections (LIMIT, e.g.
 * Dovecot's mail_max_userip_connections), the account is busy (INUSE), or it failed (SERVERBUG).
 * Trying again later can succeed without the user doing anything.
 */
const TEMPORARY_LOGIN_REFUSALS = new Set(['UNAVAILABLE', 'LIMIT', 'INUSE', 'SERVERBUG']);

// The ports IANA assigns to IMAP (RFC 8314 section 7.3 prefers implicit TLS on 993).
const IMAPS_PORT = 993;
const IMAP_PORT = 143;

/** Node's certificate verification codes (tls.TLSSocket#authorizationError) that say why a certificate is not trusted. */
const CERTIFICATE_PROBLEMS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'is self-signed, so this computer cannot check that the server is who it says',
  SELF_SIGNED_CERT_IN_CHAIN: 'is signed by an authority this computer does not trust (a self-signed one)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'is not signed by an authority this computer trusts',
  UNABLE_TO_GET_ISSUER_CERT: 'is not signed by an authority this computer trusts',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'is not signed by an authority this computer trusts',
  CERT_HAS_EXPIRED: 'has expired',
  CERT_NOT_YET_VALID: "is not valid yet (is this computer's date right?)",
  CERT_REVOKED: 'has been revoked',
};

/** imapflow's codes for a connection that ended (its errors.ts); with a BYE, `reason` says why. */
const CLOSED_CODES = new Set(['NoConnection', 'EConnectionClosed', 'ClosedAfterConnectText', 'ClosedAfterConnectTLS', 'StateLogout']);

interface ErrorFields {
  code?: string;
  message?: string;
  responseText?: string;
  authenticationFailed?: boolean;
  serverResponseCode?: string;
  /** imapflow: the connection failed while setting up TLS (STARTTLS, or a server without it). */
  tlsFailed?: boolean;
  /** Node's DNS errors: the name looked up. */
  hostname?: string;
  /** imapflow: the server's BYE text; OpenSSL: its short reason ("wrong version number"). */
  reason?: string;
}

/** Where each failed connect was going (noteFailedConnect), for a classification without the settings at hand. */
const failedConnects = new WeakMap<object, ImapTarget>();

/** Notes that `error` ended a connect to `target`: classifyImapError then names its host and port. */
export function noteFailedConnect(error: unknown, target: ImapTarget): void {
  if (typeof error === 'object' && error !== null) failedConnects.set(error, target);
}

/** What the server said (imapflow's responseText of a NO or BAD), else the error's own message. */
export function serverText(error: unknown): string {
  const e = (error ?? {}) as { responseText?: string; message?: string };
  return e.responseText || e.message || String(error);
}

function connectTarget(error: unknown): ImapTarget | undefined {
  return typeof error === 'object' && error !== null ? failedConnects.get(error) : undefined;
}

/** Whether this computer has a network address beyond loopback and link-local ones (a cable, Wi-Fi, a VPN). */
export function hasNetworkAddress(): boolean {
  return Object.values(os.networkInterfaces()).some((addresses) =>
    (addresses ?? []).some((a) => !a.internal && !a.address.startsWith('fe80:') && !a.address.startsWith('169.254.')),
  );
}

const CHECK_SETTINGS = 'Check the port and security your provider gives for IMAP';

const portText = (target: ImapTarget | undefined): string => (target ? `port ${target.port}` : 'this port');
/** The server, by the name the user typed when it is known: as the subject of a sentence. */
const serverSubject = (target: ImapTarget | undefined): string => target?.host ?? 'The server';
/** The same, inside a sentence. */
const serverName = (target: ImapTarget | undefined): string => target?.host ?? 'the server';

/** What to choose instead when the server does not speak what the chosen security expects on its port. */
function securityAdvice(target: ImapTarget | undefined, expected: 'tls' | 'plain'): string {
  if (expected === 'tls') {
    // SSL/TLS chosen, and the server answered in plain text.
    return target?.port === IMAPS_PORT ? CHECK_SETTINGS : `Choose STARTTLS for this port, or use port ${IMAPS_PORT} with SSL/TLS`;
  }
  // STARTTLS or no security chosen, and the server waits for a TLS handshake.
  if (target?.port === IMAPS_PORT) return `Port ${IMAPS_PORT} expects TLS from the start: choose SSL/TLS`;
  return target?.port === IMAP_PORT ? CHECK_SETTINGS : `If this port expects TLS from the start (as ${IMAPS_PORT} does), choose SSL/TLS`;
}

/** A TLS failure (the code stays tls_failed) said as what went wrong and what to change. */
function tlsFailure(e: ErrorFields, text: string, target: ImapTarget | undefined): string {
  const host = serverName(target);
  const problem = e.code ? CERTIFICATE_PROBLEMS[e.code] : undefined;
  if (problem) return `The security certificate of ${host} ${problem}`;
  if (e.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `The security certificate of the server is not for ${host}. Check the host name (your provider's help pages give the right one)`;
  }
  // OpenSSL read a plain-text greeting ("* OK ...") as a TLS record.
  if (e.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number/i.test(text)) {
    return `The server did not answer with TLS on ${portText(target)}. ${securityAdvice(target, 'tls')}`;
  }
  if (e.code === 'ERR_SSL_UNSUPPORTED_PROTOCOL' || /unsupported protocol/i.test(text)) {
    return `${serverSubject(target)} offers only an old version of TLS that is no longer safe (MailMind needs TLS 1.2 or later)`;
  }
  // imapflow with doSTARTTLS: the server's capabilities list no STARTTLS.
  if (e.tlsFailed && /does not support STARTTLS/i.test(text)) {
    return `The server does not offer STARTTLS on ${portText(target)}. Choose SSL/TLS${target?.port === IMAPS_PORT ? '' : ` with port ${IMAPS_PORT}`} if your provider offers it`;
  }
  if (e.code === 'ECONNRESET' || /disconnected before secure TLS/i.test(text)) {
    return `The server closed the connection before TLS was set up on ${portText(target)}. Check the port and security: SSL/TLS is usually port ${IMAPS_PORT}, STARTTLS port ${IMAP_PORT}`;
  }
  return `A secure (TLS) connection to ${host} could not be set up${e.reason ? ` (${e.reason})` : ''}. Check the port and security`;
}

/** What a Node socket error code, or imapflow's code for a connection that ended, means; null when it is neither. */
function connectionProblem(e: ErrorFields, target: ImapTarget | undefined): string | null {
  const host = serverName(target);
  const Host = serverSubject(target);
  switch (e.code) {
    case 'ECONNRESET':
      return `The connection to ${host} was reset`;
    case 'EPIPE':
    case 'ECONNABORTED':
      return `The connection to ${host} broke off`;
    case 'EHOSTUNREACH':
    case 'EHOSTDOWN':
      return `${Host} cannot be reached from this network`;
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return 'This computer is not connected to a network';
    case 'ETIMEOUT': // imapflow: a command's answer did not come within socketTimeout
      return `${Host} stopped answering (timed out)`;
    case 'UPGRADE_TIMEOUT':
      return `${Host} did not finish setting up TLS (STARTTLS) in time`;
    case 'ETHROTTLE':
      return `${Host} asked MailMind to slow down (too many requests)`;
    default:
      break;
  }
  if (e.code && CLOSED_CODES.has(e.code)) return `${Host} closed the connection${e.reason ? `: ${e.reason}` : ''}`;
  return null;
}

/**
 * Maps a connect/login error to a code the user (and the API) can act on, and a message that
 * says what happened in words. `target` (the account's settings; by default those of the
 * connectImap the error ended) names the host and port.
 */
export function classifyImapError(error: unknown, target: ImapTarget | undefined = connectTarget(error)): ImapFailure {
  const e = (error ?? {}) as ErrorFields;
  const text = serverText(error);
  // imapflow marks any NO to LOGIN/AUTHENTICATE as authenticationFailed; the code tells a
  // refusal for now from a refusal of the credentials.
  if (e.serverResponseCode && TEMPORARY_LOGIN_REFUSALS.has(e.serverResponseCode.toUpperCase())) {
    return { code: 'server_unavailable', message: `The server refused the login for now: ${text}` };
  }
  if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED') {
    return { code: 'auth_failed', message: `The server refused the login: ${text}` };
  }
  const Host = serverSubject(target);
  switch (e.code) {
    case 'ENOTFOUND': {
      const name = e.hostname ?? serverName(target);
      // getaddrinfo says "no such name" also when there is no network to ask (macOS, offline).
      if (!hasNetworkAddress()) return { code: 'host_not_found', message: `${name} could not be looked up: this computer is not connected to a network` };
      return { code: 'host_not_found', message: `No server named ${name} was found. Check the host name` };
    }
    case 'EAI_AGAIN':
      // A temporary failure of the lookup: no name server answered.
      return { code: 'host_not_found', message: `${e.hostname ?? Host} could not be looked up: no name server answered. Check the network connection` };
    case 'ECONNREFUSED':
      return {
        code: 'connection_refused',
        message: `${Host} refused the connection on ${portText(target)}. Is the port right? IMAP is usually ${IMAPS_PORT} (SSL/TLS) or ${IMAP_PORT} (STARTTLS)`,
      };
    case 'ETIMEDOUT':
    case 'CONNECT_TIMEOUT':
      return { code: 'timeout', message: `${Host} did not answer on ${portText(target)} in time. Check the host name, the port and the network connection` };
    case 'GREETING_TIMEOUT':
      // Connected, and the server said nothing: a plain-text client on a port where the server
      // waits for a TLS handshake (STARTTLS or no security on 993) sees exactly this.
      return {
        code: 'timeout',
        message: target?.security === 'tls' ? `${Host} did not answer in time` : `${Host} sent no greeting on ${portText(target)}. ${securityAdvice(target, 'plain')}`,
      };
    default:
      break;
  }
  if (/certificate|self[- ]signed|SSL|TLS|wrong version number|EPROTO/i.test(`${e.code ?? ''} ${text}`)) {
    return { code: 'tls_failed', message: tlsFailure(e, text, target) };
  }
  return { code: 'connection_failed', message: connectionProblem(e, target) ?? text };
}
