// Header text ends up in one-line UI (list rows, notifications): control characters from
// decoded words or raw bytes (NUL, CR, LF, TAB, ESC) become a space; surrounding
// whitespace goes.

// C0 controls and DEL, TAB/CR/LF included; ordinary spaces are left as written.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]+/g;

/** `value` fit for a one-line display: control characters replaced by a space, trimmed. */
export function cleanDisplayText(value: string): string {
  return value.replace(CONTROL_CHARACTERS, ' ').trim();
}
