// Compact IMAP sequence sets ("1:5,7,9:12") so a chunk of UIDs is one short command.

/**
 * The longest sequence set put in one command. RFC 2683 (3.2.1.5) has clients keep a command
 * line to about 1000 octets; servers differ in what they accept beyond (Dovecot 64 KiB), and a
 * line refused is a sync or an action failed at every try. Scattered UIDs (a selection, the
 * messages whose text is not part 1) join into no range: 5000 of them are some 30 KB.
 */
export const MAX_SET_LENGTH = 900;

/** Formats UIDs (any order) as a sequence set of ranges. */
export function toSequenceSet(uids: number[]): string {
  return uidRanges(uids).join(',');
}

/** Formats UIDs (any order) as sequence sets of ranges of at most `maxLength` characters, one command each. */
export function toSequenceSets(uids: number[], maxLength = MAX_SET_LENGTH): string[] {
  const sets: string[] = [];
  let current = '';
  for (const range of uidRanges(uids)) {
    if (current && current.length + 1 + range.length > maxLength) {
      sets.push(current);
      current = '';
    }
    current = current ? `${current},${range}` : range;
  }
  if (current) sets.push(current);
  return sets;
}

function uidRanges(uids: number[]): string[] {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const ranges: string[] = [];
  let start = sorted[0];
  let previous = start;
  for (const uid of sorted.slice(1)) {
    if (previous !== undefined && uid === previous + 1) {
      previous = uid;
      continue;
    }
    if (start !== undefined) ranges.push(start === previous ? `${start}` : `${start}:${previous}`);
    start = uid;
    previous = uid;
  }
  if (start !== undefined) ranges.push(start === previous ? `${start}` : `${start}:${previous}`);
  return ranges;
}

/** Splits `uids` (newest first) into chunks: a small first one, then `size` each. */
export function chunkNewestFirst(uids: number[], firstSize: number, size: number): number[][] {
  const sorted = [...uids].sort((a, b) => b - a);
  const chunks: number[][] = [];
  let offset = 0;
  while (offset < sorted.length) {
    const take = chunks.length === 0 ? firstSize : size;
    chunks.push(sorted.slice(offset, offset + take));
    offset += take;
  }
  return chunks;
}

/**
 * UID ranges covering 1..`maxUid`, highest first, for about `expected` messages in chunks of
 * about `size`: the span of each range is the UID space divided by the number of chunks, so
 * sparse UIDs (a mailbox whose UIDs reach millions) still give ~`size` messages a range.
 */
export function uidRangesNewestFirst(maxUid: number, expected: number, size: number): string[] {
  if (maxUid < 1) return [];
  const count = Math.max(1, Math.ceil(expected / Math.max(1, size)));
  const span = Math.ceil(maxUid / count);
  const ranges: string[] = [];
  for (let high = maxUid; high >= 1; high -= span) ranges.push(`${Math.max(1, high - span + 1)}:${high}`);
  return ranges;
}
