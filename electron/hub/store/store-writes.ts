// The hub is the only writer of the store. Every write that the sync engine
// makes for one batch runs in one transaction together with the sync state
// it covers (see `transaction`).
import { randomFillSync } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { EmailAddress, SpecialUse } from '../../../shared/model';
import { withoutGreekAccents } from './greek-accents';
import { MAILBOX_COLUMNS, toMailbox, toMessage, type MailboxRow, type MessageRow } from './message-rows';
import { HELD_UID_QUERY } from './move-operations';
import { preferredSearchKey } from './search-key';
import type { AccountRecord, FlagChange, MailboxRecord, MailboxSyncState, MessageRecord, NewMessage } from './store-types';
import { spaceUnspacedScripts } from './unspaced-scripts';

/** Where insertMessage takes the search key (fts_key), its last parameter. */
const SEARCH_KEY_PARAM = 19;
const RANDOM_BYTES_PER_ID = 10;
// Random bytes drawn 8 KiB at a time: one system call per 819 ids.
const randomPool = Buffer.alloc(8190);
let randomOffset = randomPool.length;

/**
 * A new stable hub id, 16 bytes as base64url (22 characters): the time in milliseconds first
 * (48 bits, as in a UUIDv7), then 80 random bits.
 *
 * Why time first: ids made together share their first characters, so the unique index on
 * message ids takes a batch's inserts in a few adjacent pages. With random ids each insert
 * dirtied its own page, rewritten at every commit: a 50,000-message first sync wrote 191 MB
 * (WAL and checkpoints) with random ids and 141 MB with these.
 */
export function newId(): string {
  if (randomOffset + RANDOM_BYTES_PER_ID > randomPool.length) {
    randomFillSync(randomPool);
    randomOffset = 0;
  }
  const bytes = Buffer.allocUnsafe(16);
  bytes.writeUIntBE(Date.now(), 0, 6);
  randomPool.copy(bytes, 6, randomOffset, randomOffset + RANDOM_BYTES_PER_ID);
  randomOffset += RANDOM_BYTES_PER_ID;
  return bytes.toString('base64url');
}

export interface MailboxInput {
  path: string;
  name: string;
  delimiter: string | null;
  specialUse: SpecialUse | null;
  sortKey: number;
}

export interface StoreWrites {
  transaction<T>(work: () => T): T;
  insertAccount(account: AccountRecord): void;
  deleteAccount(id: string): boolean;
  /** Notes a keyring entry to delete (kept until secretForgotten). */
  noteSecretToForget(name: string): void;
  secretForgotten(name: string): void;
  upsertMailbox(accountId: string, input: MailboxInput): MailboxRecord;
  /** Gives a mailbox a new path (renamed on the server), keeping its id, messages and sync state. */
  renameMailbox(id: string, path: string): void;
  deleteMailbox(id: string): void;
  setSyncState(mailboxId: string, state: MailboxSyncState): void;
  /** Inserts messages not yet stored (by uid) nor moved away by the user, and counts them in the mailbox; returns the inserted ones. */
  insertMessages(mailbox: MailboxRecord, messages: NewMessage[]): MessageRecord[];
  /** Applies server flags that differ from the stored ones (not on messages with queued actions); returns the changed messages. */
  applyFlags(mailboxId: string, changes: FlagChange[]): MessageRecord[];
  /** Removes messages by uid; returns their hub ids. */
  deleteByUids(mailboxId: string, uids: number[]): string[];
  /** Removes every message of a mailbox (UIDVALIDITY changed); returns their hub ids. */
  clearMailbox(mailboxId: string): string[];
  /** Recomputes total and unread from the stored messages. */
  refreshCounts(mailboxId: string): MailboxRecord;
  /**
   * Caches a fetched body and indexes its text; false (nothing written) when the message's row
   * went while the body was on its way (deleted or rebuilt by the sync), its rowid perhaps
   * reused by another message since.
   */
  saveBody(message: MessageRecord, raw: Buffer, bodyText: string): boolean;
  /**
   * Indexes a queued message again (migration 11) with its cached body's text (null: it had none
   * when read), and takes it off the queue.
   */
  reindexQueued(message: MessageRecord, bodyText: string | null): void;
}

