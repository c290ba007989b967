// Header text ends up in one-line UI (list rows, notifications): control characters from
// decoded words or raw bytes (NUL, CR, LF, TAB, ESC) and line separators become a space;
// invisible characters that change what the text shows are removed; surrounding
// whitespace goes.

// C0 controls and DEL, TAB/CR/LF included, the C1 line break NEL (U+0085) and the Unicode
// line/paragraph separators (U+2028/U+2029); ordinary spaces are left as written.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAKING_CHARACTERS = /[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g;
// Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) reorder what
// follows them: "Invoice\u202Efdp.exe" shows as "Invoiceexe.pdf", the right-to-left
// override trick of phishing mail. The other C1 controls have no visible form.
const INVISIBLE_FORMATTING = /[\u0080-\u0084\u0086-\u009f\u202a-\u202e\u2066-\u2069]+/g;
// Either kind. This runs for every subject and name of a first sync: text with neither
// (nearly all) costs one scan, cheaper than a replace that finds nothing.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ANY_TO_CLEAN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** `value` fit for a one-line display: line breaks and controls as spaces, bidi controls removed, trimmed. */
export function cleanDisplayText(value: string): string {
  if (!ANY_TO_CLEAN.test(value)) return value.trim();
  return value.replace(INVISIBLE_FORMATTING, '').replace(LINE_BREAKING_CHARACTERS, ' ').trim();
}
