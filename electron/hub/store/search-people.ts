// The row's side of from:, to: and cc:: the full-text index holds every person of a message in
// one column, so it can only narrow; these SQL functions (registered by store-reads.ts) decide.
import { spaceUnspacedScripts } from './unspaced-scripts';

/** SQL: mm_person_has(words, prefix, address, json...) → 1 when a person of the JSON values matches. */
export const PERSON_MATCH_FUNCTION = 'mm_person_has';
/** SQL: mm_fold(text) → the text folded as the index folds it (for in: names in any letter case). */
export const FOLD_FUNCTION = 'mm_fold';

/**
 * Text folded as the index's tokenizer folds it (unicode61, remove_diacritics 2): diacritics off,
 * lower case. A final sigma is a sigma: JavaScript lowercases "ΚΏΣΤΑΣ" to "κώστας", FTS5 to "κωστασ".
 */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/ς/gu, 'σ');
}

/** Text cut into tokens as the index does (each character of an unspaced script a token). */
export function personTokens(text: string): string[] {
  return spaceUnspacedScripts(fold(text))
    .split(/[^\p{L}\p{N}\p{Co}]+/u)
    .filter((token) => token.length > 0);
}

/**
 * PERSON_MATCH_FUNCTION: 1 when a person in one of `people` (a JSON person, a JSON array of them,
 * or null) has the address `address` (when not null), or else the words `wanted` (tokens joined
 * by spaces) next to each other in their name or address, the last a prefix when `prefix` is 1.
 */
export function personHas(wanted: string, prefix: number, address: unknown, ...people: unknown[]): number {
  const words = wanted.split(' ');
  const exactAddress = typeof address === 'string' ? address : null;
  for (const json of people) {
    if (typeof json !== 'string') continue;
    // Most rows the index hands over are there for another person (a from: matching the user, who
    // is in every To): out cheaply when the folded text cannot hold the first word.
    const lower = json.toLowerCase();
    if (exactAddress !== null ? !lower.includes(exactAddress) : !(NOT_ASCII.test(json) ? fold(json) : lower).includes(words[0] as string)) continue;
    for (const person of peopleIn(json)) {
      if (exactAddress !== null) {
        if (typeof person.address === 'string' && person.address.toLowerCase() === exactAddress) return 1;
        continue;
      }
      for (const text of [person.name, person.address]) {
        if (typeof text === 'string' && hasRun(personTokens(text), words, prefix === 1)) return 1;
      }
    }
  }
  return 0;
}

const NOT_ASCII = /[^\p{ASCII}]/u;

function peopleIn(json: string): Array<{ name?: unknown; address?: unknown }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  return (Array.isArray(parsed) ? parsed : [parsed]).filter((person): person is { name?: unknown; address?: unknown } => typeof person === 'object' && person !== null);
}

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
