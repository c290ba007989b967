// The terms of a search, as written in a search box with Gmail's habits: a word, a "phrase", or
// an operator (from: to: cc: subject: in: is: has: after: before: older_than: newer_than:). Each
// says what the full-text index can find (`fts`) and what the message row must hold (`check`).
import { FOLD_FUNCTION, fold, PERSON_MATCH_FUNCTION, personTokens } from './search-people';
import { withoutGreekAccents } from './greek-accents';
import { hasUnspacedScript, spaceUnspacedScripts } from './unspaced-scripts';

/** A condition on a row of `messages m`, with the values of its `?`s in order. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

export interface Term {
  fts: string | null;
  check: SqlCondition | null;
  negated: boolean;
  /** A plain word (not a phrase or an operator): candidates for dropping repeats. */
  word?: string;
  /** From an in: (or a group holding one). */
  folder?: boolean;
  /** A group's term: its own terms were counted already. */
  grouped?: boolean;
}

const PEOPLE_COLUMNS: Record<string, string[]> = {
  from: ['m.from_json'],
  // As in Gmail, "to:" is anyone the message was sent to.
  to: ['m.to_json', 'm.cc_json'],
  cc: ['m.cc_json'],
};

const DAY_MS = 86_400_000;
const OPERATOR = /^(-?)([a-z_]+):(.+)$/isu;
/** A word with a leading "-" and a letter or digit after it: a word to leave out. */
const EXCLUSION = /^-+[\p{L}\p{N}]/u;
export const HAS_TOKEN = /[\p{L}\p{N}]/u;

/** The terms of one piece of the search text: an operator, a phrase, or the words in it. */
export function termsOf(piece: string, now: number): Term[] {
  const operator = OPERATOR.exec(piece);
  if (operator) {
    const term = operatorTerm((operator[2] as string).toLowerCase(), operator[3] as string, now);
    if (term) return [{ ...term, negated: operator[1] === '-' }];
  }
  const negated = /^-+"/u.test(piece);
  const quoted = /^-*"([^"]*)"?$/u.exec(piece);
  if (quoted) {
    const fts = phrase(quoted[1] as string, false);
    return fts ? [{ fts, check: null, negated }] : [];
  }
  return wordsOf(piece).map((word) => {
    const left = EXCLUSION.test(word);
    const bare = left ? word.replace(/^-+/u, '') : word;
    return { fts: phrase(bare, true) as string, check: null, negated: left, word: bare };
  });
}

/** Words as before operators existed: letters, digits and `_@.+-`; a word without a letter or digit holds no token. */
function wordsOf(text: string): string[] {
  // Marks (\p{M}) belong to the letter they are written on: a Thai word split at its vowel marks
  // matched unrelated messages. A word of punctuation alone ("-" in "Invoice - March") holds no
  // token: FTS5 matches nothing for it, which would empty the whole result.
  return (text.match(/[\p{L}\p{M}\p{N}_@.+-]+/gu) ?? []).filter((word) => HAS_TOKEN.test(word));
}

const ADDRESS = /^[^@\s"]+@[^@\s"]+\.[^@\s"]+$/u;

/** An operator's term; null for one we do not know (its text is then searched as words). */
function operatorTerm(name: string, value: string, now: number): Omit<Term, 'negated'> | null {
  const quoted = /^"([^"]*)"?$/u.exec(value);
  const words = quoted ? (quoted[1] as string) : wordsOf(value).join(' ');
  const prefix = !quoted;
  switch (name) {
    case 'subject': {
      const fts = phrase(words, prefix);
      return fts ? { fts: `subject : ${fts}`, check: null } : null;
    }
    case 'from':
    case 'to':
    case 'cc':
      return personTerm(name, quoted ? null : value, words, prefix);
    // Gmail's labels are this hub's folders.
    case 'in':
    case 'label':
      return folderCheck(quoted ? (quoted[1] as string) : value);
    case 'is':
      return flagCheck(value.toLowerCase());
    case 'has':
      return /^attachments?$/iu.test(value) ? { fts: null, check: { sql: 'm.has_attachments = 1', params: [] } } : null;
    case 'after':
    case 'before': {
      const day = dayStart(value);
      if (day === null) return null;
      return { fts: null, check: { sql: name === 'after' ? 'm.received_at >= ?' : 'm.received_at < ?', params: [day] } };
    }
    case 'older_than':
    case 'newer_than': {
      const since = ago(value, now);
      if (since === null) return null;
      return { fts: null, check: { sql: name === 'older_than' ? 'm.received_at < ?' : 'm.received_at >= ?', params: [since] } };
    }
    default:
      return null;
  }
}

/**
 * from:, to:, cc:. The index has every person's names and addresses together: it narrows, the
 * row decides. A whole address is that address (from:ann@bank.example is not
 * jim.ann@bank.example, nor ann@bank.example.evil.test); "me" is the accounts' own addresses.
 */
