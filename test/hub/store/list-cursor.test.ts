// The cursors' own encoding: a mailbox list's cursor round-trips its mailbox and position, and
// no other kind of cursor reads as one.
import { describe, expect, it } from 'vitest';
import { decodeMailboxCursor, encodeCursor, encodeMailboxCursor, encodeSearchCursor } from '../../../electron/hub/store/list-cursor';

describe('mailbox list cursors', () => {
  it('carry the mailbox id whole, colons and all, with a position of any sign', () => {
    const position = { receivedAt: -86_400_000, uid: -1, rowid: 9_007_199_254_740_991 };
    for (const mailboxId of ['AZ3x-_9q', 'a:1:2:3', 'ünïcode id']) {
      expect(decodeMailboxCursor(encodeMailboxCursor(mailboxId, position))).toEqual({ mailboxId, position });
    }
  });

  it('are not read from a position without a mailbox, a search cursor, or text that is no cursor', () => {
    const position = { receivedAt: 1, uid: 2, rowid: 3 };
    for (const cursor of [encodeCursor(position), encodeSearchCursor(7), 'not-a-cursor', '', Buffer.from('m:1:2:3:').toString('base64url')]) {
      expect(decodeMailboxCursor(cursor), cursor).toBeNull();
    }
  });
});
