// IMAP settings of common providers, and which form field an API error is about.
import type { ImapSecurity } from '../../../shared/model';

export interface ProviderPreset {
  id: string;
  label: string;
  host: string;
  port: number;
  security: ImapSecurity;
  /** Shown under the form: what the provider needs (app passwords, IMAP switched on). */
  note?: string;
}

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  { id: 'gmail', label: 'Gmail', host: 'imap.gmail.com', port: 993, security: 'tls', note: 'Use an app password (Google Account → Security).' },
  { id: 'outlook', label: 'Outlook / Microsoft 365', host: 'outlook.office365.com', port: 993, security: 'tls' },
  { id: 'yahoo', label: 'Yahoo Mail', host: 'imap.mail.yahoo.com', port: 993, security: 'tls', note: 'Use an app password.' },
  { id: 'icloud', label: 'iCloud Mail', host: 'imap.mail.me.com', port: 993, security: 'tls', note: 'Use an app-specific password.' },
  { id: 'fastmail', label: 'Fastmail', host: 'imap.fastmail.com', port: 993, security: 'tls', note: 'Use an app password.' },
  { id: 'gmx', label: 'GMX', host: 'imap.gmx.net', port: 993, security: 'tls' },
  { id: 'other', label: 'Other (enter settings)', host: '', port: 993, security: 'tls' },
];

/** Picks a preset from the address's domain, e.g. gmail.com → Gmail. */
export function presetForEmail(email: string): ProviderPreset | null {
  const domain = email.split('@')[1]?.toLowerCase() ?? '';
  const byDomain: Record<string, string> = {
    'gmail.com': 'gmail', 'googlemail.com': 'gmail', 'outlook.com': 'outlook', 'hotmail.com': 'outlook', 'live.com': 'outlook',
    'yahoo.com': 'yahoo', 'icloud.com': 'icloud', 'me.com': 'icloud', 'fastmail.com': 'fastmail', 'gmx.net': 'gmx', 'gmx.de': 'gmx',
  };
  const id = byDomain[domain];
  return PROVIDER_PRESETS.find((p) => p.id === id) ?? null;
}

export type SetupField = 'email' | 'displayName' | 'host' | 'port' | 'security' | 'user' | 'password' | 'form';

/** The field an API error belongs to, from its code (422 login failures) or the field its message names (400). */
export function fieldForError(code: string, message: string): SetupField {
  switch (code) {
    case 'auth_failed':
      return 'password';
    case 'host_not_found':
      return 'host';
    // The host is there and refuses that port: the hub asks whether the port is right.
    case 'connection_refused':
      return 'port';
    // A server that sent no greeting on a plain connection waits for TLS: the hub says to choose
    // SSL/TLS. Any other timeout: the host may be wrong, or unreachable.
    case 'timeout':
      return /choose SSL\/TLS/i.test(message) ? 'security' : 'host';
    case 'tls_failed':
    case 'insecure_connection':
      return 'security';
    case 'account_exists':
      return 'email';
    default:
      break;
  }
  const named: [RegExp, SetupField][] = [
    [/^imap\.host/, 'host'],
    [/^imap\.port/, 'port'],
    [/^imap\.security/, 'security'],
    [/^imap\.user/, 'user'],
    [/^password/, 'password'],
    [/^email/, 'email'],
  ];
  return named.find(([pattern]) => pattern.test(message))?.[1] ?? 'form';
}
