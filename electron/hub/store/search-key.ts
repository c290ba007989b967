// The full-text index is keyed by a number that sorts like the message list
// (INTERNALDATE, then UID), so a search for a common word reads the index
// newest first and stops after one page (FTS5 walks rowids in order with
// ORDER BY rowid DESC ... LIMIT) instead of sorting every match.

/** Room for the UID below the seconds: 2^22 UIDs per second of INTERNALDATE. */
const UID_BITS = 22;
const UID_MASK = 2 ** UID_BITS - 1;

/**
 * The last second whose keys stay below MAX_SAFE_INTEGER (2^31 - 2: 2038-01-19T03:14:06Z). A later
 * INTERNALDATE (an import that set a date in the future) is keyed as this second: the message is
 * still found, ordered among such messages by UID. Beyond 2^53 a key would lose its low bits, and
 * the first page of a search (keys below MAX_SAFE_INTEGER) would never reach it.
 */
const LAST_EXACT_SECOND = Math.floor(Number.MAX_SAFE_INTEGER / 2 ** UID_BITS) - 1;

/** The preferred key of a message; the store takes the next free key below it on a collision. */
export function preferredSearchKey(receivedAtMs: number, uid: number | null): number {
  const seconds = Math.min(LAST_EXACT_SECOND, Math.max(0, Math.floor(receivedAtMs / 1000)));
  return seconds * 2 ** UID_BITS + Math.min(uid ?? UID_MASK, UID_MASK);
}
