// What a search box's text asks for, in the words of Gmail's search (the habit of most users):
// words and "exact phrases", `-` to leave out, `OR` (and `AND`) between terms, ( ) to group, and
// the operators of search-terms.ts (from:(ann OR bob) applies from: to each). Turned into an FTS5
// query, which cannot fail on any text, and SQL conditions on the message row, which the store
// adds to its search (store-reads.ts). As in Gmail, Trash and Junk are left out unless an in:
// names a folder.
import { PERSON_MATCH_FUNCTION } from './search-people';
import { HAS_TOKEN, termsOf, type SqlCondition, type Term } from './search-terms';

export type { SqlCondition } from './search-terms';

/** The most terms a search looks up in the index; the rest of the text is ignored. */
export const MAX_SEARCH_TERMS = 16;

export interface SearchPlan {
  /** The FTS5 query every result matches; null when the terms have no text to look up. */
  match: string | null;
  /** What results must also satisfy, ANDed. */
  conditions: SqlCondition[];
  /** An in: (not a -in:) chose the folders: Trash and Junk are not left out. */
  foldersChosen: boolean;
}

/**
 * The search's plan. `now` dates older_than: and newer_than:. An empty plan (no match and no
 * conditions) finds nothing.
 */
export function planSearch(text: string, now = Date.now()): SearchPlan {
  // FTS5 reads a query only up to a NUL; other control characters are no part of any word either.
  const tokens = [...tokensOf(text.replace(/\p{Cc}/gu, ' '))];
  const groups = parseSequence({ tokens, at: 0, now, looked: 0 }, null, false);
  const { match, conditions } = compile(groups);
  // SQLite tests the conditions in this order: a date or a flag rules a row out before a person is looked at.
  const cheapFirst = [...conditions].sort((a, b) => Number(a.sql.includes(PERSON_MATCH_FUNCTION)) - Number(b.sql.includes(PERSON_MATCH_FUNCTION)));
  return { match, conditions: cheapFirst, foldersChosen: groups.some((group) => group.some((term) => term.folder && !term.negated)) };
}

/** The FTS5 query of a search (tests and tools); null when it has nothing to look up in the index. */
export function ftsQuery(text: string): string | null {
  return planSearch(text).match;
}

type Token = { kind: 'or' } | { kind: 'open'; negated: boolean; operator: string | null } | { kind: 'close' } | { kind: 'piece'; text: string };

/**
 * The text cut into OR, "(" (also "-(" and "from:("), ")" and pieces such as `-from:"Ann Lee"`,
 * `"a phrase"` or `word,word`; spaces outside quotes separate. An unclosed quote runs to the end.
 */
