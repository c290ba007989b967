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
  });

  it('guesses the provider from the address', () => {
    expect(presetForEmail('someone@gmail.com')?.host).toBe('imap.gmail.com');
    expect(presetForEmail('x@outlook.com')?.port).toBe(993);
    expect(presetForEmail('x@unknown.example')).toBeNull();
  });
});
