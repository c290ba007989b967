// The data model as the hub reports it. Shapes here are public (see DESIGN.md,
// "Protocol details"): other clients and tools rely on them.

export interface EmailAddress {
  name: string;
  address: string;
}

/** RFC 6154 special-use attributes, plus \Inbox for the inbox itself. */
export type SpecialUse = '\\Inbox' | '\\Sent' | '\\Drafts' | '\\Trash' | '\\Junk' | '\\Archive' | '\\All' | '\\Flagged';

export interface MessageSummary {
  id: string;
  accountId: string;
  mailboxId: string;
  /** null until the server has confirmed a local move. */
  uid: number | null;
  messageId: string | null;
  subject: string;
  from: EmailAddress | null;
  to: EmailAddress[];
  cc: EmailAddress[];
  /** The Date header, ISO 8601. */
  date: string | null;
  /** INTERNALDATE, ISO 8601. */
  receivedAt: string;
  /** IMAP flags and keywords exactly as on the server, e.g. ["\\Seen"]. */
  flags: string[];
  size: number;
  hasAttachments: boolean;
  snippet: string;
}

export interface Mailbox {
  id: string;
  accountId: string;
  path: string;
  name: string;
  delimiter: string | null;
  specialUse: SpecialUse | null;
  total: number;
  unread: number;
}

export type ImapSecurity = 'tls' | 'starttls' | 'none';

export interface Account {
  id: string;
  email: string;
  displayName: string;
  imap: { host: string; port: number; security: ImapSecurity; user: string };
  /** false when no keyring is available: the account lasts only for this session. */
  persistent: boolean;
  /** The account's current sync state (as in its last sync.status event). */
  status: { state: SyncState; error?: ErrorInfo };
}

export type SyncState = 'connecting' | 'syncing' | 'idle' | 'offline' | 'error' | 'auth_failed';

export type ActionState = 'pending' | 'applied' | 'failed';

export interface ErrorInfo {
  code: string;
  message: string;
}
