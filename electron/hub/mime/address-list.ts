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

/**
 * The mailboxes of an address header, groups flattened (`undisclosed-recipients:;` gives
 * none), display names decoded. A lone word without '@' ("MAILER-DAEMON", a local user)
 * is taken as an address, not a name. Never throws.
 */
export function parseAddressList(value: string | undefined): EmailAddress[] {
  if (!value) return [];
  let parsed: { name: string; address: string }[];
  try {
    parsed = addressparser(value, { flatten: true });
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
