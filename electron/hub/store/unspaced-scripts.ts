// Chinese, Japanese and Thai are written without spaces between words (Korean attaches particles
// to nouns), and FTS5's unicode61 tokenizer makes a whole run of such text one token: in
// "東京の天気予報" a search found 東京 (a prefix of the run) but never 天気 or 予報. Each
// character of these scripts is indexed as a token of its own, and a search term in them becomes
// a phrase of its characters, which matches them next to each other anywhere in a run (what
// Thunderbird's CJK tokenizer does with bigrams). Other text passes through untouched.

// A Thai letter keeps the vowel and tone marks written on it.
const UNSPACED_CHARACTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|\p{Script=Thai}\p{M}*/gu;
const HAS_UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

/** True when `text` has characters of a script written without spaces between words. */
export function hasUnspacedScript(text: string): boolean {
  return HAS_UNSPACED.test(text);
}

/** `text` with a space around each character of those scripts (nothing else changes). */
export function spaceUnspacedScripts(text: string): string {
  return HAS_UNSPACED.test(text) ? text.replace(UNSPACED_CHARACTER, ' $& ') : text;
}
