// Message-ID, In-Reply-To and References (RFC 5322 section 3.6.4): msg-ids in angle
// brackets. Threading compares them as strings, so every id is returned in one canonical
// form, `<id-left@id-right>` without inner whitespace, whatever the header looked like.

const BRACKETED_ID = /<([^<>]*)>/g;

function canonical(id: string): string | null {
  // Folding inside a long id (seen from some list servers) leaves whitespace behind; a
  // bracket without its pair ("<abc@example.com") is dropped so it is not doubled.
  const bare = id.replace(/[\s<>]+/g, '');
  return bare ? `<${bare}>` : null;
}

/**
 * The ids in a header value, in order, without duplicates. Values without angle brackets
 * (old or broken mailers) are split at whitespace instead.
 */
export function parseMessageIdList(value: string | undefined): string[] {
  if (!value) return [];
  // Comments ("(Bob's message of Monday)") are not ids (RFC 5322 section 3.2.2).
  const text = value.replace(/\([^()]*\)/g, ' ');
  const ids: string[] = [];
  const seen = new Set<string>();
  const add = (candidate: string): void => {
    const id = canonical(candidate);
    if (id && !seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  };
  let bracketed = false;
  for (const match of text.matchAll(BRACKETED_ID)) {
    bracketed = true;
    add(match[1] ?? '');
  }
  if (!bracketed) {
    // Without brackets, only tokens that look like ids (id-left "@" id-right); a single
    // token is taken as it is ("Message-ID: 1234"), prose ("your message of ...") is not.
    const tokens = text.split(/[\s,]+/).filter(Boolean);
    for (const token of tokens.length === 1 ? tokens : tokens.filter((candidate) => candidate.includes('@'))) add(token);
  }
  return ids;
}

/** The first id of a header value (Message-ID, In-Reply-To), or null. */
export function parseMessageId(value: string | undefined): string | null {
  return parseMessageIdList(value)[0] ?? null;
}
