// Whether a mailbox needs a SELECT at all: STATUS (or LIST-STATUS) answers
// for every mailbox in one round trip, so a resync with no changes costs
// almost nothing.
import type { StatusObject } from 'imapflow';
import type { MailboxRecord } from '../store/store-types';

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
  if (status.highestModseq === undefined) return flagsReadRecently;
  // Forgotten on purpose (a refused action: every flag is to be read again).
  if (mailbox.highestModseq === null) return false;
  // Compared exactly: modseqs may use 63 bits (some servers use timestamps).
  return BigInt(status.highestModseq) === mailbox.highestModseq;
}
