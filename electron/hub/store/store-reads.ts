// Reads used by the API and the sync engine, each statement prepared once.
import type { Database, Statement } from 'better-sqlite3';
import { decodeCursor, decodeSearchCursor, encodeCursor, encodeSearchCursor } from './list-cursor';
import { MAILBOX_COLUMNS, toAccount, toMailbox, toMessage, toSummary, type AccountRow, type MailboxRow, type MessageRow } from './message-rows';
import type { AccountRecord, MailboxRecord, MessagePage, MessageRecord } from './store-types';
import { FOLD_FUNCTION, fold, PERSON_MATCH_FUNCTION, personHas } from './search-people';
import { planSearch, type SqlCondition } from './search-query';

export class BadCursorError extends Error {}

export interface CachedBody {
  messageId: string;
  size: number;
  raw: Buffer;
}

export interface StoreReads {
  listAccounts(): AccountRecord[];
  /** Keyring entries of removed accounts still to delete (see migration 10). */
  secretsToForget(): string[];
  getAccount(id: string): AccountRecord | null;
  listMailboxes(accountId?: string): MailboxRecord[];
  getMailbox(id: string): MailboxRecord | null;
  getMailboxByPath(accountId: string, path: string): MailboxRecord | null;
  /** Newest first (receivedAt, then uid); throws BadCursorError for a cursor that is not ours. */
  listMessages(mailboxId: string, limit: number, before?: string): MessagePage;
  getMessage(id: string): MessageRecord | null;
  getMessageByUid(mailboxId: string, uid: number): MessageRecord | null;
  uidsOf(mailboxId: string): number[];
  maxUid(mailboxId: string): number;
  bodyOf(messageRowid: number): Buffer | null;
  /** The cached bodies of a mailbox's messages that have a Message-ID, newest first, up to `maxBytes` in all. */
  cachedBodiesOf(mailboxId: string, maxBytes: number): CachedBody[];
  /** A message of the mailbox by its Message-ID and size (a message stored again under new UIDs). */
  getMessageByMessageId(mailboxId: string, messageId: string, size: number): MessageRecord | null;
  /** Those of the newest `limit` messages of a mailbox whose body is not cached yet, up to `maxSize` bytes each. */
  recentWithoutBody(mailboxId: string, limit: number, maxSize: number): MessageRecord[];
  /** Full-text search (FTS5), newest first, same paging as lists. */
  search(query: string, limit: number, before?: string): MessagePage;
  /** Messages queued to be indexed again (migration 11), up to `limit`, with their cached body if any. */
  queuedForReindex(limit: number): Array<{ record: MessageRecord; body: Buffer | null }>;
}

function page(rows: MessageRow[], limit: number): MessagePage {
  const hasMore = rows.length > limit;
  const records = rows.slice(0, limit).map(toMessage);
  const last = records[records.length - 1];
  return {
    messages: records.map(toSummary),
    nextCursor:
      hasMore && last ? encodeCursor({ receivedAt: Date.parse(last.receivedAt), uid: last.uid ?? -1, rowid: last.rowid }) : null,
  };
}

