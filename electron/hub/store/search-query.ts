// What a search box's text asks for, in the words of Gmail's search (the habit of most users):
// words and "exact phrases", `-` to leave out, `OR` between two terms, and the operators
// from: to: cc: subject: in: is:unread|read|starred|flagged has:attachment after: before:
// older_than: newer_than:. As in Gmail, Trash and Junk are left out unless an in: names a folder. Turned into an FTS5 query, which cannot fail on any text, and SQL
// conditions on the message row, which the store adds to its search (store-reads.ts).
import { hasUnspacedScript, spaceUnspacedScripts } from './unspaced-scripts';

/** The most terms a search uses; the rest of the text is ignored. */
export const MAX_SEARCH_TERMS = 16;

/** A condition on a row of `messages m`, with the values of its `?`s in order. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

export interface SearchPlan {
  /** The FTS5 query every result matches; null when the terms have no text to look up. */
  match: string | null;
  /** What results must also satisfy, ANDed. */
  conditions: SqlCondition[];
  /** An in: (not a -in:) chose the folders: Trash and Junk are not left out. */
  foldersChosen: boolean;
}

/** The SQL function (registered by store-reads.ts) telling whether a person of a message has the given words. */
export const PERSON_MATCH_FUNCTION = 'mm_person_has';

/** One term: text the index can find (`fts`), and what the row itself must satisfy (`check`). */
interface Term {
  fts: string | null;
  check: SqlCondition | null;
  negated: boolean;
  /** A plain word (not a phrase or an operator): candidates for dropping repeats. */
  word?: string;
  /** From an in:. */
  folder?: boolean;
}

const PEOPLE_COLUMNS: Record<string, string[]> = {
  from: ['m.from_json'],
  // As in Gmail, "to:" is anyone the message was sent to.
  to: ['m.to_json', 'm.cc_json'],
  cc: ['m.cc_json'],
};

const DAY_MS = 86_400_000;

/**
 * The search's plan. `now` dates older_than: and newer_than:. An empty plan (no match and no
 * conditions) finds nothing.
 */
export function planSearch(text: string, now = Date.now()): SearchPlan {
  const groups = groupsOf(text, now);
  return { ...compile(groups), foldersChosen: groups.some((group) => group.some((term) => term.folder && !term.negated)) };
}

/** The FTS5 query of a search (tests and tools); null when it has nothing to look up in the index. */
export function ftsQuery(text: string): string | null {
  return planSearch(text).match;
}

/** A condition true when the message is among those the FTS5 query finds. */
function inIndex(fts: string): SqlCondition {
  return { sql: 'm.fts_key IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)', params: [fts] };
}

function and(parts: SqlCondition[]): SqlCondition {
  if (parts.length === 1) return parts[0] as SqlCondition;
  return { sql: parts.map((part) => `(${part.sql})`).join(' AND '), params: parts.flatMap((part) => part.params) };
}

/** What a term asks of a row, whatever the rest of the search. */
function exact(term: Term): SqlCondition {
  const parts = [term.fts ? inIndex(term.fts) : null, term.check].filter((part): part is SqlCondition => part !== null);
  const all = and(parts);
  return term.negated ? { sql: `NOT (${all.sql})`, params: all.params } : all;
}

/**
 * ANDs the groups (each an OR of terms). The index narrows the search wherever it can (one
 * FTS5 query read newest first, which the store stops after a page); the rest are conditions.
 */
function compile(groups: Term[][]): Omit<SearchPlan, 'foldersChosen'> {
  const match: string[] = [];
  const leftOut: string[] = [];
  const conditions: SqlCondition[] = [];
  const notInIndex: Term[] = [];
  for (const group of groups) {
    const [only] = group;
    if (group.length === 1 && only) {
      if (only.negated) {
        if (only.fts && !only.check) notInIndex.push(only);
        else conditions.push(exact(only));
        continue;
      }
      if (only.fts) match.push(only.fts);
      if (only.check) conditions.push(only.check);
      continue;
    }
    const alternatives = group.map(exact);
    const narrowing = group.every((term) => !term.negated && term.fts);
    if (narrowing) match.push(`(${group.map((term) => term.fts).join(' OR ')})`);
    // Where no alternative checks more than its text, the FTS5 OR is the whole answer.
    if (!narrowing || group.some((term) => term.check)) {
      conditions.push({ sql: alternatives.map((part) => `(${part.sql})`).join(' OR '), params: alternatives.flatMap((part) => part.params) });
    }
  }
  // FTS5's NOT needs something to take from; with nothing to look up, a word to leave out is a condition.
  if (match.length > 0) leftOut.push(...notInIndex.map((term) => term.fts as string));
  else conditions.push(...notInIndex.map(exact));
  if (match.length === 0) return { match: null, conditions };
  // Explicit AND: FTS5 reads no implicit AND after a parenthesized term.
  const positive = match.join(' AND ');
  return { match: leftOut.length === 0 ? positive : `(${positive})${leftOut.map((fts) => ` NOT ${fts}`).join('')}`, conditions };
}

