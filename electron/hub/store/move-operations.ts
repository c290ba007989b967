// The store's side of moves and deletions. A moved message shows in its target
// at once, with the same hub id and no UID, while the server still has it in the
// source: `server_locations` says where, so that the replay can move it and the
// source's sync does not bring it back (see `isHeld`). When the server has moved
// it (COPYUID, RFC 4315), the row gets its new UID and the location goes.
import type { Database } from 'better-sqlite3';
import { toMessage, type MessageRow } from './message-rows';
import { noteRemoved, noteUpdated, type StoreChange } from './store-change';
import type { MailboxRecord, MessageRecord } from './store-types';

/** Where the server keeps a message: valid only under that UIDVALIDITY. */
export interface ServerLocation {
  mailboxId: string;
  uidValidity: number;
  uid: number;
}

/** One message a move or deletion acts on, as it was when the user acted. */
export interface MovedTarget {
  messageId: string;
  /** The mailbox it was shown in: where an undo puts it back. */
  mailboxId: string;
  /** The Message-ID header, to find it again after a UIDVALIDITY change or a crash. */
  header: string | null;
}

interface LocationRow {
  mailbox_id: string;
  uid_validity: number;
  uid: number;
}

/** Whether the server's message at (mailbox, uid) is one the user moved or deleted: the sync must not store it again. */
export const HELD_UID_QUERY = `SELECT 1 FROM server_locations l JOIN mailboxes b ON b.id = l.mailbox_id
  WHERE l.mailbox_id = ? AND l.uid = ? AND l.uid_validity = b.uid_validity`;