function personTerm(name: string, written: string | null, words: string, prefix: boolean): Omit<Term, 'negated'> | null {
  const columns = PEOPLE_COLUMNS[name] as string[];
  if (written?.toLowerCase() === 'me') {
    const isMe = (column: string) => `instr(lower(${column}), '"address":' || json_quote(lower(a.email))) > 0`;
    return { fts: null, check: { sql: `EXISTS (SELECT 1 FROM accounts a WHERE ${columns.map(isMe).join(' OR ')})`, params: [] } };
  }
  const fts = phrase(words, prefix);
  const tokens = personTokens(words);
  if (!fts || tokens.length === 0) return null;
  const address = written !== null && ADDRESS.test(written) ? written.toLowerCase() : null;
  const check = { sql: `${PERSON_MATCH_FUNCTION}(?, ?, ?, ${columns.join(', ')})`, params: [tokens.join(' '), prefix ? 1 : 0, address] };
  return { fts: `{names addresses} : ${fts}`, check };
}

/** Gmail's names for the special folders (its labels), and what a server marks them with (RFC 6154). */
const SPECIAL_FOLDERS: Record<string, string> = {
  inbox: '\\Inbox',
  sent: '\\Sent',
  drafts: '\\Drafts',
  draft: '\\Drafts',
  trash: '\\Trash',
  bin: '\\Trash',
  spam: '\\Junk',
  junk: '\\Junk',
  archive: '\\Archive',
};

/**
 * in:trash, in:sent…, in:anywhere, or a folder by its name or its path written with "/" whatever
 * the server's delimiter, with or without the server's "INBOX." prefix ("in:Projects/Q1" is
 * INBOX.Projects.Q1), in any letter case. Also as Gmail writes labels in a search, "/" and spaces
 * as "-": in:projects-q1, label:bulletins-renamed.
 */
function folderCheck(folder: string): Omit<Term, 'negated'> | null {
  if (!HAS_TOKEN.test(folder)) return null;
  if (/^(anywhere|all)$/iu.test(folder)) return { fts: null, check: { sql: '1', params: [] }, folder: true };
  const special = SPECIAL_FOLDERS[folder.toLowerCase()] ?? null;
  const wanted = fold(folder);
  const path = `${FOLD_FUNCTION}(CASE WHEN delimiter IS NULL THEN path ELSE replace(path, delimiter, '/') END)`;
  const dashed = `replace(replace(${path}, '/', '-'), ' ', '-')`;
  const sql = `m.mailbox_id IN (SELECT id FROM mailboxes WHERE special_use = ? OR ${FOLD_FUNCTION}(name) = ? OR ${path} IN (?, ?) OR ${dashed} IN (?, ?))`;
  return { fts: null, check: { sql, params: [special, wanted, wanted, `inbox/${wanted}`, wanted, `inbox-${wanted}`] }, folder: true };
}

function flagCheck(value: string): Omit<Term, 'negated'> | null {
  const check = (sql: string, params: unknown[] = []) => ({ fts: null, check: { sql, params } });
  switch (value) {
    case 'unread':
      return check('m.seen = 0');
    case 'read':
      return check('m.seen = 1');
    case 'starred':
    case 'flagged':
      // Flags are stored as the JSON array the API answers: the flag is there with its quotes.
      return check('instr(m.flags_json, ?) > 0', [JSON.stringify('\\Flagged')]);
    default:
      return null;
  }
}

/**
 * The start of a day written as Gmail takes it: 2024/01/31, 2024-01-31 or 01/31/2024 (midnight,
 * this machine's time zone), or a time in seconds since 1970; null if it is none of these.
 */
function dayStart(value: string): number | null {
  if (/^\d{9,11}$/u.test(value)) return Number(value) * 1000;
  const ymd = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/u.exec(value);
  const mdy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/u.exec(value);
  if (!ymd && !mdy) return null;
  const [year, month, day] = ymd ? [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])] : [Number(mdy?.[3]), Number(mdy?.[1]), Number(mdy?.[2])];
  const date = new Date(year, month - 1, day);
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day ? date.getTime() : null;
}

/** The time `value` (3d, 2w, 6m, 1y) before `now`; null if it is not such a span. */
function ago(value: string, now: number): number | null {
  const match = /^(\d{1,4})([dwmy])$/iu.exec(value);
  if (!match) return null;
  const count = Number(match[1]);
  const unit = (match[2] as string).toLowerCase();
  if (unit === 'd' || unit === 'w') return now - count * (unit === 'w' ? 7 : 1) * DAY_MS;
  const date = new Date(now);
  if (unit === 'm') date.setMonth(date.getMonth() - count);
  else date.setFullYear(date.getFullYear() - count);
  return date.getTime();
}

/**
 * Text as an FTS5 phrase: `"a b"*` (its last word a prefix) or `"a b"`. Text in a script
 * written without spaces is indexed a character a token (unspaced-scripts.ts); messages indexed
 * before that hold whole runs, which the text as one token still finds by their start. Greek is
 * indexed without accents (greek-accents.ts); rows indexed before that hold them, which the text
 * as typed still finds.
 */
function phrase(text: string, prefix: boolean): string | null {
  if (!HAS_TOKEN.test(text)) return null;
  const star = prefix ? '*' : '';
  const quote = (form: string): string => `"${form.replace(/"/gu, '""')}"${star}`;
  const bare = withoutGreekAccents(text);
  const forms = bare === text ? [text] : [bare, text];
  const spellings = forms.flatMap((form) => (hasUnspacedScript(form) ? [quote(spaceUnspacedScripts(form).trim().replace(/\s+/gu, ' ')), quote(form)] : [quote(form)]));
  return spellings.length === 1 ? (spellings[0] as string) : `(${spellings.join(' OR ')})`;
}
