// Reads used by the API and the sync engine, each statement prepared once.
import type { Database } from 'better-sqlite3';
import { decodeCursor, decodeSearchCursor, encodeCursor, encodeSearchCursor } from './list-cursor';
import { toAccount, toMailbox, toMessage, toSummary, type AccountRow, type MailboxRow, type MessageRow } from './message-rows';
import type { AccountRecord, MailboxRecord, MessagePage, MessageRecord } from './store-types';
import { hasUnspacedScript, spaceUnspacedScripts } from './unspaced-scripts';

export class BadCursorError extends Error {}

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
  /** Those of the newest `limit` messages of a mailbox whose body is not cached yet, up to `maxSize` bytes each. */
  recentWithoutBody(mailboxId: string, limit: number, maxSize: number): MessageRecord[];
  /** Full-text search (FTS5), newest first, same paging as lists. */
  search(query: string, limit: number, before?: string): MessagePage;
}

/** The most words a search uses; the rest of the text is ignored. */
export const MAX_SEARCH_TERMS = 16;

/**
 * Whether every message matching the prefix phrase `"longer"*` also matches `"shorter"*`, where
 * `longer` starts with `shorter`. The tokenizer (unicode61) classifies each character on its own,
 * so the tokens of `shorter` are those of `longer` up to the last, which is a prefix of
 * `longer`'s token there: the same place in the message matches both. Unless `shorter` holds no
 * token at all ("-", "."): FTS5 matches nothing for an empty phrase, so it is not implied.
 */
function implies(longer: string, shorter: string): boolean {
  return longer.startsWith(shorter) && /[\p{L}\p{N}]/u.test(shorter);
}

/**
 * Turns user text into an FTS5 query of prefix terms, so no input is an FTS syntax error.
 *
 * FTS5 expands each prefix term over every token that starts with it, once per term: a pasted
 * text of 250 words ("w w w ...") took seconds on 20,000 messages, the hub answering nothing
 * else meanwhile. Terms are all ANDed, so a repeated term, or one another term implies, changes
 * no result and is dropped; past MAX_SEARCH_TERMS the words are ignored. A word written "-word"
 * leaves out the messages that have it.
 */
export function ftsQuery(text: string): string | null {
  const { kept, excluded } = searchWords(text);
  if (kept.length === 0) return null;
  // Explicit AND: FTS5 reads no implicit AND after a parenthesized term (prefixTerm).
  const query = kept.map(prefixTerm).join(' AND ');
  const without = excluded.slice(0, Math.max(0, MAX_SEARCH_TERMS - kept.length));
  return without.length === 0 ? query : `(${query})${without.map((term) => ` NOT ${prefixTerm(term)}`).join('')}`;
}

/**
 * For a search of "-word"s alone ("-newsletter": everything else, as in Gmail), the FTS5 query
 * of the messages to leave out; null when the search has a word to look for, or nothing.
 */
export function excludedOnlyQuery(text: string): string | null {
  const { kept, excluded } = searchWords(text);
  if (kept.length > 0 || excluded.length === 0) return null;
  return excluded.slice(0, MAX_SEARCH_TERMS).map(prefixTerm).join(' OR ');
}

/** The words of a search: those to look for (deduplicated, capped) and those to leave out. */
function searchWords(text: string): { kept: string[]; excluded: string[] } {
  // Marks (\p{M}) belong to the letter they are written on: a Thai word split at its vowel marks
  // matched unrelated messages. A word of punctuation alone ("-" in "Invoice - March") holds no
  // token: FTS5 matches nothing for it, which would empty the whole result.
  const words = (text.match(/[\p{L}\p{M}\p{N}_@.+-]+/gu) ?? []).filter((word) => HAS_TOKEN.test(word));
  // "-word" leaves out messages with the word (as in Gmail); it was searched for as "word".
  const excluded = [...new Set(words.filter((word) => EXCLUSION.test(word)).map((word) => word.replace(/^-+/, '')))];
  const terms = words.filter((word) => !EXCLUSION.test(word));
  const kept: string[] = [];
  for (const term of terms) {
    if (kept.includes(term) || kept.some((other) => implies(other, term))) continue;
    // A longer term takes the place of those it implies, so a dropped term's constraint is always in the query.
    const implied = kept.findIndex((other) => implies(term, other));
    if (implied >= 0) {
      kept[implied] = term;
      for (let i = kept.length - 1; i > implied; i -= 1) if (implies(term, kept[i] as string)) kept.splice(i, 1);
    } else if (kept.length < MAX_SEARCH_TERMS) {
      kept.push(term);
    }
  }
  return { kept, excluded };
}

