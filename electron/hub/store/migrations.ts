// Numbered migrations, applied in order, each in one transaction together
// with its `PRAGMA user_version` bump (so a crash never leaves half a schema).
import type { Database } from 'better-sqlite3';
import { hasGreek } from './greek-accents';
import { preferredSearchKey } from './search-key';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'accounts, mailboxes, messages, bodies, full-text index',
    up(db) {
      db.exec(`
        CREATE TABLE accounts (
          id TEXT PRIMARY KEY,
          email TEXT NOT NULL,
          display_name TEXT NOT NULL,
          imap_host TEXT NOT NULL,
          imap_port INTEGER NOT NULL,
          imap_security TEXT NOT NULL CHECK (imap_security IN ('tls', 'starttls', 'none')),
          imap_user TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );

        CREATE TABLE mailboxes (
          id TEXT PRIMARY KEY,
          account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          path TEXT NOT NULL,
          name TEXT NOT NULL,
          delimiter TEXT,
          special_use TEXT,
          sort_key INTEGER NOT NULL DEFAULT 0,
          uid_validity INTEGER,
          uid_next INTEGER,
          highest_modseq INTEGER,
          -- 1 once every message present at the first sync is stored: from then on,
          -- arrivals are reported as email.new.
          initial_sync_done INTEGER NOT NULL DEFAULT 0,
          total INTEGER NOT NULL DEFAULT 0,
          unread INTEGER NOT NULL DEFAULT 0,
          UNIQUE (account_id, path)
        );

        CREATE TABLE messages (
          rowid INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          mailbox_id TEXT NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
          uid INTEGER,
          message_id TEXT,
          in_reply_to TEXT,
          references_json TEXT NOT NULL DEFAULT '[]',
          subject TEXT NOT NULL DEFAULT '',
          from_json TEXT,
          to_json TEXT NOT NULL DEFAULT '[]',
          cc_json TEXT NOT NULL DEFAULT '[]',
          date TEXT,
          received_at INTEGER NOT NULL,
          flags_json TEXT NOT NULL DEFAULT '[]',
          seen INTEGER NOT NULL DEFAULT 0,
          size INTEGER NOT NULL DEFAULT 0,
          has_attachments INTEGER NOT NULL DEFAULT 0,
          snippet TEXT NOT NULL DEFAULT '',
          modseq INTEGER
        );
        CREATE UNIQUE INDEX messages_by_uid ON messages (mailbox_id, uid) WHERE uid IS NOT NULL;
        -- The list order of the API: receivedAt desc, then uid desc (pending moves, uid null, last).
        CREATE INDEX messages_by_date ON messages (mailbox_id, received_at DESC, IFNULL(uid, -1) DESC, rowid DESC);
        CREATE INDEX messages_by_message_id ON messages (message_id);

        CREATE TABLE bodies (
          message_rowid INTEGER PRIMARY KEY REFERENCES messages(rowid) ON DELETE CASCADE,
          raw BLOB NOT NULL,
          fetched_at INTEGER NOT NULL
        );

        -- Contentless: the text lives in messages/bodies; rows are keyed by messages.rowid.
        CREATE VIRTUAL TABLE messages_fts USING fts5(
          subject, names, addresses, snippet, body,
          content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
        );
      `);
    },
  },
  {
    version: 2,
    name: 'accounts.persistent: accounts added without a keyring last for one session',
    up(db) {
      db.exec('ALTER TABLE accounts ADD COLUMN persistent INTEGER NOT NULL DEFAULT 1');
    },
  },
  {
    version: 3,
    name: 'search keys: the full-text index keyed in list order (received, uid) for early-stopping searches',
    up(db) {
      // The index is rebuilt from the messages; cached bodies are dropped with it so that
      // every cached body is also searchable (they are fetched again on demand).
      db.exec(`
        DROP TABLE messages_fts;
        DELETE FROM bodies;
        ALTER TABLE messages ADD COLUMN fts_key INTEGER;
        CREATE UNIQUE INDEX messages_by_fts_key ON messages (fts_key);
        CREATE VIRTUAL TABLE messages_fts USING fts5(
          subject, names, addresses, snippet, body,
          content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
        );
      `);
      const rows = db.prepare('SELECT rowid, received_at, uid, subject, from_json, to_json, cc_json, snippet FROM messages').all() as Array<{
        rowid: number;
        received_at: number;
        uid: number | null;
        subject: string;
        from_json: string | null;
        to_json: string;
        cc_json: string;
        snippet: string;
      }>;
      const taken = db.prepare('SELECT 1 FROM messages WHERE fts_key = ?').pluck();
      const setKey = db.prepare('UPDATE messages SET fts_key = ? WHERE rowid = ?');
      const index = db.prepare('INSERT INTO messages_fts (rowid, subject, names, addresses, snippet, body) VALUES (?, ?, ?, ?, ?, ?)');
      for (const row of rows) {
        let key = preferredSearchKey(row.received_at, row.uid);
        while (taken.get(key)) key -= 1;
        setKey.run(key, row.rowid);
        const people = [JSON.parse(row.from_json ?? 'null'), ...JSON.parse(row.to_json), ...JSON.parse(row.cc_json)] as Array<{ name?: string; address?: string } | null>;
        const names = people.flatMap((p) => (p?.name ? [p.name] : [])).join(' ');
        const addresses = people.flatMap((p) => (p?.address ? [p.address] : [])).join(' ');
        index.run(key, row.subject, names, addresses, row.snippet, '');
      }
    },
  },
  {
    version: 4,
    name: 'operation log: user actions kept until the server has them',
    up(db) {
      db.exec(`
        CREATE TABLE operations (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          type TEXT NOT NULL,
          targets_json TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'applied', 'failed')),
          error_json TEXT,
          created_at INTEGER NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX operations_by_state ON operations (account_id, state, seq);
        -- Messages with queued actions keep their local flags until the server has them.
        ALTER TABLE messages ADD COLUMN pending_ops INTEGER NOT NULL DEFAULT 0;
      `);
    },
  },
  {
    version: 5,
    name: 'server locations: where the server keeps a message the user moved or deleted before the server has heard of it',
    up(db) {
      // A moved message shows in its target at once (uid null) while the server still has it
      // in the source: this row says where, so that the replay can move it and the source's
      // sync does not bring it back. It goes when the server has confirmed the move.
      db.exec(`
        CREATE TABLE server_locations (
          message_id TEXT PRIMARY KEY,
          mailbox_id TEXT NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
          uid_validity INTEGER NOT NULL,
          uid INTEGER NOT NULL
        );
        CREATE INDEX server_locations_by_uid ON server_locations (mailbox_id, uid);
        ALTER TABLE operations ADD COLUMN target_mailbox_id TEXT;
      `);
    },
  },
  {
    version: 6,
    name: 'full-text index: segments merged eight at a time',
    up(db) {
      // FTS5 merges its b-tree segments when 4 of a level exist (its default). A first sync
      // writes one segment per batch; merging at 8 rewrites each term fewer times. With
      // batches of 1,000 this took a 50,000-message first sync's store time from 49.7 to 42.5 µs
      // a message; searches over the same 50,000 kept p95 2.0-2.1 ms.
      db.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 8)");
    },
  },
  {
    version: 7,
    name: 'messages: no index on Message-ID',
    up(db) {
      // No query reads messages by Message-ID, and the order of its values has nothing to do
      // with the order of inserts: each wrote into an arbitrary leaf of this index, a few µs a
      // message in a first sync (store-only A/B at 50,000). Threading by Message-ID, when it
      // comes, can add an index it uses.
      db.exec('DROP INDEX messages_by_message_id');
    },
  },
  {
    version: 8,
    name: 'operation log: refusals counted apart from tries; pending actions indexed',
    up(db) {
      // attempts counts tries (one sent may have reached the server: no cancel then); refusals
      // counts the server saying no, which alone fails an action. A connection lost mid-try is
      // neither the server's answer nor the action's fault. The partial index serves the
      // queries for a message's queued moves, which otherwise read every action ever logged.
      db.exec(`
        ALTER TABLE operations ADD COLUMN refusals INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX operations_pending ON operations (seq) WHERE state = 'pending';
      `);
    },
  },
  {
    version: 9,
    name: 'operation log: when each action ended',
    up(db) {
      // Ended actions are forgotten a week after they end (see pruneEnded). Keyed on when they
      // were queued, an action that waited offline for more than a week was forgotten the moment
      // it ended, and its undo or status lookup found nothing. Actions that ended before this
      // migration take their queue time, which is all that is known of them.
      db.exec(`
        ALTER TABLE operations ADD COLUMN ended_at INTEGER;
        UPDATE operations SET ended_at = created_at WHERE state <> 'pending';
      `);
    },
  },
  {
    version: 10,
    name: 'secrets to forget: keyring entries of removed accounts the keyring did not delete yet',
    up(db) {
      // A removal answers at once, keyring or not; what the keyring did not delete then (it
      // failed, timed out, or finished a write the hub had given up on) is deleted at a later
      // start. Names only: a keyring shared with other data folders keeps their entries.
      db.exec('CREATE TABLE secrets_to_forget (name TEXT PRIMARY KEY, noted_at INTEGER NOT NULL)');
    },
  },
  {
    version: 11,
    name: 'search index: Greek text queued to be indexed again without its accents',
    up(db) {
      // Greek is indexed without its accents from now on (greek-accents.ts); rows indexed before
      // keep them, and a search typed without accents missed them. They are indexed again in the
      // background after start (search-reindex.ts): those with Greek in their headers or snippet,
      // and every one with a cached body, whose text only the raw body holds (the index is
      // contentless). A queued row that goes is forgotten with it.
      db.function('mm_has_greek', { deterministic: true }, (text) => (typeof text === 'string' && hasGreek(text) ? 1 : 0));
      db.exec(`
        CREATE TABLE reindex_queue (message_rowid INTEGER PRIMARY KEY REFERENCES messages(rowid) ON DELETE CASCADE);
        INSERT INTO reindex_queue (message_rowid)
          SELECT rowid FROM messages WHERE mm_has_greek(subject || ' ' || IFNULL(from_json, '') || ' ' || to_json || ' ' || cc_json || ' ' || snippet)
          UNION SELECT message_rowid FROM bodies;
      `);
    },
  },
  {
    version: 12,
    name: 'account erasures: removed accounts whose mail is still being erased from the files',
    up(db) {
      // A removal takes the account and its folders off at once, and erases its messages, the
      // full-text index and the free pages afterwards, in slices (account-eraser.ts). The row
      // names the folders whose messages are left, and stays until the WAL is truncated: an
      // erasure cut short (the hub killed) is finished at the next start.
      db.exec('CREATE TABLE account_erasures (account_id TEXT PRIMARY KEY, mailbox_ids_json TEXT NOT NULL, started_at INTEGER NOT NULL)');
    },
  },
];

/** Applies every migration newer than the database's user_version. */
export function migrate(db: Database, list: Migration[] = migrations): number {
  let version = db.pragma('user_version', { simple: true }) as number;
  for (const migration of list) {
    if (migration.version <= version) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
    version = migration.version;
  }
  return version;
}
