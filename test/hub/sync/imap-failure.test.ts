// classifyImapError on the errors the real peers gave (accounts-api.test.ts and
// offline-reasons.test.ts get them from Dovecot) and on those no test peer can produce here: a
// DNS server that does not answer, a network that is gone, an expired certificate, a BYE. The
// errors are shaped as Node and imapflow throw them (their code, message and fields). The codes
// are the API's and the protocol's and stay as they were; the messages say what happened.
import { describe, expect, it } from 'vitest';
import { classifyImapError } from '../../../electron/hub/sync/imap-client';

const error = (message: string, fields: Record<string, unknown> = {}): Error => Object.assign(new Error(message), fields);
const target = { host: 'imap.example.com', port: 143, security: 'tls' as const };

describe('classifyImapError', () => {
  it('keeps the codes, and says each failure without Node or OpenSSL text', () => {
    const cases: Array<[Error, typeof target | undefined, string, string]> = [
      [error('getaddrinfo EAI_AGAIN imap.example.com', { code: 'EAI_AGAIN', hostname: 'imap.example.com' }), target, 'host_not_found', 'imap.example.com could not be looked up: no name server answered. Check the network connection'],
      [error('connect ENETUNREACH 192.0.2.1:993', { code: 'ENETUNREACH' }), target, 'connection_failed', 'This computer is not connected to a network'],
      [error('connect EHOSTUNREACH 192.0.2.1:993', { code: 'EHOSTUNREACH' }), target, 'connection_failed', 'imap.example.com cannot be reached from this network'],
      [error('read ECONNRESET', { code: 'ECONNRESET' }), undefined, 'connection_failed', 'The connection to the server was reset'],
      [error('write EPIPE', { code: 'EPIPE' }), target, 'connection_failed', 'The connection to imap.example.com broke off'],
      [error('Socket timeout', { code: 'ETIMEOUT' }), target, 'connection_failed', 'imap.example.com stopped answering (timed out)'],
      [error('Connection not available', { code: 'NoConnection', reason: 'Server shutting down.' }), target, 'connection_failed', 'imap.example.com closed the connection: Server shutting down.'],
      [error('Unexpected close', { code: 'ClosedAfterConnectText' }), undefined, 'connection_failed', 'The server closed the connection'],
      [error('connect ETIMEDOUT 192.0.2.1:143', { code: 'ETIMEDOUT' }), target, 'timeout', 'imap.example.com did not answer on port 143 in time. Check the host name, the port and the network connection'],
      [error('certificate has expired', { code: 'CERT_HAS_EXPIRED' }), target, 'tls_failed', 'The security certificate of imap.example.com has expired'],
      [
        error("Hostname/IP does not match certificate's altnames: Host: imap.example.com. is not in the cert's altnames: DNS:mail.example.net", { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }),
        target,
        'tls_failed',
        "The security certificate of the server is not for imap.example.com. Check the host name (your provider's help pages give the right one)",
      ],
      [
        error('C0B7E3F1:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:354:\n', { code: 'ERR_SSL_WRONG_VERSION_NUMBER', reason: 'wrong version number' }),
        { ...target, port: 993 },
        'tls_failed',
        'The server did not answer with TLS on port 993. Check the port and security your provider gives for IMAP',
      ],
      [
        error('Failed to receive greeting from server in required time. Maybe should use TLS?', { code: 'GREETING_TIMEOUT' }),
        { ...target, port: 993, security: 'starttls' as never },
        'timeout',
        'imap.example.com sent no greeting on port 993. Port 993 expects TLS from the start: choose SSL/TLS',
      ],
    ];
    for (const [thrown, where, code, message] of cases) expect(classifyImapError(thrown, where), thrown.message).toEqual({ code, message });
  });

  it('keeps the server’s own words when it refuses the login', () => {
    const refused = error('Command failed', { authenticationFailed: true, responseText: 'Authentication failed.', serverResponseCode: 'AUTHENTICATIONFAILED' });
    expect(classifyImapError(refused, target)).toEqual({ code: 'auth_failed', message: 'The server refused the login: Authentication failed.' });
    const later = error('Command failed', { authenticationFailed: true, responseText: 'Maximum number of connections exceeded', serverResponseCode: 'LIMIT' });
    expect(classifyImapError(later, target)).toEqual({ code: 'server_unavailable', message: 'The server refused the login for now: Maximum number of connections exceeded' });
  });
});
