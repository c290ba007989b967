// Row ↔ model mapping in one place, so that every read returns exactly the
// public shapes of DESIGN.md.
import type { EmailAddress, SpecialUse } from '../../../shared/model';
import type { AccountRecord, MailboxRecord, MessageRecord } from './store-types';

export interface MessageRow {
  rowid: number;
  id: string;
  account_id: string;
  mailbox_id: string;
  uid: number | null;
  message_id: string | null;
  in_reply_to: string | null;
  references_json: string;
  subject: string;
  from_json: string | null;
  to_json: string;
  cc_json: string;
  date: string | null;
  received_at: number;
  flags_json: string;
  size: number;
  has_attachments: number;
  snippet: string;
  fts_key: number;
  /** Queued user actions not yet on the server (migration 4). */
  pending_ops?: number;
}

export interface MailboxRow {
  id: string;
  account_id: string;
  path: string;
  name: string;
  delimiter: string | null;
  special_use: string | null;
  sort_key: number;
  uid_validity: number | null;
  uid_next: number | null;
  /** highest_modseq as text (MAILBOX_COLUMNS): a 63-bit modseq read as a number would round. */
  highest_modseq_text: string | null;
  initial_sync_done: number;
  total: number;
  unread: number;
}

export interface AccountRow {
  id: string;
  email: string;
  display_name: string;
  imap_host: string;
  imap_port: number;
  imap_security: 'tls' | 'starttls' | 'none';
  imap_user: string;
  created_at: number;
  persistent: number;
}

export function toMessage(row: MessageRow): MessageRecord {
  return {
    rowid: row.rowid,
    searchKey: row.fts_key,
    id: row.id,
    accountId: row.account_id,
    mailboxId: row.mailbox_id,
    uid: row.uid,
    messageId: row.message_id,
    subject: row.subject,
    from: row.from_json ? (JSON.parse(row.from_json) as EmailAddress) : null,
    to: JSON.parse(row.to_json) as EmailAddress[],
    cc: JSON.parse(row.cc_json) as EmailAddress[],
    date: row.date,
    receivedAt: new Date(row.received_at).toISOString(),
    flags: JSON.parse(row.flags_json) as string[],
    size: row.size,
    hasAttachments: row.has_attachments === 1,
    snippet: row.snippet,
    inReplyTo: row.in_reply_to,
    references: JSON.parse(row.references_json) as string[],
  };
}

/** The public summary: the record without the store's own fields. */
export function toSummary(record: MessageRecord): Omit<MessageRecord, 'rowid' | 'searchKey' | 'inReplyTo' | 'references'> {
  const { rowid: _rowid, searchKey: _searchKey, inReplyTo: _inReplyTo, references: _references, ...summary } = record;
  return summary;
}

/**
 * What a mailbox query selects. RFC 7162 allows modseqs of 63 bits, and some servers use them
 * (timestamps); SQLite keeps them exactly, but a JavaScript number above 2^53 does not.
 */
export const MAILBOX_COLUMNS = 'id, account_id, path, name, delimiter, special_use, sort_key, uid_validity, uid_next, CAST(highest_modseq AS TEXT) AS highest_modseq_text, initial_sync_done, total, unread';

export function toMailbox(row: MailboxRow): MailboxRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    path: row.path,
    name: row.name,
    delimiter: row.delimiter,
    specialUse: row.special_use as SpecialUse | null,
    total: row.total,
    unread: row.unread,
    sortKey: row.sort_key,
    uidValidity: row.uid_validity,
    uidNext: row.uid_next,
    highestModseq: row.highest_modseq_text === null ? null : BigInt(row.highest_modseq_text),
    initialSyncDone: row.initial_sync_done === 1,
  };
}

/** The public mailbox shape. */
export function publicMailbox(record: MailboxRecord) {
  const { sortKey: _s, uidValidity: _v, uidNext: _n, highestModseq: _m, initialSyncDone: _d, ...mailbox } = record;
  return mailbox;
}

export function toAccount(row: AccountRow): AccountRecord {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    imap: { host: row.imap_host, port: row.imap_port, security: row.imap_security, user: row.imap_user },
    persistent: row.persistent === 1,
    createdAt: row.created_at,
  };
}
