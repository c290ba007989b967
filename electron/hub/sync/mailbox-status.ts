// Whether a mailbox needs a SELECT at all: STATUS (or LIST-STATUS) answers
// for every mailbox in one round trip, so a resync with no changes costs
// almost nothing.
import type { StatusObject } from 'imapflow';
import type { MailboxRecord } from '../store/store-types';

/**
 * The highest modseq the hub relies on. It keeps modseqs as JavaScript numbers, exact only up to
 * 2^53; RFC 7162 allows 63 bits, and some servers use them (timestamps). A rounded modseq in a
 * CHANGEDSINCE could skip changes: above this the mailbox is treated as one without CONDSTORE.
 */
export const LARGEST_TRUSTED_MODSEQ = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * True when the server's STATUS matches what the last complete sync stored. Without CONDSTORE a
 * flag change leaves no trace in STATUS: such a mailbox counts as unchanged only while
 * `flagsReadRecently` (its flags were all read not long ago), so that a check every minute does
 * not read every flag of every folder every minute (Exchange and others lack CONDSTORE).
 */
export function isUnchanged(mailbox: MailboxRecord, status: StatusObject | undefined, flagsReadRecently = false): boolean {
  if (!status || !mailbox.initialSyncDone) return false;
  if (status.uidValidity === undefined || Number(status.uidValidity) !== mailbox.uidValidity) return false;
  if (status.uidNext !== mailbox.uidNext || status.messages !== mailbox.total) return false;
  if (status.highestModseq === undefined || BigInt(status.highestModseq) > LARGEST_TRUSTED_MODSEQ) return flagsReadRecently;
  // Forgotten on purpose (a refused action: every flag is to be read again).
  if (mailbox.highestModseq === null) return false;
  return Number(status.highestModseq) === mailbox.highestModseq;
}