/** Prepares the statements of moves and deletions; every function runs inside the caller's transaction (the operation log, which also counts each message's queued actions). */
export function createMoveOperations(db: Database) {
  const messageById = db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE id = ?');
  const messageByUid = db.prepare<[string, number], MessageRow>('SELECT * FROM messages WHERE mailbox_id = ? AND uid = ?');
  const validityOf = db.prepare<[string], number | null>('SELECT uid_validity FROM mailboxes WHERE id = ?').pluck();
  const locationOf = db.prepare<[string], LocationRow>('SELECT mailbox_id, uid_validity, uid FROM server_locations WHERE message_id = ?');
  const setLocation = db.prepare(
    `INSERT INTO server_locations (message_id, mailbox_id, uid_validity, uid) VALUES (?, ?, ?, ?)
     ON CONFLICT (message_id) DO UPDATE SET mailbox_id = excluded.mailbox_id, uid_validity = excluded.uid_validity, uid = excluded.uid`,
  );
  const dropLocation = db.prepare('DELETE FROM server_locations WHERE message_id = ?');
  // A mailbox the hub created (archive, delete) has no UIDVALIDITY until its first sync: the
  // server's answer to the move (COPYUID, or the SELECT after it) gives it.
  const adoptValidity = db.prepare('UPDATE mailboxes SET uid_validity = ? WHERE id = ? AND uid_validity IS NULL');
  const held = db.prepare<[string, number], number>(HELD_UID_QUERY).pluck();
  const placeRow = db.prepare('UPDATE messages SET mailbox_id = ?, uid = ? WHERE id = ?');
  const deleteFts = db.prepare('DELETE FROM messages_fts WHERE rowid = ?');
  const deleteRow = db.prepare('DELETE FROM messages WHERE rowid = ?');
  // A later queued move or deletion of the same message decides where its row ends up.
  const laterMove = db.prepare<[number, string], number>(
    `SELECT 1 FROM operations WHERE state = 'pending' AND seq > ? AND type IN ('move', 'expunge') AND instr(targets_json, ?) > 0`,
  ).pluck();

  const removeRow = (row: MessageRow, change: StoreChange): void => {
    deleteFts.run(row.fts_key);
    deleteRow.run(row.rowid);
    noteRemoved(change, row.mailbox_id, row.id);
  };
  const locate = (messageId: string): ServerLocation | null => {
    const row = messageById.get(messageId);
    if (row && row.uid !== null) {
      const uidValidity = validityOf.get(row.mailbox_id);
      return uidValidity === null || uidValidity === undefined ? null : { mailboxId: row.mailbox_id, uidValidity, uid: row.uid };
    }
    const location = locationOf.get(messageId);
    return location ? { mailboxId: location.mailbox_id, uidValidity: location.uid_validity, uid: location.uid } : null;
  };
  /** Remembers where the server keeps `record` before its row leaves that place. */
  const pinLocation = (record: MessageRecord): void => {
    if (record.uid === null) return;
    const uidValidity = validityOf.get(record.mailboxId);
    if (uidValidity !== null && uidValidity !== undefined) setLocation.run(record.id, record.mailboxId, uidValidity, record.uid);
  };
  const hasLaterMove = (seq: number, messageId: string): boolean => Boolean(laterMove.get(seq, JSON.stringify(messageId)));
  const anyPending = db.prepare<[string], number>(`SELECT 1 FROM operations WHERE state = 'pending' AND instr(targets_json, ?) > 0`).pluck();
  // A location under a UIDVALIDITY its mailbox no longer has: pinned before a rebuild (pinBeforeRebuild).
  const dropStalePin = db.prepare(
    `DELETE FROM server_locations WHERE message_id = ?
       AND uid_validity IS NOT (SELECT uid_validity FROM mailboxes WHERE id = server_locations.mailbox_id)`,
  );

  return {
    /** Where the server keeps a message now, as far as the hub knows (null: nowhere known). */
    locate,
    /** Whether a move or deletion queued after `seq` names the message (it decides where the row ends up). */
    hasLaterMove,
    /** Whether the server's message at `uid` is one the user moved away (not to be stored again). */
    isHeld: (mailboxId: string, uid: number): boolean => Boolean(held.get(mailboxId, uid)),

    /** The local half of a move: each row shows in `target` at once, without a UID. */
    applyMove(records: MessageRecord[], target: MailboxRecord, change: StoreChange): MovedTarget[] {
      return records.map((record) => {
        pinLocation(record);
        placeRow.run(target.id, null, record.id);
        noteRemoved(change, record.mailboxId, record.id);
        noteUpdated(change, { ...record, mailboxId: target.id, uid: null });
        return { messageId: record.id, mailboxId: record.mailboxId, header: record.messageId };
      });
    },

    /** The local half of a permanent deletion: the rows go at once. */
    applyExpunge(records: MessageRecord[], change: StoreChange): MovedTarget[] {
      return records.map((record) => {
        pinLocation(record);
        removeRow(messageById.get(record.id) as MessageRow, change);
        return { messageId: record.id, mailboxId: record.mailboxId, header: record.messageId };
      });
    },

    /** Undo before the server heard of it: rows still in `targetMailboxId` go back where they were shown. */
    cancelMove(targets: MovedTarget[], targetMailboxId: string, change: StoreChange): void {
      for (const target of targets) {
        const row = messageById.get(target.messageId);
        if (!row || row.mailbox_id !== targetMailboxId) continue;
        const location = locationOf.get(target.messageId);
        const backHome = location?.mailbox_id === target.mailboxId;
        placeRow.run(target.mailboxId, backHome ? location.uid : null, row.id);
        if (backHome) dropLocation.run(row.id);
        noteRemoved(change, targetMailboxId, row.id);
        noteUpdated(change, { ...toMessage(row), mailboxId: target.mailboxId, uid: backHome ? location.uid : null });
      }
    },

    /**
     * Records what the server did with one moved message: `moved` is its new place, or null
     * when the server no longer had it (then its row goes too, unless a later move decides).
     */
    settleMove(seq: number, messageId: string, moved: ServerLocation | null, change: StoreChange): void {
      const later = hasLaterMove(seq, messageId);
      const row = messageById.get(messageId);
      if (!moved) {
        dropLocation.run(messageId);
        if (row && !later) removeRow(row, change);
        return;
      }
      // Without it the new UID would name no place (locate: null), and an undo or a flag action
      // on the message right after the move would find it nowhere until the folder's first sync.
      adoptValidity.run(moved.uidValidity, moved.mailboxId);
      // The target's sync may have stored the moved copy as a message of its own: it is this one.
      const twin = messageByUid.get(moved.mailboxId, moved.uid);
      if (twin && twin.id !== messageId) removeRow(twin, change);
      if (row && !later && row.mailbox_id === moved.mailboxId) {
        placeRow.run(moved.mailboxId, moved.uid, messageId);
        dropLocation.run(messageId);
        noteUpdated(change, { ...toMessage(row), uid: moved.uid });
      } else if (row || later) {
        setLocation.run(messageId, moved.mailboxId, moved.uidValidity, moved.uid);
      } else {
        dropLocation.run(messageId);
      }
    },

    /** The server refused a move: the row goes back to where the server still has it. */
    revertMove(seq: number, target: MovedTarget, targetMailboxId: string, change: StoreChange): void {
      const row = messageById.get(target.messageId);
      if (!row || row.mailbox_id !== targetMailboxId || hasLaterMove(seq, target.messageId)) return;
      const location = locationOf.get(target.messageId);
      const home = location ? location.mailbox_id : target.mailboxId;
      placeRow.run(home, location ? location.uid : null, row.id);
      dropLocation.run(row.id);
      noteRemoved(change, targetMailboxId, row.id);
      noteUpdated(change, { ...toMessage(row), mailboxId: home, uid: location ? location.uid : null });
    },

    /**
     * Before `mailboxId` is rebuilt (its UIDVALIDITY changed): where the server kept these
     * messages, which queued actions still name. Their rows go with the rebuild; the replay then
     * finds each again by its Message-ID under the new UIDVALIDITY (see server-locator.ts).
     */
    pinBeforeRebuild(mailboxId: string, messageIds: Iterable<string>): void {
      for (const messageId of messageIds) {
        const row = messageById.get(messageId);
        if (row && row.mailbox_id === mailboxId) pinLocation(toMessage(row));
      }
    },

    /**
     * A flag action ended: the locations pinned for its messages at a rebuild go, unless another
     * queued action (a move, or a flag action not sent with it) still needs one to find the
     * message. Left, each stayed for good (never held: its UIDVALIDITY is gone).
     */
    releaseRebuildPins(messageIds: string[]): void {
      for (const messageId of messageIds) {
        // Pins are rare; the queue is read only for a message that has one (a drained
        // queue of 1,000 flag actions read all still queued, once per message).
        if (locationOf.get(messageId) && !anyPending.get(JSON.stringify(messageId))) dropStalePin.run(messageId);
      }
    },

    /** The server no longer has a permanently deleted message: nothing of it is left to hold. */
    settleExpunge: (messageId: string): void => void dropLocation.run(messageId),
  };
}

export type MoveOperations = ReturnType<typeof createMoveOperations>;
