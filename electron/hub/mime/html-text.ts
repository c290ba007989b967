// HTML to the plain text of a snippet. A snippet needs the visible words in order, not a
// rendering, so this is a linear tag stripper rather than an HTML parser (mailparser's
// html-to-text builds a DOM: too slow for a background pass over every message, and it
// has to cope with prefixes cut anywhere, which a stripper does naturally).
import he from 'he';

// Attribute text stops at the next "<" as well as ">": a stray "<" in text ("a<b") must
// not make every later tag match scan to the end of the input (quadratic).
// Elements whose content is never visible text. An element the prefix cut before its end
// tag runs to the end of the input: what follows is still inside it.
const INVISIBLE_ELEMENTS = /<(script|style|head|title|template|noscript|svg|object|iframe|xml)\b[^<>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
const COMMENTS = /<!--[\s\S]*?(?:-->|$)/g;
// Tags that end a line when rendered: kept as line breaks so quote detection sees lines.
const BLOCK_TAGS = /<\/?(?:address|article|blockquote|br|center|dd|div|dl|dt|footer|h[1-6]|header|hr|li|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul)\b[^<>]*>/gi;
const ANY_TAG = /<[!?/]?[a-z][^<>]*>|<!>/gi;
// A tag the prefix cut in half ("<a href=").
const UNFINISHED_TAG = /<[!?/]?[a-z][^<>]*$/i;
// A character reference the prefix cut in half ("&am", "&#82"): it would show as text.
// The longest name, CounterClockwiseContourIntegral, has 31 letters.
const UNFINISHED_REFERENCE = /&(?:#x?[0-9a-f]{0,8}|[a-z][a-z0-9]{0,30})?$/i;
const BLOCKQUOTE_TAGS = /<(\/?)blockquote\b[^<>]*>/gi;

/** Replaces every top-level <blockquote> (nested ones included) with a quote-marker line. */
function replaceBlockquotes(html: string): string {
  let output = '';
  let depth = 0;
  let cursor = 0;
  for (const match of html.matchAll(BLOCKQUOTE_TAGS)) {
    const closing = match[1] === '/';
    if (depth === 0) output += html.slice(cursor, match.index);
    if (closing) {
      if (depth > 0) depth--;
      if (depth === 0) output += '\n>\n';
    } else {
      depth++;
    }
    cursor = match.index + match[0].length;
  }
  // An unclosed blockquote (cut prefix) is quoted to the end.
  return depth > 0 ? `${output}\n>\n` : output + html.slice(cursor);
}

export interface HtmlTextOptions {
  /** Replace <blockquote> content by a line holding just ">" (a quoted reply). */
  markQuotes?: boolean;
}

/** The visible text of (a prefix of) an HTML document: line breaks at block elements, entities decoded. */
export function htmlToText(html: string, options: HtmlTextOptions = {}): string {
  // First: once a cut tag is gone, an "&am" before it would look cut when it is not.
  let text = html.replace(UNFINISHED_REFERENCE, '').replace(COMMENTS, ' ').replace(INVISIBLE_ELEMENTS, ' ');
  if (options.markQuotes) text = replaceBlockquotes(text);
  text = text.replace(BLOCK_TAGS, '\n').replace(ANY_TAG, '').replace(UNFINISHED_TAG, '');
  return he.decode(text);
}