/** Prepares the store's reads. */
export function createStoreReads(db: Database): StoreReads {
  const accounts = db.prepare<[], AccountRow>('SELECT * FROM accounts ORDER BY created_at, id');
  const account = db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE id = ?');
  const secretsToForget = db.prepare<[], string>('SELECT name FROM secrets_to_forget ORDER BY noted_at').pluck();
  const allMailboxes = db.prepare<[], MailboxRow>(`SELECT ${MAILBOX_COLUMNS} FROM mailboxes ORDER BY account_id, sort_key, path`);
  const accountMailboxes = db.prepare<[string], MailboxRow>(`SELECT ${MAILBOX_COLUMNS} FROM mailboxes WHERE account_id = ? ORDER BY sort_key, path`);
  const mailbox = db.prepare<[string], MailboxRow>(`SELECT ${MAILBOX_COLUMNS} FROM mailboxes WHERE id = ?`);
  const folderExists = db.prepare<[string], number>('SELECT 1 FROM mailboxes WHERE id = ?').pluck();
  const mailboxByPath = db.prepare<[string, string], MailboxRow>(`SELECT ${MAILBOX_COLUMNS} FROM mailboxes WHERE account_id = ? AND path = ?`);
  const firstPage = db.prepare<[string, number], MessageRow>(
    'SELECT * FROM messages WHERE mailbox_id = ? ORDER BY received_at DESC, IFNULL(uid, -1) DESC, rowid DESC LIMIT ?',
  );
  const nextPage = db.prepare<[string, number, number, number, number], MessageRow>(
    `SELECT * FROM messages WHERE mailbox_id = ? AND (received_at, IFNULL(uid, -1), rowid) < (?, ?, ?)
     ORDER BY received_at DESC, IFNULL(uid, -1) DESC, rowid DESC LIMIT ?`,
  );
  // Not a message of a removed account, whose rows stay for the seconds its erasure takes
  // (account-eraser.ts) without their folder: gone for every reader, its cached body too.
  const message = db.prepare<[string], MessageRow>('SELECT m.* FROM messages m WHERE m.id = ? AND EXISTS (SELECT 1 FROM mailboxes WHERE id = m.mailbox_id)');
  const messageByUid = db.prepare<[string, number], MessageRow>('SELECT * FROM messages WHERE mailbox_id = ? AND uid = ?');
  const uids = db.prepare<[string], { uid: number }>('SELECT uid FROM messages WHERE mailbox_id = ? AND uid IS NOT NULL ORDER BY uid');
  // "uid IS NOT NULL" lets SQLite answer from the partial index messages_by_uid instead of scanning.
  const maxUid = db.prepare<[string], { max: number | null }>('SELECT MAX(uid) AS max FROM messages WHERE mailbox_id = ? AND uid IS NOT NULL');
  const body = db.prepare<[number], { raw: Buffer }>('SELECT raw FROM bodies WHERE message_rowid = ?');
  const cachedBodies = db.prepare<[string], CachedBody>(
    `SELECT m.message_id AS messageId, m.size AS size, b.raw AS raw FROM messages m JOIN bodies b ON b.message_rowid = m.rowid
     WHERE m.mailbox_id = ? AND m.message_id IS NOT NULL ORDER BY m.received_at DESC`,
  );
  const messageByMessageId = db.prepare<[string, string, number], MessageRow>('SELECT * FROM messages WHERE message_id = ? AND mailbox_id = ? AND size = ? LIMIT 1');
  const withoutBody = db.prepare<[string, number, number], MessageRow>(
    `SELECT * FROM (
       SELECT * FROM messages WHERE mailbox_id = ? ORDER BY received_at DESC, IFNULL(uid, -1) DESC, rowid DESC LIMIT ?
     ) m
     WHERE uid IS NOT NULL AND size <= ? AND NOT EXISTS (SELECT 1 FROM bodies b WHERE b.message_rowid = m.rowid)
     ORDER BY received_at DESC, uid DESC`,
  );
  const reindexQueued = db.prepare<[number], MessageRow>('SELECT m.* FROM reindex_queue q JOIN messages m ON m.rowid = q.message_rowid LIMIT ?');
  db.function(PERSON_MATCH_FUNCTION, { deterministic: true, varargs: true }, (wanted, prefix, address, ...people) =>
    personHas(String(wanted), Number(prefix), address, ...people),
  );
  db.function(FOLD_FUNCTION, { deterministic: true }, (text) => (typeof text === 'string' ? fold(text) : null));
  const searches = createSearchStatements(db);
  const hiddenFolders = db.prepare<[], string>(`SELECT id FROM mailboxes WHERE special_use IN ('\\Trash', '\\Junk')`).pluck();
  /** As in Gmail, a search leaves out Trash and Junk unless its in: says otherwise. */
  const outsideHidden = (): SqlCondition[] => {
    const ids = hiddenFolders.all();
    return ids.length === 0 ? [] : [{ sql: `m.mailbox_id NOT IN (${ids.map(() => '?').join(', ')})`, params: ids }];
  };

  const position = (before: string) => {
    const decoded = decodeCursor(before);
    if (!decoded) throw new BadCursorError('Invalid cursor');
    return decoded;
  };

  return {
    listAccounts: () => accounts.all().map(toAccount),
    secretsToForget: () => secretsToForget.all(),
    getAccount: (id) => {
      const row = account.get(id);
      return row ? toAccount(row) : null;
    },
    listMailboxes: (accountId) => (accountId ? accountMailboxes.all(accountId) : allMailboxes.all()).map(toMailbox),
    getMailbox: (id) => {
      const row = mailbox.get(id);
      return row ? toMailbox(row) : null;
    },
    getMailboxByPath: (accountId, path) => {
      const row = mailboxByPath.get(accountId, path);
      return row ? toMailbox(row) : null;
    },
    listMessages(mailboxId, limit, before) {
      if (!before) return page(firstPage.all(mailboxId, limit + 1), limit);
      const at = position(before);
      return page(nextPage.all(mailboxId, at.receivedAt, at.uid, at.rowid, limit + 1), limit);
    },
    getMessage: (id) => {
      const row = message.get(id);
      return row ? toMessage(row) : null;
    },
    getMessageByUid: (mailboxId, uid) => {
      const row = messageByUid.get(mailboxId, uid);
      return row ? toMessage(row) : null;
    },
    uidsOf: (mailboxId) => uids.all(mailboxId).map((row) => row.uid),
    maxUid: (mailboxId) => maxUid.get(mailboxId)?.max ?? 0,
    bodyOf: (rowid) => body.get(rowid)?.raw ?? null,
    cachedBodiesOf(mailboxId, maxBytes) {
      const kept: CachedBody[] = [];
      let bytes = 0;
      for (const cached of cachedBodies.iterate(mailboxId)) {
        if (bytes + cached.raw.length > maxBytes) break;
        bytes += cached.raw.length;
        kept.push(cached);
      }
      return kept;
    },
    getMessageByMessageId: (mailboxId, messageId, size) => {
      const row = messageByMessageId.get(messageId, mailboxId, size);
      return row ? toMessage(row) : null;
    },
    recentWithoutBody: (mailboxId, limit, maxSize) => withoutBody.all(mailboxId, limit, maxSize).map(toMessage),
    queuedForReindex: (limit) => reindexQueued.all(limit).map((row) => ({ record: toMessage(row), body: body.get(row.rowid)?.raw ?? null })),
    search(text, limit, before) {
      const plan = planSearch(text);
      if (!plan.match && plan.conditions.length === 0) return { messages: [], nextCursor: null };
      let below = Number.MAX_SAFE_INTEGER;
      if (before) {
        const key = decodeSearchCursor(before);
        if (key === null) throw new BadCursorError('Invalid cursor');
        below = key;
      }
      const conditions = plan.foldersChosen ? plan.conditions : [...plan.conditions, ...outsideHidden()];
      const rows = searches.page(plan.match, conditions, below, limit + 1);
      const records = rows.slice(0, limit).map(toMessage);
      const last = records[records.length - 1];
      return {
        // A removed account's messages stay for the seconds its erasure takes (account-eraser.ts),
        // without their folder: not a result. The cursor still moves past them.
        messages: records.filter((record) => folderExists.get(record.mailboxId) !== undefined).map(toSummary),
        nextCursor: rows.length > limit && last ? encodeSearchCursor(last.searchKey) : null,
      };
    },
  };
}