/**
 * The text's terms, grouped: the groups are ANDed, the terms of a group ORed. At most
 * MAX_SEARCH_TERMS terms; a repeated word, or one another word implies, is dropped (FTS5 expands
 * each prefix term over every token starting with it: 250 pasted words took seconds).
 */
function groupsOf(text: string, now: number): Term[][] {
  const written: Term[][] = [];
  let joinNext = false;
  for (const piece of piecesOf(text)) {
    if (piece === OR) {
      joinNext = written.length > 0;
      continue;
    }
    for (const term of termsOf(piece, now)) {
      const last = written[written.length - 1];
      if (joinNext && last) last.push(term);
      else written.push([term]);
      joinNext = false;
    }
  }
  const groups: Term[][] = [];
  for (const group of written) {
    const [only] = group;
    if (group.length === 1 && only?.word !== undefined) {
      const merged = only.negated ? (groups.some((other) => sameWord(other, only)) ? 'dropped' : 'new') : mergeWord(groups, only);
      if (merged !== 'new') continue;
    }
    // Repeated words do not use up the count; a group past it is left out whole (an OR cut short would narrow).
    if (groups.reduce((sum, other) => sum + other.length, group.length) > MAX_SEARCH_TERMS) continue;
    groups.push(group);
  }
  return groups;
}

/** Whether `group` is the single word `term` (both left out, or both looked for). */
function sameWord(group: Term[], term: Term): boolean {
  const [only] = group;
  return group.length === 1 && only?.word === term.word && only?.negated === term.negated;
}

/**
 * Whether every message matching the prefix phrase `"longer"*` also matches `"shorter"*`, where
 * `longer` starts with `shorter`. The tokenizer (unicode61) classifies each character on its own,
 * so the tokens of `shorter` are those of `longer` up to the last, which is a prefix of
 * `longer`'s token there: the same place in the message matches both. Unless `shorter` holds no
 * token at all: FTS5 matches nothing for an empty phrase, so it is not implied.
 */
function implies(longer: string, shorter: string): boolean {
  return longer.startsWith(shorter) && HAS_TOKEN.test(shorter);
}

/**
 * Drops a plain word already asked for (the same word, or a longer one starting with it), or puts
 * it in the place of the shorter words it implies. Only single-word groups take part: in an OR
 * group a word constrains nothing on its own.
 */
function mergeWord(groups: Term[][], term: Term): 'dropped' | 'replaced' | 'new' {
  const word = term.word as string;
  const single = (group: Term[]): string | undefined => (group.length === 1 && !group[0]?.negated ? group[0]?.word : undefined);
  if (groups.some((group) => {
    const other = single(group);
    return other !== undefined && (other === word || implies(other, word));
  })) {
    return 'dropped';
  }
  const implied = groups.findIndex((group) => {
    const other = single(group);
    return other !== undefined && implies(word, other);
  });
  if (implied < 0) return 'new';
  // A longer word takes the place of those it implies, so a dropped word's constraint is always in the query.
  groups[implied] = [term];
  for (let i = groups.length - 1; i > implied; i -= 1) {
    const other = single(groups[i] as Term[]);
    if (other !== undefined && implies(word, other)) groups.splice(i, 1);
  }
  return 'replaced';
}

const OR = Symbol('OR');

/**
 * The text cut at spaces outside quotes: `OR`, or a piece such as `-from:"Ann Lee"`, `"a phrase"`
 * or `word,word`. An unclosed quote runs to the end.
 */
