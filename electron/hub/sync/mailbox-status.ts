// Whether a mailbox needs a SELECT at all: STATUS (or LIST-STATUS) answers
// for every mailbox in one round trip, so a resync with no changes costs
// almost nothing.
import type { StatusObject } from 'imapflow';
import type { MailboxRecord } from '../store/store-types';

/**
 * The largest modseq the hub keeps (RFC 7162: 63 bits; SQLite's integers are signed 64-bit). RFC
 * 4551 allowed 64 bits and a server may still use them: above this a mailbox is treated as one
 * without CONDSTORE (every flag read), as storing its modseq would fail the whole sync.
 */
export const MAX_MODSEQ = 2n ** 63n - 1n;

/** A message's modseq as the store keeps it: null when there is none, or none it can keep. */
export function storedModseq(modseq: bigint | undefined): bigint | null {
  return modseq !== undefined && modseq <= MAX_MODSEQ ? modseq : null;
}

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
  if (status.highestModseq === undefined || BigInt(status.highestModseq) > MAX_MODSEQ) return flagsReadRecently;
  // Forgotten on purpose (a refused action: every flag is to be read again).
  if (mailbox.highestModseq === null) return false;
  // Compared exactly: modseqs may use 63 bits (some servers use timestamps).
  return BigInt(status.highestModseq) === mailbox.highestModseq;
}
