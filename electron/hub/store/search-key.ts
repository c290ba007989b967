// The full-text index is keyed by a number that sorts like the message list
// (INTERNALDATE, then UID), so a search for a common word reads the index
// newest first and stops after one page (FTS5 walks rowids in order with
// ORDER BY rowid DESC ... LIMIT) instead of sorting every match.

/** Room for the UID below the seconds: 2^22 UIDs per second of INTERNALDATE. */
const UID_BITS = 22;
const UID_MASK = 2 ** UID_BITS - 1;

/** The preferred key of a message; the store takes the next free key below it on a collision. */
export function preferredSearchKey(receivedAtMs: number, uid: number | null): number {
  const seconds = Math.max(0, Math.floor(receivedAtMs / 1000));
  return seconds * 2 ** UID_BITS + Math.min(uid ?? UID_MASK, UID_MASK);
}