function* piecesOf(text: string): Generator<string | typeof OR> {
  const pattern = /(?:[^\s"]|"[^"]*(?:"|$))+/gu;
  for (const [piece] of text.matchAll(pattern)) yield piece === 'OR' ? OR : piece;
}

const OPERATOR = /^(-?)([a-z_]+):(.+)$/isu;

/** The terms of one piece: an operator, a phrase, or the words in it. */
function termsOf(piece: string, now: number): Term[] {
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

/** A word with a leading "-" and a letter or digit after it: a word to leave out. */
const EXCLUSION = /^-+[\p{L}\p{N}]/u;
const HAS_TOKEN = /[\p{L}\p{N}]/u;

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
    case 'cc': {
      const fts = phrase(words, prefix);
      const tokens = personTokens(words);
      if (!fts || tokens.length === 0) return null;
      const columns = PEOPLE_COLUMNS[name] as string[];
      // The index has every person's names and addresses together: it narrows, the row decides.
      const check = { sql: `${PERSON_MATCH_FUNCTION}(?, ?, ${columns.join(', ')})`, params: [tokens.join(' '), prefix ? 1 : 0] };
      return { fts: `{names addresses} : ${fts}`, check };
    }
    case 'in':
      return folderCheck(quoted ? (quoted[1] as string) : value);
    case 'is':
      return flagCheck(value.toLowerCase());
    case 'has':
      return /^attachments?$/iu.test(value) ? { fts: null, check: { sql: 'm.has_attachments = 1', params: [] } } : null;
    case 'after':
    case 'before': {
      const day = localDay(value);
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

/** in:trash, in:sent…, in:anywhere, or a folder by its name or path ("in:Projects/Q1", in:"Old mail"). */
function folderCheck(folder: string): Omit<Term, 'negated'> | null {
  if (!HAS_TOKEN.test(folder)) return null;
  if (/^(anywhere|all)$/iu.test(folder)) return { fts: null, check: { sql: '1', params: [] }, folder: true };
  const special = SPECIAL_FOLDERS[folder.toLowerCase()] ?? null;
  const sql = 'm.mailbox_id IN (SELECT id FROM mailboxes WHERE special_use = ? OR lower(name) = lower(?) OR lower(path) = lower(?))';
  return { fts: null, check: { sql, params: [special, folder, folder] }, folder: true };
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

/** Midnight (this machine's time zone) starting a day written 2024/01/31 or 2024-01-31; null if it is not a date. */
function localDay(value: string): number | null {
  const match = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/u.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
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
 * before that hold whole runs, which the text as one token still finds by their start.
 */
function phrase(text: string, prefix: boolean): string | null {
  if (!HAS_TOKEN.test(text)) return null;
  const star = prefix ? '*' : '';
  const quoted = `"${text.replace(/"/gu, '""')}"${star}`;
  if (!hasUnspacedScript(text)) return quoted;
  return `("${spaceUnspacedScripts(text).trim().replace(/\s+/gu, ' ').replace(/"/gu, '""')}"${star} OR ${quoted})`;
}

/**
 * Text cut into tokens as the index's tokenizer does (unicode61, diacritics removed, each
 * character of an unspaced script a token), so that a person's name or address can be checked
 * for the words of a from:, to: or cc:.
 */
export function personTokens(text: string): string[] {
  const folded = spaceUnspacedScripts(text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase());
  return folded.split(/[^\p{L}\p{N}\p{Co}]+/u).filter((token) => token.length > 0);
}

/**
 * The SQL function PERSON_MATCH_FUNCTION: 1 when a person in one of `people` (a JSON person, a
 * JSON array of them, or null) has the words `wanted` (tokens joined by spaces) next to each
 * other in their name or in their address, the last word a prefix when `prefix` is 1.
 */
export function personHas(wanted: string, prefix: number, ...people: unknown[]): number {
  const words = wanted.split(' ');
  for (const json of people) {
    if (typeof json !== 'string') continue;
    // Most rows the index hands over are there for another person (a from: matching the user, who
    // is in every To): cheaply out when the text cannot hold the word. A token of ASCII text is
    // in its JSON as written, lowercased or not.
    if (!NOT_ASCII.test(json) && !json.toLowerCase().includes(words[0] as string)) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      continue;
    }
    for (const person of Array.isArray(parsed) ? parsed : [parsed]) {
      if (typeof person !== 'object' || person === null) continue;
      const { name, address } = person as { name?: unknown; address?: unknown };
      for (const text of [name, address]) {
        if (typeof text === 'string' && hasRun(personTokens(text), words, prefix === 1)) return 1;
      }
    }
  }
  return 0;
}

const NOT_ASCII = /[^\p{ASCII}]/u;

/** Whether `words` occur in `tokens` one after the other (the last a prefix of its token when `prefix`). */
function hasRun(tokens: string[], words: string[], prefix: boolean): boolean {
  const last = words.length - 1;
  for (let start = 0; start + last < tokens.length; start += 1) {
    let i = 0;
    while (i < last && tokens[start + i] === words[i]) i += 1;
    if (i < last) continue;
    const token = tokens[start + last] as string;
    if (prefix ? token.startsWith(words[last] as string) : token === words[last]) return true;
  }
  return false;
}