function* tokensOf(text: string): Generator<Token> {
  const pattern = /(-?)([a-z_]+):\(|(-?)\(|\)|(?:[^\s"()]|"[^"]*(?:"|$))+/giu;
  for (const found of text.matchAll(pattern)) {
    const [whole, operatorSign, operator, groupSign] = found;
    if (operator !== undefined) yield { kind: 'open', negated: operatorSign === '-', operator: operator.toLowerCase() };
    else if (groupSign !== undefined) yield { kind: 'open', negated: groupSign === '-', operator: null };
    else if (whole === ')') yield { kind: 'close' };
    else if (whole === 'OR') yield { kind: 'or' };
    // Gmail's AND is what terms side by side mean already.
    else if (whole !== 'AND') yield { kind: 'piece', text: whole };
  }
}

interface Parsing {
  tokens: Token[];
  at: number;
  now: number;
  /** Terms looked up in the index so far, against MAX_SEARCH_TERMS. */
  looked: number;
}

/**
 * The terms up to the closing ")" of a group (or the end), grouped: the groups are ANDed, the
 * terms of a group ORed. Inside `from:( … )` each piece is read as from: it.
 */
function parseSequence(parsing: Parsing, operator: string | null, nested: boolean): Term[][] {
  const written: Term[][] = [];
  let joinNext = false;
  while (parsing.at < parsing.tokens.length) {
    const token = parsing.tokens[parsing.at] as Token;
    parsing.at += 1;
    if (token.kind === 'close') {
      if (nested) break;
      continue;
    }
    if (token.kind === 'or') {
      joinNext = written.length > 0;
      continue;
    }
    let terms: Term[];
    if (token.kind === 'open') {
      const group = groupTerm(parseSequence(parsing, token.operator ?? operator, true), token.negated);
      terms = group ? [group] : [];
    } else {
      terms = termsOf(operator ? withOperator(token.text, operator) : token.text, parsing.now);
    }
    for (const term of terms) {
      const last = written[written.length - 1];
      if (joinNext && last) last.push(term);
      else written.push([term]);
      joinNext = false;
    }
  }
  return settle(written, parsing);
}

/** A piece inside `from:( … )`: "ann" is "from:ann", "-ann" "-from:ann"; an operator stays itself. */
function withOperator(piece: string, operator: string): string {
  if (/^-?[a-z_]+:./isu.test(piece)) return piece;
  return piece.startsWith('-') ? `-${operator}:${piece.slice(1)}` : `${operator}:${piece}`;
}

/** A ( … ) group as one term: its FTS5 query in parentheses, and its conditions. */
function groupTerm(groups: Term[][], negated: boolean): Term | null {
  const [first] = groups;
  if (groups.length === 1 && first?.length === 1) {
    const only = first[0] as Term;
    return { ...only, negated: only.negated !== negated };
  }
  const plan = compile(groups);
  if (!plan.match && plan.conditions.length === 0) return null;
  const check = plan.conditions.length === 0 ? null : and(plan.conditions);
  const folder = groups.some((group) => group.some((term) => term.folder && !term.negated));
  return { fts: plan.match === null ? null : `(${plan.match})`, check, negated, folder, grouped: true };
}

/**
 * Drops repeated terms (a word, or one another word implies: FTS5 expands each prefix term over
 * every token starting with it, and 250 pasted words took seconds) and looks up at most
 * MAX_SEARCH_TERMS terms in the index; conditions alone (is:, in:, dates) cost little. An OR
 * past the limit keeps the alternatives that fit: fewer results, rather than none.
 */
function settle(written: Term[][], parsing: Parsing): Term[][] {
  const groups: Term[][] = [];
  const seen = new Set<string>();
  for (const group of written) {
    const [only] = group;
    if (group.length === 1 && only?.word !== undefined && !only.negated) {
      if (mergeWord(groups, only) !== 'new') continue;
    }
    const key = group.map(termKey).join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    const kept: Term[] = [];
    for (const term of group) {
      const cost = term.fts !== null && !term.grouped ? 1 : 0;
      if (parsing.looked + cost > MAX_SEARCH_TERMS) continue;
      parsing.looked += cost;
      kept.push(term);
    }
    if (kept.length > 0) groups.push(kept);
  }
  return groups;
}

const termKey = (term: Term): string => JSON.stringify([term.fts, term.check, term.negated]);

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

/** A condition true when the message is among those the FTS5 query finds. */
function inIndex(fts: string): SqlCondition {
  return { sql: 'm.fts_key IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)', params: [fts] };
}

function and(parts: SqlCondition[]): SqlCondition {
  if (parts.length === 1) return parts[0] as SqlCondition;
  return { sql: parts.map((part) => `(${part.sql})`).join(' AND '), params: parts.flatMap((part) => part.params) };
}

/**
 * What a term asks of a row, whatever the rest of the search. The index first: SQLite evaluates
 * both sides of an AND under a NOT, and -from:x checked the sender of every message.
 */
function exact(term: Term): SqlCondition {
  let condition: SqlCondition;
  if (term.fts !== null && term.check !== null) {
    const found = inIndex(term.fts);
    condition = { sql: `CASE WHEN ${found.sql} THEN (${term.check.sql}) ELSE 0 END`, params: [...found.params, ...term.check.params] };
  } else {
    condition = term.fts !== null ? inIndex(term.fts) : (term.check as SqlCondition);
  }
  return term.negated ? { sql: `NOT (${condition.sql})`, params: condition.params } : condition;
}

/**
 * ANDs the groups (each an OR of terms). The index narrows the search wherever it can (one
 * FTS5 query read newest first, which the store stops after a page); the rest are conditions.
 */
function compile(groups: Term[][]): Omit<SearchPlan, 'foldersChosen'> {
  const match: string[] = [];
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
    const narrowing = group.every((term) => !term.negated && term.fts);
    if (narrowing) match.push(`(${group.map((term) => term.fts).join(' OR ')})`);
    // Where no alternative checks more than its text, the FTS5 OR is the whole answer.
    if (!narrowing || group.some((term) => term.check)) {
      const alternatives = group.map(exact);
      conditions.push({ sql: alternatives.map((part) => `(${part.sql})`).join(' OR '), params: alternatives.flatMap((part) => part.params) });
    }
  }
  // FTS5's NOT needs something to take from; with nothing to look up, a word to leave out is a condition.
  if (match.length === 0) return { match: null, conditions: [...conditions, ...notInIndex.map(exact)] };
  // Explicit AND: FTS5 reads no implicit AND after a parenthesized term.
  const positive = match.join(' AND ');
  const leftOut = notInIndex.map((term) => ` NOT ${term.fts as string}`).join('');
  return { match: leftOut === '' ? positive : `(${positive})${leftOut}`, conditions };
}
