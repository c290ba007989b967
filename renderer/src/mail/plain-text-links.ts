// The web and mail addresses in a plain-text body, so that the reader can make them links (as
// Thunderbird and every mail client do). Only the address is found here; the link itself goes
// through the app's link page like any link in HTML mail (link-page.ts). The text is split into
// runs for React to render as text nodes and <a> elements: nothing here is ever parsed as HTML.

/** A piece of the body: plain text, or the text of a link and the address it opens. */
export type TextRun = { text: string; url?: undefined } | { text: string; url: string };

// An address written out: http(s):// or mailto:, up to whitespace, angle brackets or quotes
// (straight, curly and guillemets: the marks prose puts around an address). Not after a letter
// or digit, so "xhttp://…" is not one. RFC 3986 Appendix C: an address in <…> ends at the ">".
const ADDRESS = /<((?:https?:\/\/|mailto:)[^\s<>"]+)>|(?<![\p{L}\p{N}])(?:https?:\/\/|mailto:)[^\s<>"\u201c\u201d\u2018\u2019\u00ab\u00bb]+/giu;

// Punctuation that ends the sentence around an address more often than the address itself.
const TRAILING_PUNCTUATION = /[.,;:!?'*_~]$/;
const BRACKETS: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };

const count = (text: string, char: string): number => text.split(char).length - 1;

/**
 * `candidate` without the punctuation after it: "https://example.com/a)." in "(see
 * https://example.com/a)." ends at "a". A closing bracket stays when the address opened it
 * (https://en.wikipedia.org/wiki/Mail_(protocol)). The brackets are counted once: counted again
 * for each character taken off, an address ending in a run of ")" took quadratic time.
 */
function trimTrailing(candidate: string): string {
  const unmatched = new Map(Object.entries(BRACKETS).map(([closing, opening]) => [closing, count(candidate, closing) - count(candidate, opening)]));
  let end = candidate.length;
  while (end > 0) {
    const last = candidate[end - 1]!;
    const surplus = unmatched.get(last);
    if (TRAILING_PUNCTUATION.test(last)) end -= 1;
    else if (surplus !== undefined && surplus > 0) {
      unmatched.set(last, surplus - 1);
      end -= 1;
    } else break;
  }
  return candidate.slice(0, end);
}

/** Whether `address` is one a link may open: a web address with a host, or a mail address. */
function isOpenable(address: string): boolean {
  if (/^mailto:/i.test(address)) return address.length > 'mailto:'.length;
  return URL.canParse(address) && new URL(address).host !== '';
}

/**
 * Addresses linked in one body at most; those after stay text. A hostile or generated body of
 * 100,000 addresses made as many elements: 2 s to render, more to lay out, the window frozen.
 */
export const MAX_LINKS = 1000;

/** `text` as runs of plain text and links (http, https and mailto addresses), in order; joined, the runs are `text`. */
export function linkRuns(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let done = 0;
  let links = 0;
  for (const match of text.matchAll(ADDRESS)) {
    if (links === MAX_LINKS) break;
    const bracketed = match[1];
    // In <…> the address is exactly what the brackets hold; the brackets stay text.
    const start = bracketed === undefined ? match.index : match.index + 1;
    const address = bracketed ?? trimTrailing(match[0]);
    if (!isOpenable(address)) continue;
    if (start > done) runs.push({ text: text.slice(done, start) });
    runs.push({ text: address, url: address });
    links += 1;
    done = start + address.length;
  }
  if (done < text.length) runs.push({ text: text.slice(done) });
  return runs;
}
