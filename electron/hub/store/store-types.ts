// What the store keeps beyond the public model: sync state per mailbox and
// the fields the sync engine writes.
import type { Account, EmailAddress, Mailbox, MessageSummary } from '../../../shared/model';

export type AccountRecord = Omit<Account, 'status'> & { createdAt: number };

export interface MailboxRecord extends Mailbox {
  sortKey: number;
  uidValidity: number | null;
  uidNext: number | null;
  /** Exact: modseqs may use all 63 bits. */
  highestModseq: bigint | null;
  initialSyncDone: boolean;
}

export interface MailboxSyncState {
  uidValidity?: number | null;
  uidNext?: number | null;
  highestModseq?: bigint | null;
  initialSyncDone?: boolean;
}

/** A message as the sync engine hands it to the store. */
export interface NewMessage {
  uid: number;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  from: EmailAddress | null;
  to: EmailAddress[];
  cc: EmailAddress[];
  date: string | null;
  receivedAt: number;
  flags: string[];
  size: number;
  hasAttachments: boolean;
  snippet: string;
  /** Exact (63 bits allowed). */
  modseq: bigint | null;
}

export interface FlagChange {
  uid: number;
  flags: string[];
  /** Exact (63 bits allowed). */
  modseq: bigint | null;
}

export interface MessagePage {
  messages: MessageSummary[];
  nextCursor: string | null;
}

/** A stored message with the fields the API's detail view adds. */
export interface MessageRecord extends MessageSummary {
  rowid: number;
  /** The message's key in the full-text index (see search-key.ts). */
  searchKey: number;
  inReplyTo: string | null;
  references: string[];
}
