// Address headers take a short way for the common shapes (address-list.ts); it must
// give exactly what nodemailer's addressparser gives, for every shape it accepts, and
// leave every other shape to addressparser.
import addressparser from 'nodemailer/lib/addressparser';
import { describe, expect, it } from 'vitest';
import { parseAddressList, simpleMailboxes, splitMailboxes } from '../../../electron/hub/mime/address-list';
import { seededRandom } from '../../support/mail/seeded-random';

const random = seededRandom(7);
const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const WORDS = ['Ada', 'Lovelace', "O'Neil", 'J.', 'Smith-Jones', 'x', '=?UTF-8?B?w6lsw6hu?=', '=?iso-8859-1?Q?Andr=E9?=', 'Dr.', 'A+B', 'K&R', 'name_with_underscore'];
const LOCALS = ['ada', 'ada.lovelace', 'a+tag', 'first_last', 'x-y', "o'neil", 'UPPER', '1234', 'a=b', '{weird}', 'a.b.c'];
const DOMAINS = ['example.com', 'mail.example.org', 'b', 'x-y.z', 'EXAMPLE.NET', '123.45.67.89'];
const SPACE = ['', ' ', '  ', '\t', ' \t '];

function address(): string {
  return `${pick(LOCALS)}@${pick(DOMAINS)}`;
}

function name(): string {
  const count = Math.floor(random() * 4);
  return Array.from({ length: count }, () => pick(WORDS)).join(pick([' ', '  ', '\t']));
}

/** One mailbox in one of the shapes the short way takes, with varied spacing and quoting. */
function simpleMailbox(): string {
  const shape = Math.floor(random() * 4);
  const [a, b, c] = [pick(SPACE), pick(SPACE), pick(SPACE)];
  if (shape === 0) return `${a}${address()}${c}`;
  if (shape === 1) return `${a}${name()}${b}<${address()}>${c}`;
  const quoted = pick(['', ' ', ', ', ' , ']) + name() + pick(['', ' ', ', Jr.', ' (not a comment) ']);
  return `${a}"${quoted}"${b}<${address()}>${c}`;
}

/** Shapes that need the full parser: groups, comments, escapes, routes, non-ASCII, empty elements. */
const HARD = [
  'undisclosed-recipients:;',
  'Team: ada@example.com, ben@example.com;',
  'ada@example.com (Ada Lovelace)',
  'Ada (the first) <ada@example.com>',
  '"Ada \\"The\\" Lovelace" <ada@example.com>',
  '<@route.example:ada@example.com>',
  'Zoë <zoe@example.com>',
  'ada@example.com,,ben@example.com',
  'ada@example.com,',
  '"unterminated <ada@example.com>',
  'Ada <ada@example.com',
  'ada@[127.0.0.1]',
  'MAILER-DAEMON',
  'Ada Lovelace',
  'ada@example.com <ben@example.com>',
];

const normalized = (list: Array<{ name: string; address: string }>) => list.map(({ name: n, address: a }) => ({ name: n, address: a }));

describe('address lists', () => {
  it('give exactly what addressparser gives for 5,000 generated lists of simple shapes, by the short way', () => {
    let withoutParentheses = 0;
    for (let i = 0; i < 5000; i += 1) {
      const value = Array.from({ length: 1 + Math.floor(random() * 3) }, simpleMailbox).join(',');
      const expected = normalized(addressparser(value, { flatten: true }));
      expect(normalized(splitMailboxes(value)), value).toEqual(expected);
      // Parentheses (even quoted ones) are left to addressparser; everything else takes the short way.
      if (/[()]/.test(value)) continue;
      withoutParentheses += 1;
      expect(simpleMailboxes(value), value).not.toBeNull();
    }
    expect(withoutParentheses).toBeGreaterThan(3000);
  });

  it('read a hostile list (elements of 4,500 folded blanks) at once, the address kept', () => {
    // Valid mail: folded lines of blanks. A pattern with overlapping blanks took some 17 s on
    // these (minutes on longer ones), blocking the process that also serves the window; the
    // test's time limit is the guard.
    const blanks = Array.from({ length: 6 }, () => ' '.repeat(750)).join('\r\n');
    for (const value of [`a@b.example,${blanks} !`, `a@b.example,${blanks}Name${blanks}`, `Name${blanks}<x@y.example>${blanks}`]) {
      const parsed = splitMailboxes(value.replace(/\r\n/g, ''));
      expect(parsed[0]?.address, value.slice(0, 20)).toMatch(/^(a@b\.example|x@y\.example)$/);
    }
  });

  it('leave groups, comments, escapes, routes, non-ASCII and broken lists to addressparser', () => {
    for (const value of HARD) {
      expect(simpleMailboxes(value), value).toBeNull();
      expect(normalized(splitMailboxes(value)), value).toEqual(normalized(addressparser(value, { flatten: true })));
    }
  });

  it('decode names and keep a lone word as an address, whichever way the list was split', () => {
    expect(parseAddressList('"=?UTF-8?B?w6lsw6hu?=" <elen@example.com>, MAILER-DAEMON')).toEqual([
      { name: 'élèn', address: 'elen@example.com' },
      { name: '', address: 'MAILER-DAEMON' },
    ]);
    expect(parseAddressList('Ada\tLovelace <ada@example.com>')).toEqual([{ name: 'Ada Lovelace', address: 'ada@example.com' }]);
  });
});
