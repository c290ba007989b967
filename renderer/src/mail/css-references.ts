// References in CSS (url(), image-set() strings, @import), found as the browser's tokenizer finds them (CSS
// Syntax 3, section 4), because the browser decodes escapes before it looks at a name: "u\72l(", "\75rl("
// and "@\69mport" are url( and @import. It copies what it does not change, and writes what it changes
// (and every string with an escape in it) in one plain spelling, so the frame reads the result exactly as
// the scanner did. It looks at each character a bounded number of times: a regex with a lazy group
// once froze the window for 4 s on 80 KB of "url(" left open.
import { keptUrl, type UrlPolicy } from './url-policy';

const LONGEST_NAME = '-webkit-repeating-linear-gradient'.length;
/** Functions whose bare strings are URLs (CSS Images 4): image-set(), -webkit-image-set(), image(), src(). */
const URL_STRING_FUNCTION = /(?:image-set|image|src)$/;
// What may stand in such a function besides strings and url(). Anything else could put a string there
// later: var(--s), its fallback, if(), attr(), a custom --function(). Those become "none(" (no image).
const IMAGE_ARGUMENT_FUNCTION = /^(?:type|(?:-webkit-)?(?:repeating-)?(?:linear|radial|conic)-gradient|-webkit-gradient|(?:-webkit-)?cross-fade|(?:-webkit-)?image-set|image)$/;

const isNewline = (c: string | undefined): boolean => c === '\n' || c === '\r' || c === '\f';
const isWhitespace = (c: string | undefined): boolean => c === ' ' || c === '\t' || isNewline(c);
const isHexDigit = (c: string | undefined): boolean => c !== undefined && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
const isNameChar = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '-' || c === '_' || c.charCodeAt(0) >= 0x80;
/** "\" starts an escape unless a newline follows (CSS Syntax 4.3.8). */
const startsEscape = (css: string, at: number): boolean => css[at] === '\\' && !isNewline(css[at + 1]);

/** The code point escaped at css[at] (CSS Syntax 4.3.7): up to six hex digits and one whitespace after them, or the next character itself. */
function readEscape(css: string, at: number): { value: string; end: number } {
  let end = at + 1;
  while (end - at <= 6 && isHexDigit(css[end])) end += 1;
  if (end === at + 1) return end < css.length ? { value: css[end] as string, end: end + 1 } : { value: '\uFFFD', end };
  const code = Number.parseInt(css.slice(at + 1, end), 16);
  if (css[end] === '\r' && css[end + 1] === '\n') end += 2;
  else if (isWhitespace(css[end])) end += 1;
  const valid = code !== 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
  return { value: valid ? String.fromCodePoint(code) : '\uFFFD', end };
}

interface CssString {
  value: string;
  end: number;
  /** Closed by its quote, with no "\" in it: the text can stay as it was written. */
  plain: boolean;
  /** Cut by a newline (a bad string, CSS Syntax 4.3.5): nothing in it loads, and its quote stays open. */
  bad: boolean;
}

/** The string that starts at the quote css[at] (CSS Syntax 4.3.5). */
function readString(css: string, at: number): CssString {
  const quote = css[at];
  let value = '';
  let from = at + 1;
  let plain = true;
  for (let i = at + 1; ; ) {
    const c = css[i];
    if (c === undefined) return { value: value + css.slice(from), end: css.length, plain: false, bad: false };
    if (c === quote) return { value: value + css.slice(from, i), end: i + 1, plain, bad: false };
    if (isNewline(c)) return { value: value + css.slice(from, i), end: i, plain: false, bad: true };
    if (c !== '\\') {
      i += 1;
      continue;
    }
    plain = false;
    value += css.slice(from, i);
    if (css[i + 1] === '\r' && css[i + 2] === '\n') i += 3; // an escaped newline continues the line
    else if (isNewline(css[i + 1])) i += 2;
    else {
      const escape = readEscape(css, i);
      value += escape.value;
      i = escape.end;
    }
    from = i;
  }
}

/** Where the rest of a bad url( ends: at the next ")" that is not escaped (CSS Syntax 4.3.14). */
function badUrlEnd(css: string, at: number): number {
  for (let i = at; i < css.length; ) {
    if (css[i] === ')') return i + 1;
    i = startsEscape(css, i) ? readEscape(css, i).end : i + 1;
  }
  return css.length;
}

const isNonPrintable = (c: string): boolean => {
  const code = c.charCodeAt(0);
  return code <= 0x08 || code === 0x0b || (code >= 0x0e && code <= 0x1f) || code === 0x7f;
};

/** An unquoted url( from `at`, after its leading whitespace (CSS Syntax 4.3.6): its URL (null when bad) and where it ends. */
function readBareUrl(css: string, at: number): { url: string | null; end: number } {
  let value = '';
  let from = at;
  for (let i = at; ; ) {
    const c = css[i];
    if (c === undefined) return { url: value + css.slice(from), end: css.length }; // the end closes it
    if (c === ')') return { url: value + css.slice(from, i), end: i + 1 };
    if (isWhitespace(c)) {
      let next = i;
      while (isWhitespace(css[next])) next += 1;
      if (next < css.length && css[next] !== ')') return { url: null, end: badUrlEnd(css, next) };
      return { url: value + css.slice(from, i), end: Math.min(next + 1, css.length) };
    }
    if (c === '"' || c === "'" || c === '(' || isNonPrintable(c) || (c === '\\' && !startsEscape(css, i))) return { url: null, end: badUrlEnd(css, i + 1) };
    if (c === '\\') {
      const escape = readEscape(css, i);
      value += css.slice(from, i) + escape.value;
      i = escape.end;
      from = i;
    } else i += 1;
  }
}

