import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, migrations } from '../../../electron/hub/store/migrations';

describe('migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('1: creates the tables and the full-text index, sets user_version, and is not reapplied', () => {
    const db = new Database(':memory:');
    expect(migrate(db, migrations.slice(0, 1))).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['accounts', 'mailboxes', 'messages', 'bodies', 'messages_fts']));
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(migrate(db, migrations.slice(0, 1))).toBe(1);
    db.close();
  });

  it('2: adds accounts.persistent, defaulting existing accounts to persistent', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 1));
    db.prepare("INSERT INTO accounts VALUES ('a', 'a@x', 'A', 'h', 1, 'none', 'u', 0)").run();
    expect(migrate(db, migrations.slice(0, 2))).toBe(2);
    expect(db.prepare('SELECT persistent FROM accounts').get()).toEqual({ persistent: 1 });
    db.close();
  });

  it('3: keys the full-text index in list order, re-indexing stored messages and dropping cached bodies', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 2));
    db.prepare("INSERT INTO accounts VALUES ('a', 'a@x', 'A', 'h', 1, 'none', 'u', 0, 1)").run();
    db.prepare("INSERT INTO mailboxes (id, account_id, path, name) VALUES ('m', 'a', 'INBOX', 'Inbox')").run();
    const insert = db.prepare("INSERT INTO messages (id, account_id, mailbox_id, uid, subject, received_at) VALUES (?, 'a', 'm', ?, ?, ?)");
    insert.run('old', 1, 'older kiwi', 1_000_000);
    insert.run('new', 2, 'newer kiwi', 2_000_000);
    db.prepare("INSERT INTO bodies VALUES (1, x'00', 0)").run();
    expect(migrate(db, migrations.slice(0, 3))).toBe(3);
    const found = db.prepare("SELECT m.id FROM messages_fts f JOIN messages m ON m.fts_key = f.rowid WHERE messages_fts MATCH 'kiwi' ORDER BY f.rowid DESC").all();
    expect(found).toEqual([{ id: 'new' }, { id: 'old' }]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM bodies').get()).toEqual({ n: 0 });
    db.close();
  });

  it('4: adds the operation log and the per-message count of queued actions', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 3));
    db.prepare("INSERT INTO accounts VALUES ('a', 'a@x', 'A', 'h', 1, 'none', 'u', 0, 1)").run();
    db.prepare("INSERT INTO mailboxes (id, account_id, path, name) VALUES ('m', 'a', 'INBOX', 'Inbox')").run();
    db.prepare("INSERT INTO messages (id, account_id, mailbox_id, uid, received_at, fts_key) VALUES ('x', 'a', 'm', 1, 0, 1)").run();
    expect(migrate(db, migrations.slice(0, 4))).toBe(4);
    expect(db.prepare('SELECT pending_ops FROM messages').get()).toEqual({ pending_ops: 0 });
    db.prepare("INSERT INTO operations (id, account_id, type, targets_json, state, created_at) VALUES ('op', 'a', 'flag', '[]', 'pending', 0)").run();
    expect(() => db.prepare("INSERT INTO operations (id, account_id, type, targets_json, state, created_at) VALUES ('op2', 'a', 'flag', '[]', 'lost', 0)").run()).toThrow();
    db.prepare("DELETE FROM accounts WHERE id = 'a'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM operations').get()).toEqual({ n: 0 });
    db.close();
  });

  it('5: adds server locations (dropped with their mailbox) and the target of a move', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 4));
    db.prepare("INSERT INTO accounts VALUES ('a', 'a@x', 'A', 'h', 1, 'none', 'u', 0, 1)").run();
    db.prepare("INSERT INTO mailboxes (id, account_id, path, name) VALUES ('m', 'a', 'INBOX', 'Inbox')").run();
    db.prepare("INSERT INTO operations (id, account_id, type, targets_json, state, created_at) VALUES ('old', 'a', 'flag', '[]', 'pending', 0)").run();
    expect(migrate(db, migrations.slice(0, 5))).toBe(5);
    expect(db.prepare("SELECT target_mailbox_id FROM operations WHERE id = 'old'").get()).toEqual({ target_mailbox_id: null });
    db.prepare("INSERT INTO server_locations VALUES ('x', 'm', 7, 42)").run();
    expect(() => db.prepare("INSERT INTO server_locations VALUES ('x', 'm', 7, 43)").run()).toThrow();
    db.prepare("DELETE FROM mailboxes WHERE id = 'm'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM server_locations').get()).toEqual({ n: 0 });
    db.close();
  });

  it('6: has the full-text index merge its segments eight at a time, keeping what it holds', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 5));
    db.prepare("INSERT INTO messages_fts (rowid, subject, names, addresses, snippet, body) VALUES (1, 'budget review', '', '', '', '')").run();
    expect(migrate(db, migrations.slice(0, 6))).toBe(6);
    expect(db.prepare("SELECT v FROM messages_fts_config WHERE k = 'automerge'").get()).toEqual({ v: 8 });
    expect(db.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'budget'").all()).toEqual([{ rowid: 1 }]);
    db.close();
  });

  it('7: drops the unused Message-ID index, keeping the messages and their Message-IDs', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 6));
    db.prepare("INSERT INTO accounts VALUES ('a', 'a@x', 'A', 'h', 1, 'none', 'u', 0, 1)").run();
    db.prepare("INSERT INTO mailboxes (id, account_id, path, name) VALUES ('m', 'a', 'INBOX', 'Inbox')").run();
    db.prepare("INSERT INTO messages (id, account_id, mailbox_id, uid, message_id, received_at) VALUES ('x', 'a', 'm', 1, '<1@x>', 0)").run();
    const indexes = (): string[] => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages'").all() as Array<{ name: string }>).map((row) => row.name);
    expect(indexes()).toContain('messages_by_message_id');
    expect(migrate(db, migrations.slice(0, 7))).toBe(7);
    expect(indexes()).not.toContain('messages_by_message_id');
    expect(indexes()).toEqual(expect.arrayContaining(['messages_by_uid', 'messages_by_date', 'messages_by_fts_key']));
    expect(db.prepare('SELECT message_id FROM messages').get()).toEqual({ message_id: '<1@x>' });
    db.close();
  });

  it('8: counts refusals apart from tries, from 0 for actions already queued, and indexes pending actions', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 7));
    db.prepare("INSERT INTO accounts VALUES ('a', 'a@x', 'A', 'h', 1, 'none', 'u', 0, 1)").run();
    db.prepare("INSERT INTO operations (id, account_id, type, targets_json, state, created_at, attempts) VALUES ('op', 'a', 'move', '[]', 'pending', 0, 3)").run();
    expect(migrate(db, migrations.slice(0, 8))).toBe(8);
    expect(db.prepare("SELECT attempts, refusals FROM operations WHERE id = 'op'").get()).toEqual({ attempts: 3, refusals: 0 });
    const plan = (db.prepare("EXPLAIN QUERY PLAN SELECT 1 FROM operations WHERE state = 'pending' AND type IN ('move', 'expunge')").all() as Array<{ detail: string }>).map((row) => row.detail).join(' ');
    expect(plan).toContain('operations_pending');
    db.close();
  });

  it('9: records when actions end, taking the queue time for those that ended before it', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 8));
    db.prepare("INSERT INTO accounts VALUES ('a', 'a@x', 'A', 'h', 1, 'none', 'u', 0, 1)").run();
    const add = db.prepare("INSERT INTO operations (id, account_id, type, targets_json, state, created_at) VALUES (?, 'a', 'flag', '[]', ?, ?)");
    add.run('ended', 'applied', 100);
    add.run('queued', 'pending', 200);
    expect(migrate(db, migrations.slice(0, 9))).toBe(9);
    expect(db.prepare('SELECT id, ended_at FROM operations ORDER BY seq').all()).toEqual([
      { id: 'ended', ended_at: 100 },
      { id: 'queued', ended_at: null },
    ]);
    db.close();
  });

  it('10: keeps the names of keyring entries still to delete, each once', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 9));
    expect(migrate(db, migrations.slice(0, 10))).toBe(10);
    const note = db.prepare('INSERT OR REPLACE INTO secrets_to_forget (name, noted_at) VALUES (?, ?)');
    note.run('imap:a', 1);
    note.run('imap:a', 2);
    expect(db.prepare('SELECT name, noted_at FROM secrets_to_forget').all()).toEqual([{ name: 'imap:a', noted_at: 2 }]);
    db.close();
  });

  it('11: queues for indexing again the messages with Greek in their headers or snippet, and every one with a cached body', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 10));
    db.prepare("INSERT INTO accounts VALUES ('a', 'a@x', 'A', 'h', 1, 'none', 'u', 0, 1)").run();
    db.prepare("INSERT INTO mailboxes (id, account_id, path, name) VALUES ('m', 'a', 'INBOX', 'Inbox')").run();
    const insert = db.prepare("INSERT INTO messages (rowid, id, account_id, mailbox_id, uid, subject, from_json, snippet, received_at, fts_key) VALUES (?, ?, 'a', 'm', ?, ?, ?, ?, 0, ?)");
    insert.run(1, 'greek-subject', 1, 'Καλημέρα', null, '', 1);
    insert.run(2, 'greek-sender', 2, 'Hello', JSON.stringify({ name: 'Κώστας', address: 'k@x' }), '', 2);
    insert.run(3, 'greek-snippet', 3, 'Hello', null, 'τα εισιτήρια', 3);
    insert.run(4, 'latin', 4, 'Hello', null, 'plain text', 4);
    insert.run(5, 'latin-with-body', 5, 'Hello', null, 'plain text', 5);
    db.prepare("INSERT INTO bodies VALUES (5, x'00', 0)").run();
    expect(migrate(db, migrations.slice(0, 11))).toBe(11);
    expect(db.prepare('SELECT message_rowid FROM reindex_queue ORDER BY 1').pluck().all()).toEqual([1, 2, 3, 5]);
    // A queued message that goes leaves the queue with it.
    db.prepare('DELETE FROM messages WHERE rowid = 1').run();
    expect(db.prepare('SELECT message_rowid FROM reindex_queue ORDER BY 1').pluck().all()).toEqual([2, 3, 5]);
    db.close();
  });

  it('12: notes account erasures still to finish, one per account, keeping the mail of accounts already there', () => {
    const db = new Database(':memory:');
    migrate(db, migrations.slice(0, 11));
    db.prepare("INSERT INTO accounts VALUES ('a', 'a@x', 'A', 'h', 1, 'none', 'u', 0, 1)").run();
    db.prepare("INSERT INTO mailboxes (id, account_id, path, name) VALUES ('m', 'a', 'INBOX', 'Inbox')").run();
    expect(migrate(db, migrations.slice(0, 12))).toBe(12);
    expect(db.prepare('SELECT COUNT(*) FROM account_erasures').pluck().get()).toBe(0);
    const note = db.prepare('INSERT INTO account_erasures (account_id, mailbox_ids_json, started_at) VALUES (?, ?, ?)');
    note.run('gone', '["m1","m2"]', 1);
    expect(() => note.run('gone', '[]', 2)).toThrow();
    expect(db.prepare('SELECT account_id, mailbox_ids_json, started_at FROM account_erasures').all()).toEqual([{ account_id: 'gone', mailbox_ids_json: '["m1","m2"]', started_at: 1 }]);
    expect(db.prepare('SELECT id FROM mailboxes').pluck().all()).toEqual(['m']);
    db.close();
  });

  it('a failing migration leaves the schema and user_version untouched', () => {
    const db = new Database(':memory:');
    migrate(db, migrations);
    const before = db.pragma('user_version', { simple: true }) as number;
    const broken = { version: before + 1, name: 'broken', up: (d: Database.Database) => d.exec('CREATE TABLE half (x); SELECT * FROM nowhere;') };
    expect(() => migrate(db, [...migrations, broken])).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(before);
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
    db.close();
  });
});