/** A word with a leading "-" and a letter or digit after it: a word to leave out. */
const EXCLUSION = /^-+[\p{L}\p{N}]/u;
const HAS_TOKEN = /[\p{L}\p{N}]/u;

/**
 * A word as an FTS5 prefix phrase. A word in a script written without spaces is indexed a
 * character a token (unspaced-scripts.ts); messages indexed before that hold whole runs, which
 * the word as one token still finds by their start.
 */
function prefixTerm(term: string): string {
  if (!hasUnspacedScript(term)) return `"${term}"*`;
  return `("${spaceUnspacedScripts(term).trim().replace(/\s+/g, ' ')}"* OR "${term}"*)`;
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
  const allMailboxes = db.prepare<[], MailboxRow>('SELECT * FROM mailboxes ORDER BY account_id, sort_key, path');
  const accountMailboxes = db.prepare<[string], MailboxRow>('SELECT * FROM mailboxes WHERE account_id = ? ORDER BY sort_key, path');
  const mailbox = db.prepare<[string], MailboxRow>('SELECT * FROM mailboxes WHERE id = ?');
  const mailboxByPath = db.prepare<[string, string], MailboxRow>('SELECT * FROM mailboxes WHERE account_id = ? AND path = ?');
  const firstPage = db.prepare<[string, number], MessageRow>(
    'SELECT * FROM messages WHERE mailbox_id = ? ORDER BY received_at DESC, IFNULL(uid, -1) DESC, rowid DESC LIMIT ?',
  );
  const nextPage = db.prepare<[string, number, number, number, number], MessageRow>(
    `SELECT * FROM messages WHERE mailbox_id = ? AND (received_at, IFNULL(uid, -1), rowid) < (?, ?, ?)
     ORDER BY received_at DESC, IFNULL(uid, -1) DESC, rowid DESC LIMIT ?`,
  );
  const message = db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE id = ?');
  const messageByUid = db.prepare<[string, number], MessageRow>('SELECT * FROM messages WHERE mailbox_id = ? AND uid = ?');
  const uids = db.prepare<[string], { uid: number }>('SELECT uid FROM messages WHERE mailbox_id = ? AND uid IS NOT NULL ORDER BY uid');
  // "uid IS NOT NULL" lets SQLite answer from the partial index messages_by_uid instead of scanning.
  const maxUid = db.prepare<[string], { max: number | null }>('SELECT MAX(uid) AS max FROM messages WHERE mailbox_id = ? AND uid IS NOT NULL');
  const body = db.prepare<[number], { raw: Buffer }>('SELECT raw FROM bodies WHERE message_rowid = ?');
  const withoutBody = db.prepare<[string, number, number], MessageRow>(
    `SELECT * FROM (
       SELECT * FROM messages WHERE mailbox_id = ? ORDER BY received_at DESC, IFNULL(uid, -1) DESC, rowid DESC LIMIT ?
     ) m
     WHERE uid IS NOT NULL AND size <= ? AND NOT EXISTS (SELECT 1 FROM bodies b WHERE b.message_rowid = m.rowid)
     ORDER BY received_at DESC, uid DESC`,
  );
  // The index is keyed in list order (search-key.ts): FTS5 reads it newest first and stops after a page.
  const searchPage = db.prepare<[string, number, number], MessageRow>(
    `SELECT m.* FROM (SELECT rowid AS k FROM messages_fts WHERE messages_fts MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?) f
     JOIN messages m ON m.fts_key = f.k ORDER BY f.k DESC`,
  );
  // Every message but the matches, newest first by the same key (its unique index).
  const searchPageExcluding = db.prepare<[number, string, number], MessageRow>(
    `SELECT * FROM messages WHERE fts_key < ? AND fts_key NOT IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)
     ORDER BY fts_key DESC LIMIT ?`,
  );

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
    recentWithoutBody: (mailboxId, limit, maxSize) => withoutBody.all(mailboxId, limit, maxSize).map(toMessage),
    search(text, limit, before) {
      const query = ftsQuery(text);
      const excluding = query ? null : excludedOnlyQuery(text);
      if (!query && !excluding) return { messages: [], nextCursor: null };
      let below = Number.MAX_SAFE_INTEGER;
      if (before) {
        const key = decodeSearchCursor(before);
        if (key === null) throw new BadCursorError('Invalid cursor');
        below = key;
      }
      const rows = query ? searchPage.all(query, below, limit + 1) : searchPageExcluding.all(below, excluding as string, limit + 1);
      const records = rows.slice(0, limit).map(toMessage);
      const last = records[records.length - 1];
      return {
        messages: records.map(toSummary),
        nextCursor: rows.length > limit && last ? encodeSearchCursor(last.searchKey) : null,
      };
    },
  };
}
