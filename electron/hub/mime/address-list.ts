// Address headers (From, To, Cc, Reply-To): RFC 5322 section 3.4 syntax through
// nodemailer's addressparser (what mailparser uses), which already copes with groups,
// missing angle brackets, quoted names with commas and comments.
import addressparser from 'nodemailer/lib/addressparser';
import type { EmailAddress } from '../../../shared/model';
import { decodeEncodedWords } from './encoded-words';
import { cleanDisplayText } from './display-text';

// RFC 2047 section 5: encoded words never appear in an addr-spec. One that does is decoded
// only if the result is a plain local@domain (the rule mailparser applies), else dropped.
const ENCODED_WORD = /=\?[^?]+\?[BbQq]\?[^?]*\?=/;
const PLAIN_ADDRESS = /^[^\s@]+@[^\s@]+$/;

function cleanAddress(address: string): string {
  const trimmed = cleanDisplayText(address);
  if (!ENCODED_WORD.test(trimmed)) return trimmed;
  const decoded = decodeEncodedWords(trimmed);
  return PLAIN_ADDRESS.test(decoded) ? decoded : '';
}

// The shapes nearly every From, To and Cc has: a bare addr-spec, or a display name (a run
// of atoms and dots, or one quoted string without escapes) before an angle-addr, separated
// by commas. A first sync decodes three such headers per message, and addressparser's
// general tokenizer is about half the cost of decoding all headers; for these shapes the
// split below gives exactly what addressparser gives (address-list.test.ts compares the two
// on thousands of variants). Anything else (groups, comments, escapes, routes, non-ASCII,
// an empty element) goes to addressparser.
//
// The pattern runs on text from any sender: no two of its parts may match the same spaces, or
// a run of them (folded lines of blanks, which are valid mail) makes it backtrack without end.
// An earlier one had three overlapping [ \t]* around a lazy name: 3,000 blanks took 5 s of the
// main process, 24,000 some 45 minutes. The element is trimmed first; the name is greedy and
// cannot contain '<', so it has one way to match.
const ADDR_SPEC = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+";
const SIMPLE_MAILBOX = new RegExp(`^(?:(${ADDR_SPEC})|(?:"([^"\\\\]*)"[ \\t]*|([A-Za-z0-9!#$%&'*+/=?^_\`{|}~. \\t-]*))<(${ADDR_SPEC})>)$`);
const NEEDS_FULL_PARSER = /[\\():;[\]]/;

/** `text` without the spaces and tabs at its ends (only those: other white space goes to addressparser). */
function trimBlanks(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text.charCodeAt(start) === 0x20 || text.charCodeAt(start) === 0x09)) start += 1;
  while (end > start && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end -= 1;
  return text.slice(start, end);
}

/** The mailboxes of `value` if every element has a simple shape (see above), else null. */
export function simpleMailboxes(value: string): Array<{ name: string; address: string }> | null {
  if (NEEDS_FULL_PARSER.test(value)) return null;
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code === 0x22 /* " */) quoted = !quoted;
    else if (code === 0x2c /* , */ && !quoted) {
      parts.push(value.slice(start, index));
      start = index + 1;
    }
  }
  if (quoted) return null;
  parts.push(value.slice(start));
  const mailboxes: Array<{ name: string; address: string }> = [];
  for (const part of parts) {
    const match = SIMPLE_MAILBOX.exec(trimBlanks(part));
    if (!match) return null;
    const [, bare, quotedName, plainName, angled] = match;
    mailboxes.push(bare ? { name: '', address: bare } : { name: (quotedName ?? plainName ?? '').trim(), address: angled ?? '' });
  }
  return mailboxes;
}

/** What addressparser gives for `value`, by the short way when the shape allows it. */
export function splitMailboxes(value: string): Array<{ name: string; address: string }> {
  return simpleMailboxes(value) ?? addressparser(value, { flatten: true });
}

/**
 * The mailboxes of an address header, groups flattened (`undisclosed-recipients:;` gives
 * none), display names decoded. A lone word without '@' ("MAILER-DAEMON", a local user)
 * is taken as an address, not a name. Never throws.
 */
export function parseAddressList(value: string | undefined): EmailAddress[] {
  if (!value) return [];
  let parsed: { name: string; address: string }[];
  try {
    parsed = splitMailboxes(value);
  } catch {
    // addressparser is written not to throw; this keeps a future regression from reaching the sync loop.
    return [];
  }
  const addresses: EmailAddress[] = [];
  for (const entry of parsed) {
    let name = cleanDisplayText(decodeEncodedWords(entry.name || ''));
    let address = cleanAddress(entry.address || '');
    if (!address && name && !/\s/.test(name) && !ENCODED_WORD.test(entry.name || '')) {
      address = name;
      name = '';
    }
    if (name || address) addresses.push({ name, address });
  }
  return addresses;
}