/** `value` inside a CSS string in double quotes: quotes, "\", newlines, other controls and <> escaped. */
function cssStringBody(value: string): string {
  return value.replace(/["\\<>\p{Cc}]/gu, (c) => `\\${(c.codePointAt(0) as number).toString(16)} `);
}

const cssUrl = (url: string | null): string => (url === null ? 'none' : `url("${cssStringBody(url)}")`);
/** A bare URL string in image-set() stays a string ("none" makes the whole image-set() invalid). */
const cssUrlString = (url: string | null): string => (url === null ? 'none' : `"${cssStringBody(url)}"`);

/** `css` with @import rules gone and every url() (and bare URL string in image-set()) replaced as `policy` says. */
export function rewriteCss(css: string, policy: UrlPolicy): string {
  let out = '';
  let copied = 0; // css[copied, i) is copied as it is when something after it is replaced
  const replace = (start: number, end: number, text: string): number => {
    out += css.slice(copied, start) + text;
    copied = end;
    return end;
  };
  // The name (identifier) that ends at i: its last characters, decoded and in ASCII lower case; its
  // length; where it starts, and where its last three characters start (a "url" there is replaced).
  let name = '';
  let nameLength = 0;
  let nameStart = 0;
  let nameStarts: number[] = [];
  let atRule = -1; // the "@" that the name follows, if it does
  const blocks: boolean[] = []; // one per open (, [, { and function: are the strings directly in it URLs?
  let i = 0;
  while (i < css.length) {
    const c = css[i] as string;
    if (isNameChar(c) || startsEscape(css, i)) {
      const escape = c === '\\' ? readEscape(css, i) : null;
      const decoded = escape ? escape.value : c;
      if (nameLength === 0) nameStart = i;
      name = (name + (/[A-Z]/.test(decoded) ? decoded.toLowerCase() : decoded)).slice(-LONGEST_NAME);
      for (let unit = 0; unit < decoded.length; unit += 1) nameStarts.push(i);
      while (nameStarts.length > 3) nameStarts.shift();
      nameLength += decoded.length;
      i = escape ? escape.end : i + 1;
      continue;
    }
    const ended = nameLength === name.length ? name : `…${name}`; // "…" marks a name longer than what is kept
    const isImport = atRule >= 0 && ended === 'import';
    const urlStart = nameStarts[nameStarts.length - 3] ?? i;
    name = '';
    nameStarts = [];
    nameLength = 0;
    if (isImport) {
      // The whole rule goes, even when remote content is allowed: a style sheet is more than an image.
      policy.onBlocked();
      const semicolon = css.indexOf(';', i);
      i = replace(atRule, semicolon < 0 ? css.length : semicolon + 1, ' ');
      atRule = -1;
      continue;
    }
    atRule = -1;
    if (c === '(' && ended.endsWith('url')) {
      // Any name ending in "url" counts ("xurl(" is not url(, but holding it back costs nothing).
      let arg = i + 1;
      while (isWhitespace(css[arg])) arg += 1;
      if (css[arg] !== '"' && css[arg] !== "'") {
        const bare = readBareUrl(css, arg);
        i = replace(urlStart, bare.end, cssUrl(bare.url === null ? null : keptUrl(bare.url, policy)));
        continue;
      }
      const quoted = readString(css, arg);
      let close = quoted.end;
      while (isWhitespace(css[close])) close += 1;
      if (!quoted.bad && (close >= css.length || css[close] === ')')) {
        i = replace(urlStart, Math.min(close + 1, css.length), cssUrl(keptUrl(quoted.value, policy)));
        continue;
      }
      // More than one string in url(: no URL, and its strings are text. "none(" keeps the parentheses in step.
      i = replace(urlStart, i + 1, 'none(');
      blocks.push(false);
      continue;
    }
    if (c === '"' || c === "'") {
      const string = readString(css, i);
      if (blocks.at(-1) && !string.bad) i = replace(i, string.end, cssUrlString(keptUrl(string.value, policy)));
      else if (string.plain) i = string.end;
      else i = replace(i, string.end, `"${cssStringBody(string.value)}${string.bad ? '' : '"'}`);
      continue;
    }
    if (c === '/' && css[i + 1] === '*') {
      const close = css.indexOf('*/', i + 2);
      i = close < 0 ? css.length : close + 2;
      continue;
    }
    if (c === '(' && blocks.at(-1) && ended && !IMAGE_ARGUMENT_FUNCTION.test(ended)) {
      i = replace(nameStart, i + 1, 'none(');
      blocks.push(false);
      continue;
    }
    if (c === '(') blocks.push(URL_STRING_FUNCTION.test(ended));
    else if (c === '[' || c === '{') blocks.push(false);
    else if (c === ')' || c === ']' || c === '}') blocks.pop(); // any closer ends the innermost block, as in Chromium
    else if (c === '@') atRule = i;
    i += 1;
  }
  if (atRule >= 0 && nameLength === name.length && name === 'import') {
    policy.onBlocked();
    replace(atRule, css.length, ' ');
  }
  return out + css.slice(copied);
}