/** The names and the addresses of a message's people, each joined by spaces, for the full-text index. */
function peopleText(record: MessageRecord): { names: string; addresses: string } {
  let names = '';
  let addresses = '';
  const add = (person: EmailAddress | null): void => {
    if (person?.name) names = names ? `${names} ${person.name}` : person.name;
    if (person?.address) addresses = addresses ? `${addresses} ${person.address}` : person.address;
  };
  add(record.from);
  for (const person of record.to) add(person);
  for (const person of record.cc) add(person);
  return { names, addresses };
}

/** Prepares the store's writes; `committed` is called after each write transaction. */
export function createStoreWrites(db: Database, committed: () => void = () => {}): StoreWrites {
  const insertAccount = db.prepare(
    `INSERT INTO accounts (id, email, display_name, imap_host, imap_port, imap_security, imap_user, created_at, persistent)
     VALUES (@id, @email, @displayName, @host, @port, @security, @user, @createdAt, @persistent)`,
  );
  const deleteFtsOfAccount = db.prepare('DELETE FROM messages_fts WHERE rowid IN (SELECT fts_key FROM messages WHERE account_id = ?)');
  const deleteAccount = db.prepare('DELETE FROM accounts WHERE id = ?');
  const noteSecret = db.prepare('INSERT OR REPLACE INTO secrets_to_forget (name, noted_at) VALUES (?, ?)');
  const forgetSecret = db.prepare('DELETE FROM secrets_to_forget WHERE name = ?');
  const upsertMailbox = db.prepare(
    `INSERT INTO mailboxes (id, account_id, path, name, delimiter, special_use, sort_key)
     VALUES (@id, @accountId, @path, @name, @delimiter, @specialUse, @sortKey)
     ON CONFLICT (account_id, path) DO UPDATE SET
       name = excluded.name, delimiter = excluded.delimiter, special_use = excluded.special_use, sort_key = excluded.sort_key`,
  );
  const mailboxByPath = db.prepare<[string, string], MailboxRow>(`SELECT ${MAILBOX_COLUMNS} FROM mailboxes WHERE account_id = ? AND path = ?`);
  const mailboxById = db.prepare<[string], MailboxRow>(`SELECT ${MAILBOX_COLUMNS} FROM mailboxes WHERE id = ?`);
  const deleteFtsOfMailbox = db.prepare('DELETE FROM messages_fts WHERE rowid IN (SELECT fts_key FROM messages WHERE mailbox_id = ?)');
  const deleteMailbox = db.prepare('DELETE FROM mailboxes WHERE id = ?');
  const renameMailbox = db.prepare('UPDATE mailboxes SET path = ? WHERE id = ?');
  const setSyncState = db.prepare(
    `UPDATE mailboxes SET
       uid_validity = CASE WHEN @setValidity THEN @uidValidity ELSE uid_validity END,
       uid_next = CASE WHEN @setNext THEN @uidNext ELSE uid_next END,
       highest_modseq = CASE WHEN @setModseq THEN @highestModseq ELSE highest_modseq END,
       initial_sync_done = CASE WHEN @setDone THEN @initialSyncDone ELSE initial_sync_done END
     WHERE id = @id`,
  );
  // Positional parameters: binding 20 named ones costs more than the insert of a small row.
  // A conflict on any unique index (the UID in its mailbox, the search key) inserts nothing.
  const insertMessage = db.prepare(
    `INSERT INTO messages (id, account_id, mailbox_id, uid, message_id, in_reply_to, references_json, subject,
       from_json, to_json, cc_json, date, received_at, flags_json, seen, size, has_attachments, snippet, modseq, fts_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  // The free key just below the run of taken keys that `?` (taken) is in: read down the
  // messages_by_fts_key index from `?` to the first key whose predecessor is free.
  const belowTakenRun = db
    .prepare<[number], number>(
      `SELECT fts_key - 1 FROM messages AS m WHERE fts_key <= ?
       AND NOT EXISTS (SELECT 1 FROM messages WHERE fts_key = m.fts_key - 1) ORDER BY fts_key DESC LIMIT 1`,
    )
    .pluck();
  const insertFts = db.prepare('INSERT INTO messages_fts (rowid, subject, names, addresses, snippet, body) VALUES (?, ?, ?, ?, ?, ?)');
  const deleteFts = db.prepare('DELETE FROM messages_fts WHERE rowid = ?');
  const uidHeld = db.prepare<[string, number], number>(HELD_UID_QUERY).pluck();
  const anyHeld = db.prepare<[string], number>('SELECT EXISTS (SELECT 1 FROM server_locations WHERE mailbox_id = ?)').pluck();
  const messageByUid = db.prepare<[string, number], MessageRow>('SELECT * FROM messages WHERE mailbox_id = ? AND uid = ?');
  const updateFlags = db.prepare('UPDATE messages SET flags_json = ?, seen = ?, modseq = ? WHERE rowid = ?');
  const deleteMessage = db.prepare('DELETE FROM messages WHERE rowid = ?');
  const mailboxMessages = db.prepare<[string], { rowid: number; id: string }>('SELECT rowid, id FROM messages WHERE mailbox_id = ?');
  const deleteMailboxMessages = db.prepare('DELETE FROM messages WHERE mailbox_id = ?');
  const refreshCounts = db.prepare(
    `UPDATE mailboxes SET
       total = (SELECT COUNT(*) FROM messages WHERE mailbox_id = @id),
       unread = (SELECT COUNT(*) FROM messages WHERE mailbox_id = @id AND seen = 0)
     WHERE id = @id`,
  );
  const bumpCounts = db.prepare('UPDATE mailboxes SET total = total + ?, unread = unread + ? WHERE id = ?');
  const saveBody = db.prepare('INSERT OR REPLACE INTO bodies (message_rowid, raw, fetched_at) VALUES (?, ?, ?)');
  const rowidOf = db.prepare<[string], number>('SELECT rowid FROM messages WHERE id = ?').pluck();
  const unqueue = db.prepare('DELETE FROM reindex_queue WHERE message_rowid = ?');
  const hasBody = db.prepare<[number], number>('SELECT 1 FROM bodies WHERE message_rowid = ?').pluck();

  const indexMessage = (record: MessageRecord, body: string): void => {
    const { names, addresses } = peopleText(record);
    const indexed = (text: string): string => spaceUnspacedScripts(withoutGreekAccents(text));
    insertFts.run(record.searchKey, indexed(record.subject), indexed(names), addresses, indexed(record.snippet), indexed(body));
  };

  /**
   * The next free search key below taken ones, for one insertMessages call. A folder copied on
   * the server into a new one has the same INTERNALDATEs and UIDs: every copy's preferred key is
   * taken, and the run of taken keys it must get below grows with each copy stored. Trying keys
   * one at a time took 17 s for 2,000 copies (the hub frozen); one index query per copy would
   * still read the whole run each time. So the run last read is remembered: nothing leaves the
   * table during the call, so its keys stay taken, and a refused key in it or just above it
   * extends it. Copies handed in UID order, up or down, then cost one guess each.
   */
  const takenKeyRuns = () => {
    /** Every key from `low` to `high` is taken (empty while high < low). */
    let low = 0;
    let high = -1;
    return {
      /** A key below `taken` (a key just refused as taken) that is likely free. */
      freeBelow(taken: number): number {
        if (taken >= low && taken <= high + 1) {
          high = Math.max(high, taken);
          return low - 1;
        }
        // Not in the run known, or just below it (a run of older messages there): the bottom of
        // the run `taken` is in, from the index. Null only if the refusal was an id collision.
        const free = belowTakenRun.get(taken) ?? taken;
        if (taken !== low - 1) high = taken;
        low = free + 1;
        return free;
      },
      /** Records a key just stored: the run below it now reaches it. */
      took(key: number): void {
        if (key === low - 1) low = key;
      },
    };
  };

  return {
    transaction: (work) => {
      const result = db.transaction(work)();
      committed();
      return result;
    },
    noteSecretToForget: (name) => void noteSecret.run(name, Date.now()),
    secretForgotten: (name) => void forgetSecret.run(name),
    insertAccount(account) {
      insertAccount.run({ ...account, ...account.imap, persistent: account.persistent ? 1 : 0 });
    },
    deleteAccount(id) {
      return db.transaction(() => {
        deleteFtsOfAccount.run(id);
        return deleteAccount.run(id).changes > 0;
      })();
    },
    upsertMailbox(accountId, input) {
      upsertMailbox.run({ id: newId(), accountId, ...input });
      return toMailbox(mailboxByPath.get(accountId, input.path) as MailboxRow);
    },
    renameMailbox(id, path) {
      renameMailbox.run(path, id);
    },
    deleteMailbox(id) {
      db.transaction(() => {
        deleteFtsOfMailbox.run(id);
        deleteMailbox.run(id);
      })();
    },
    setSyncState(mailboxId, state) {
      setSyncState.run({
        id: mailboxId,
        setValidity: state.uidValidity !== undefined ? 1 : 0,
        uidValidity: state.uidValidity ?? null,
        setNext: state.uidNext !== undefined ? 1 : 0,
        uidNext: state.uidNext ?? null,
        setModseq: state.highestModseq !== undefined ? 1 : 0,
        highestModseq: state.highestModseq ?? null,
        setDone: state.initialSyncDone !== undefined ? 1 : 0,
        initialSyncDone: state.initialSyncDone ? 1 : 0,
      });
    },
    insertMessages(mailbox, messages) {
      const inserted: MessageRecord[] = [];
      let unread = 0;
      // One query per batch, not per message, in the common case of no pending moves.
      const holds = anyHeld.get(mailbox.id) === 1;
      const keys = takenKeyRuns();
      for (const message of messages) {
        // Moved away by the user and not yet moved on the server: not a message of this mailbox.
        if (holds && uidHeld.get(mailbox.id, message.uid)) continue;
        const seen = message.flags.includes('\\Seen');
        const params = [
          newId(),
          mailbox.accountId,
          mailbox.id,
          message.uid,
          message.messageId,
          message.inReplyTo,
          JSON.stringify(message.references),
          message.subject,
          message.from ? JSON.stringify(message.from) : null,
          JSON.stringify(message.to),
          JSON.stringify(message.cc),
          message.date,
          message.receivedAt,
          JSON.stringify(message.flags),
          seen ? 1 : 0,
          message.size,
          message.hasAttachments ? 1 : 0,
          message.snippet,
          message.modseq,
          preferredSearchKey(message.receivedAt, message.uid),
        ];
        // Refused (ON CONFLICT DO NOTHING) when the UID is stored already, or when another message
        // has the search key: then the next free key below it. Asking first cost a query a message.
        // A new id each time, so that not even an id collision could keep this going.
        let result = insertMessage.run(params);
        while (result.changes === 0 && !messageByUid.get(mailbox.id, message.uid)) {
          params[0] = newId();
          params[SEARCH_KEY_PARAM] = keys.freeBelow(params[SEARCH_KEY_PARAM] as number);
          result = insertMessage.run(params);
          if (result.changes > 0) keys.took(params[SEARCH_KEY_PARAM] as number);
        }
        if (result.changes === 0) continue;
        const id = params[0] as string;
        const searchKey = params[SEARCH_KEY_PARAM] as number;
        // The stored message as the rest of the hub sees it, built field by field: a first sync
        // builds one per message, and a rest-and-spread copy costs more than the insert itself.
        const record: MessageRecord = {
          id,
          accountId: mailbox.accountId,
          mailboxId: mailbox.id,
          uid: message.uid,
          messageId: message.messageId,
          subject: message.subject,
          from: message.from,
          to: message.to,
          cc: message.cc,
          date: message.date,
          receivedAt: new Date(message.receivedAt).toISOString(),
          flags: message.flags,
          size: message.size,
          hasAttachments: message.hasAttachments,
          snippet: message.snippet,
          rowid: Number(result.lastInsertRowid),
          searchKey,
          inReplyTo: message.inReplyTo,
          references: message.references,
        };
        if (!seen) unread += 1;
        inserted.push(record);
      }
      // Indexed in ascending key order: FTS5 writes its pending terms out as a new segment
      // whenever a rowid is lower than the one before (sqlite3Fts5IndexBeginWrite), so a batch
      // whose dates do not follow its UIDs (mail imported or moved between servers) made up to
      // one segment a message, and their merges. Store-only, 50,000 messages in falling key
      // order: 44-45 µs a message before, 24-26 after.
      for (const record of inserted.length > 1 ? [...inserted].sort((a, b) => a.searchKey - b.searchKey) : inserted) indexMessage(record, '');
      if (inserted.length > 0) bumpCounts.run(inserted.length, unread, mailbox.id);
      return inserted;
    },
    applyFlags(mailboxId, changes) {
      const changed: MessageRecord[] = [];
      for (const change of changes) {
        const row = messageByUid.get(mailboxId, change.uid);
        // Local flags of a message with queued actions win until the server has them.
        if (!row || (row.pending_ops ?? 0) > 0) continue;
        const flags = JSON.stringify(change.flags);
        if (row.flags_json === flags) continue;
        updateFlags.run(flags, change.flags.includes('\\Seen') ? 1 : 0, change.modseq, row.rowid);
        changed.push(toMessage({ ...row, flags_json: flags }));
      }
      return changed;
    },
    deleteByUids(mailboxId, uids) {
      const ids: string[] = [];
      for (const uid of uids) {
        const row = messageByUid.get(mailboxId, uid);
        if (!row) continue;
        deleteFts.run(row.fts_key);
        deleteMessage.run(row.rowid);
        ids.push(row.id);
      }
      return ids;
    },
    clearMailbox(mailboxId) {
      const rows = mailboxMessages.all(mailboxId);
      deleteFtsOfMailbox.run(mailboxId);
      deleteMailboxMessages.run(mailboxId);
      return rows.map((row) => row.id);
    },
    refreshCounts(mailboxId) {
      refreshCounts.run({ id: mailboxId });
      return toMailbox(mailboxById.get(mailboxId) as MailboxRow);
    },
    saveBody(message, raw, bodyText) {
      const saved = db.transaction(() => {
        if (rowidOf.get(message.id) !== message.rowid) return false;
        saveBody.run(message.rowid, raw, Date.now());
        deleteFts.run(message.searchKey);
        indexMessage(message, bodyText);
        return true;
      })();
      committed();
      return saved;
    },
    reindexQueued(message, bodyText) {
      db.transaction(() => {
        // Gone or rebuilt since it was read: nothing of it to index (a new row is indexed as stored).
        // Its body cached since (the user opened it): saveBody indexed it already, with the text.
        if (rowidOf.get(message.id) === message.rowid && !(bodyText === null && hasBody.get(message.rowid))) {
          deleteFts.run(message.searchKey);
          indexMessage(message, bodyText ?? '');
        }
        unqueue.run(message.rowid);
      })();
      committed();
    },
  };
}
