// The opaque `before` cursor of message lists: the sort key of the last row
// sent (receivedAt, uid, rowid), base64url-encoded so clients do not parse it.

export interface ListPosition {
  receivedAt: number;
  uid: number;
  rowid: number;
}

export function encodeCursor(position: ListPosition): string {
  return Buffer.from(`${position.receivedAt}:${position.uid}:${position.rowid}`).toString('base64url');
}

/** The position in a cursor, or null when it is not one of ours. */
export function decodeCursor(cursor: string): ListPosition | null {
  const match = /^(-?\d+):(-?\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) return null;
  const [receivedAt, uid, rowid] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (![receivedAt, uid, rowid].every(Number.isSafeInteger)) return null;
  return { receivedAt, uid, rowid };
}
