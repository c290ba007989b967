// A FETCH response's attributes, as the wire parser gives them, turned into the
// message imapflow would have given for the same items: numbers checked against
// the grammar, INTERNALDATE read, the body structure shaped as imapflow's.
import type { FetchMessageObject } from 'imapflow';
import { isSummaryRow } from '../fetch-summaries';
import { MAX_MODSEQ } from '../mailbox-status';
import type { WireValue } from './response-parser';
import { wireBodyStructure } from './wire-body-structure';

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };
const DATE_TIME = /^\s*(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;

/**
 * INTERNALDATE's date-time (RFC 3501 section 9: "17-Jul-1996 02:44:25 -0700"); undefined when it
 * does not parse or names no real time ("31-Feb-2024", "99:99:99"), which Date.UTC would roll over.
 */
export function parseInternalDate(value: string): Date | undefined {
  const match = DATE_TIME.exec(value);
  const month = match ? MONTHS[(match[2] as string).toLowerCase()] : undefined;
  if (!match || month === undefined) return undefined;
  const [day, year, hours, minutes, seconds, zoneHours, zoneMinutes] = [1, 3, 4, 5, 6, 8, 9].map((index) => Number(match[index]));
  if (hours! > 23 || minutes! > 59 || seconds! > 60 || zoneHours! > 23 || zoneMinutes! > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year!, month, day); // not Date.UTC: it reads years 0-99 as 1900-1999
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month) return undefined;
  const offset = (match[7] === '-' ? -1 : 1) * (zoneHours! * 60 + zoneMinutes!);
  date.setUTCHours(hours!, minutes! - offset, Math.min(seconds!, 59));
  return date;
}

function flagSet(value: WireValue | undefined): Set<string> {
  const flags = new Set<string>();
  if (Array.isArray(value)) for (const flag of value) if (typeof flag === 'string') flags.add(flag);
  return flags;
}

// RFC 3501 section 9: nz-number (a UID) and number are 32-bit unsigned, written in decimal digits.
// Number() also read "1e3", "0x10", "+7" and "1.5", and passed 0 and 2^64 on as UIDs; imapflow's
// own parser drops those rows, so the two paths disagreed on the same bytes.
const NZ_NUMBER = /^[1-9]\d{0,9}$/;
const NUMBER = /^\d{1,10}$/;
const MAX_UINT32 = 4_294_967_295;
/** RFC 7162 mod-sequence-value: up to 2^63 - 1. */
const MODSEQ = /^[1-9]\d{0,18}$/;

function numberOf(value: WireValue | undefined, pattern: RegExp): number | undefined {
  if (typeof value !== 'string' || !pattern.test(value)) return undefined;
  const parsed = Number(value);
  return parsed <= MAX_UINT32 ? parsed : undefined;
}

function modseqOf(value: WireValue | undefined): bigint | undefined {
  const [first] = Array.isArray(value) ? value : [];
  if (typeof first !== 'string' || !MODSEQ.test(first)) return undefined;
  const modseq = BigInt(first);
  return modseq <= MAX_MODSEQ ? modseq : undefined;
}

/**
 * One FETCH response's attributes as imapflow would have given them for the same items; null
 * for a response without them: a flag change the server reports unasked (with QRESYNC
 * enabled it carries UID and FLAGS too), which must not be taken for a summary. The rule is
 * isSummaryRow's, the one imapflow's rows go through.
 */
export function toFetchMessage(seq: number, attributes: Map<string, WireValue>): FetchMessageObject | null {
  const uid = numberOf(attributes.get('UID'), NZ_NUMBER);
  if (uid === undefined) return null;
  const message: FetchMessageObject = { seq, uid, flags: flagSet(attributes.get('FLAGS')) };
  const size = numberOf(attributes.get('RFC822.SIZE'), NUMBER);
  if (size !== undefined) message.size = size;
  const date = attributes.get('INTERNALDATE');
  if (typeof date === 'string') message.internalDate = parseInternalDate(date);
  const modseq = modseqOf(attributes.get('MODSEQ'));
  if (modseq !== undefined) message.modseq = modseq;
  if (attributes.has('BODYSTRUCTURE')) message.bodyStructure = wireBodyStructure(attributes.get('BODYSTRUCTURE')) as unknown as FetchMessageObject['bodyStructure'];
  const bodyParts = new Map<string, Buffer>();
  for (const [name, value] of attributes) {
    if (!name.startsWith('BODY[')) continue;
    const bytes = Buffer.isBuffer(value) ? value : typeof value === 'string' ? Buffer.from(value) : Buffer.alloc(0);
    if (name.startsWith('BODY[HEADER')) message.headers = bytes;
    else bodyParts.set(name.slice('BODY['.length, name.indexOf(']')), bytes);
  }
  if (bodyParts.size > 0) message.bodyParts = bodyParts;
  return isSummaryRow(message) ? message : null;
}
