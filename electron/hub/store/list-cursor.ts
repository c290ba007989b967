// The opaque `before` cursors of message lists and of search, base64url-encoded so clients do
// not parse them: a list's holds the sort key of the last row sent (receivedAt, uid, rowid), a
// search's the last row's search key (search-key.ts). The API hands out a mailbox's list cursor
// bound to that mailbox (encodeMailboxCursor): a position only means something in the list it
// was taken from, and another mailbox's list would page from it without a word.

export interface ListPosition {
  receivedAt: number;
  uid: number;
  rowid: number;
}

const positionText = (position: ListPosition): string => `${position.receivedAt}:${position.uid}:${position.rowid}`;

function parsePosition(match: RegExpExecArray): ListPosition | null {
  const [receivedAt, uid, rowid] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (![receivedAt, uid, rowid].every(Number.isSafeInteger)) return null;
  return { receivedAt, uid, rowid };
}

export function encodeCursor(position: ListPosition): string {
  return Buffer.from(positionText(position)).toString('base64url');
}

/** The position in a cursor, or null when it is not one of ours. */
export function decodeCursor(cursor: string): ListPosition | null {
  const match = /^(-?\d+):(-?\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? parsePosition(match) : null;
}

/** A mailbox list's cursor as the API hands it out: the position, and the mailbox it is in. */
export function encodeMailboxCursor(mailboxId: string, position: ListPosition): string {
  return Buffer.from(`m:${positionText(position)}:${mailboxId}`).toString('base64url');
}

/** The mailbox and position in a cursor of encodeMailboxCursor, or null when it is not one. */
export function decodeMailboxCursor(cursor: string): { mailboxId: string; position: ListPosition } | null {
  const match = /^m:(-?\d+):(-?\d+):(\d+):(.+)$/s.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const position = match ? parsePosition(match) : null;
  return match && position ? { mailboxId: match[4]!, position } : null;
}

export function encodeSearchCursor(searchKey: number): string {
  return Buffer.from(`s${searchKey}`).toString('base64url');
}

/**
 * The search key in a search cursor, or null when it is not one of ours. Keys can be negative:
 * a message that takes the next free key below a taken one (search-key.ts) walks below 0 when
 * it was received in 1970's first second or before (those are all keyed as second 0).
 */
export function decodeSearchCursor(cursor: string): number | null {
  const match = /^s(-?\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) return null;
  const key = Number(match[1]);
  return Number.isSafeInteger(key) ? key : null;
}
