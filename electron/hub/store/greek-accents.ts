// FTS5's unicode61 tokenizer takes diacritics off Latin letters only (remove_diacritics 2): "cafe"
// finds "café", but "καλημερα" did not find "καλημέρα". Greek is often typed without its accents
// (the tonos), and capitals are written without them ("ΚΑΛΗΜΕΡΑ"), so a search has to find either
// way, as Gmail's does. Greek text is indexed with its accents taken off, and a search term too.
//
// Rows indexed before this kept their accents: migration 11 queues them to be indexed again after
// start (search-reindex.ts), and meanwhile a term typed with accents is also searched as typed (see
// search-terms.ts), so those rows are found as they were before.

/** A Greek letter (the Greek and Coptic block, and Greek Extended's polytonic letters). */
const HAS_GREEK = /[\u0370-\u03FF\u1F00-\u1FFF]/u;
/** A run of Greek letters and the combining marks written on them (text may come decomposed). */
const GREEK_RUN = /[\u0370-\u03FF\u1F00-\u1FFF][\u0300-\u036F\u0370-\u03FF\u1F00-\u1FFF]*/gu;

const bare = (run: string): string => run.normalize('NFD').replace(/[\u0300-\u036F]/gu, '').normalize('NFC');

/** True when `text` has a Greek letter. */
export function hasGreek(text: string): boolean {
  return HAS_GREEK.test(text);
}

/** `text` with the accents and breathings of its Greek letters taken off; other text unchanged. */
export function withoutGreekAccents(text: string): string {
  return HAS_GREEK.test(text) ? text.replace(GREEK_RUN, bare) : text;
}
