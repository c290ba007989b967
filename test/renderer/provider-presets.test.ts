import { describe, expect, it } from 'vitest';
import { fieldForError, presetForEmail } from '../../renderer/src/mail/provider-presets';

describe('setup form helpers', () => {
  it('puts each API error next to the field it is about', () => {
    expect(fieldForError('auth_failed', 'AUTHENTICATIONFAILED Invalid credentials')).toBe('password');
    expect(fieldForError('host_not_found', 'getaddrinfo ENOTFOUND')).toBe('host');
    expect(fieldForError('insecure_connection', 'security "none" …')).toBe('security');
    expect(fieldForError('account_exists', 'This account is already added')).toBe('email');
    expect(fieldForError('bad_request', 'imap.port must be 1-65535')).toBe('port');
    expect(fieldForError('bad_request', 'email is not an email address')).toBe('email');
    expect(fieldForError('internal', 'boom')).toBe('form');
    // The hub's message asks about the port, or to choose SSL/TLS: the focus goes there.
    expect(fieldForError('connection_refused', 'mail.example.com refused the connection on port 994. Is the port right?')).toBe('port');
    expect(fieldForError('timeout', 'mail.example.com sent no greeting on port 993. Port 993 expects TLS from the start: choose SSL/TLS')).toBe('security');
    expect(fieldForError('timeout', 'mail.example.com did not answer on port 993 in time. Check the host name, the port and the network connection')).toBe('host');
  });

  it('guesses the provider from the address', () => {
    expect(presetForEmail('someone@gmail.com')?.host).toBe('imap.gmail.com');
    expect(presetForEmail('x@outlook.com')?.port).toBe(993);
    expect(presetForEmail('x@unknown.example')).toBeNull();
  });
});