/** Search statements by shape: the words only (prepared at once), or with conditions (prepared once per shape, the last few kept). */
function createSearchStatements(db: Database): { page(match: string | null, conditions: SqlCondition[], below: number, limit: number): MessageRow[] } {
  // The index is keyed in list order (search-key.ts): FTS5 reads it newest first and stops after a page.
  const wordsOnly = db.prepare<[string, number, number], MessageRow>(
    `SELECT m.* FROM (SELECT rowid AS k FROM messages_fts WHERE messages_fts MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?) f
     JOIN messages m ON m.fts_key = f.k ORDER BY f.k DESC`,
  );
  const shapes = new Map<string, Statement<unknown[], MessageRow>>();
  const prepared = (sql: string): Statement<unknown[], MessageRow> => {
    let statement = shapes.get(sql);
    if (statement) shapes.delete(sql);
    else statement = db.prepare<unknown[], MessageRow>(sql);
    shapes.set(sql, statement);
    if (shapes.size > MAX_SEARCH_SHAPES) shapes.delete(shapes.keys().next().value as string);
    return statement;
  };
  return {
    page(match, conditions, below, limit) {
      if (match && conditions.length === 0) return wordsOnly.all(match, below, limit);
      const where = conditions.map((condition) => ` AND (${condition.sql})`).join('');
      const params = conditions.flatMap((condition) => condition.params);
      if (!match) {
        // Nothing to look up: the messages newest first by the same key (its unique index), each checked.
        return prepared(`SELECT m.* FROM messages m WHERE m.fts_key < ?${where} ORDER BY m.fts_key DESC LIMIT ?`).all(below, ...params, limit);
      }
      // FTS5 still drives, newest first; each match is checked until a page is full.
      return prepared(
        `SELECT m.* FROM messages_fts f JOIN messages m ON m.fts_key = f.rowid
         WHERE messages_fts MATCH ? AND f.rowid < ?${where} ORDER BY f.rowid DESC LIMIT ?`,
      ).all(match, below, ...params, limit);
    },
  };
}

/** Different search shapes whose statements are kept (a search's shape is what its operators are). */
const MAX_SEARCH_SHAPES = 32;
