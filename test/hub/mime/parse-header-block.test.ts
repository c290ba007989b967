// parseHeaderBlock against the fixed corpus (every charset and encoding it writes) and
// against hand-written header blocks for the cases a corpus of well-formed mail lacks.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { GROWTH_LIMIT, growthFactor } from '../../support/linear-growth';
import { parseHeaderBlock } from '../../../electron/hub/mime/index';
import { buildCorpus } from '../../support/corpus';

const corpus = buildCorpus();

/** What IMAP returns for BODY.PEEK[HEADER]: the header block with its terminating empty line. */
function headerBlockOf(raw: Buffer): Buffer {
  const end = raw.indexOf('\r\n\r\n');
  return end < 0 ? raw : raw.subarray(0, end + 4);
}

/** A header block from lines given as latin1 (one char per byte), CRLF line endings. */
function block(...lines: string[]): Buffer {
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/** The same lines, with UTF-8 text written as raw bytes. */
function utf8Block(...lines: string[]): Buffer {
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');
}

describe('parseHeaderBlock on the fixed corpus', () => {
  it.each(corpus.map((message) => [message.expected.messageId, message] as const))('%s decodes as the corpus wrote it', (_id, message) => {
    const parsed = parseHeaderBlock(headerBlockOf(message.raw));
    const { expected } = message;
    expect(parsed.subject).toBe(expected.subject);
    expect(parsed.from).toEqual({ name: expected.fromName, address: expected.fromAddress });
    expect(parsed.to.map((address) => address.address)).toEqual(expected.to);
    expect(parsed.date).toBe(expected.date.toISOString());
    expect(parsed.messageId).toBe(expected.messageId);
    expect(parsed.inReplyTo).toBe(expected.inReplyTo ?? null);
    expect(parsed.references).toEqual(expected.references);
    expect(parsed.contentType).toMatch(/^(text|multipart)\/[a-z]+$/);
  });

  it('reads the whole message as well as the header block alone', () => {
    for (const message of corpus) expect(parseHeaderBlock(message.raw)).toEqual(parseHeaderBlock(headerBlockOf(message.raw)));
  });
});

describe('parseHeaderBlock: folding and duplicates', () => {
  it('unfolds by removing the line break only (RFC 5322 section 2.2.3)', () => {
    const parsed = parseHeaderBlock(block('Subject: one\r\n two\r\n\tthree', 'From: "Long\r\n Name" <a@example.com>'));
    expect(parsed.subject).toBe('one two three');
    expect(parsed.from).toEqual({ name: 'Long Name', address: 'a@example.com' });
  });

  it('keeps the first of duplicate fields', () => {
    const parsed = parseHeaderBlock(block('Subject: first', 'From: one@example.com', 'Subject: second', 'From: two@example.com', 'Message-ID: <1@x>', 'Message-ID: <2@x>'));
    expect(parsed).toMatchObject({ subject: 'first', from: { name: '', address: 'one@example.com' }, messageId: '<1@x>' });
  });

  it('accepts bare LF and bare CR line endings and stops at the first empty line', () => {
    const parsed = parseHeaderBlock(Buffer.from('Subject: lf\nFrom: a@example.com\rTo: b@example.com\n\nSubject: body text\n', 'latin1'));
    expect(parsed).toMatchObject({ subject: 'lf', from: { address: 'a@example.com' }, to: [{ address: 'b@example.com' }] });
  });

  it('skips lines that are not fields, and whitespace before the colon is allowed', () => {
    const parsed = parseHeaderBlock(block(' orphan continuation', 'From mbox-separator Mon Jan 8', 'no colon here', 'Subject : spaced'));
    expect(parsed.subject).toBe('spaced');
  });

  it('handles a 100 KB single-line header, in time that grows linearly with its size', () => {
    const subject = 'x'.repeat(100 * 1024);
    const huge = (size: number) => block(`Subject: ${'x'.repeat(size * 34)}`, `To: ${Array.from({ length: size }, (_unused, index) => `u${index}@example.com`).join(', ')}`);
    const parsed = parseHeaderBlock(block(`Subject: ${subject}`, `To: ${Array.from({ length: 3000 }, (_unused, index) => `u${index}@example.com`).join(', ')}`));
    expect(growthFactor(500, huge, parseHeaderBlock)).toBeLessThan(GROWTH_LIMIT);
    expect(parsed.subject).toBe(subject);
    expect(parsed.to).toHaveLength(3000);
  });

  it('returns empty fallbacks for empty and non-header input', () => {
    const empty = { subject: '', from: null, to: [], cc: [], replyTo: [], date: null, messageId: null, inReplyTo: null, references: [], contentType: null };
    expect(parseHeaderBlock(Buffer.alloc(0))).toEqual(empty);
    expect(parseHeaderBlock(Buffer.from('\r\n\r\nSubject: in the body\r\n'))).toEqual(empty);
    expect(parseHeaderBlock('not a buffer' as unknown as Buffer)).toEqual(empty);
  });
});

describe('parseHeaderBlock: RFC 2047 encoded words', () => {
  const subjectOf = (value: string): string => parseHeaderBlock(block(`Subject: ${value}`)).subject;

  it('decodes B and Q words in any charset', () => {
    expect(subjectOf('=?ISO-8859-1?Q?Gr=FC=DFe_aus_M=FCnchen?=')).toBe('Grüße aus München');
    expect(subjectOf('=?koi8-r?B?8NLJ18XU?=')).toBe('Привет');
    expect(subjectOf('=?windows-1252?Q?=80_=93quoted=94?=')).toBe('€ “quoted”');
    expect(subjectOf('=?utf-8*en?Q?with_language?=')).toBe('with language');
    expect(subjectOf('=?iso-2022-jp?B?GyRCJDMkcyRLJEEkTxsoQg==?=')).toBe('こんにちは');
  });

  it('drops whitespace between adjacent words, keeps it next to plain text (RFC 2047 section 6.2)', () => {
    expect(subjectOf('=?utf-8?Q?a?= =?utf-8?Q?b?=\r\n =?utf-8?Q?c?= plain =?utf-8?Q?d?=')).toBe('abc plain d');
  });

  it('joins a multibyte character split across adjacent words', () => {
    // U+1F680 is F0 9F 9A 80: two bytes in each word, and a quad split across B words.
    expect(subjectOf('=?utf-8?B?8J+a?= =?utf-8?B?gA==?=')).toBe('🚀');
    expect(subjectOf('=?utf-8?Q?=F0=9F?= =?utf-8?Q?=9A=80?=')).toBe('🚀');
    expect(subjectOf('=?utf-8?B?w6TD?= =?utf-8?B?tsO8?=')).toBe('äöü');
  });

  it('falls back to UTF-8 or windows-1252 for unknown charsets instead of U+FFFD', () => {
    expect(subjectOf('=?x-unknown?Q?caf=E9?=')).toBe('café');
    expect(subjectOf('=?x-unknown?B?w6k=?=')).toBe('é');
    expect(subjectOf('=?utf-8?Q?latin1_caf=E9?=')).toBe('latin1 café');
  });

  it('leaves broken words readable', () => {
    expect(subjectOf('=?utf-8?Q?unterminated')).toBe('=?utf-8?Q?unterminated');
    expect(subjectOf('=?utf-8?X?unknown-encoding?=')).toBe('=?utf-8?X?unknown-encoding?=');
    expect(subjectOf('=?utf-8?B?!!not*base64?=')).toBe('=?utf-8?B?!!not*base64?=');
    expect(subjectOf('=??Q?no-charset?=')).toBe('=??Q?no-charset?=');
  });

  it('refuses UTF-7 (markup smuggling) and removes control characters', () => {
    expect(subjectOf('=?utf-7?Q?+ADw-script+AD4-?=')).toBe('+ADw-script+AD4-');
    expect(subjectOf('=?utf-8?Q?line=0D=0Abreak=00nul=1Besc?=')).toBe('line break nul esc');
  });

  it('decodes a Subject of 10,000 encoded words, in time linear up to 64,000 words', () => {
    const words = (count: number) => Array.from({ length: count }, (_unused, index) => `=?utf-8?B?${Buffer.from(`é${index % 10}`).toString('base64')}?=`).join('\r\n ');
    expect(subjectOf(words(10_000))).toBe('é0é1é2é3é4é5é6é7é8é9'.repeat(1000));
    expect(growthFactor(4000, words, subjectOf)).toBeLessThan(GROWTH_LIMIT);
  });
});

describe('parseHeaderBlock: raw 8-bit header bytes', () => {
  it('reads raw UTF-8 (RFC 6532)', () => {
    const parsed = parseHeaderBlock(utf8Block('Subject: Straße ✓ 日本語', 'From: Zoë Ünal <zoe@example.com>'));
    expect(parsed.subject).toBe('Straße ✓ 日本語');
    expect(parsed.from).toEqual({ name: 'Zoë Ünal', address: 'zoe@example.com' });
  });

  it('falls back to windows-1252 for bytes that are not UTF-8, field by field', () => {
    const raw = Buffer.concat([block('Subject: Gr\xfc\xdfe \x80 5', 'From: J\xfcrgen <j@example.com>').subarray(0, -2), utf8Block('To: Zoë <zoe@example.com>')]);
    const parsed = parseHeaderBlock(raw);
    expect(parsed.subject).toBe('Grüße € 5');
    expect(parsed.from?.name).toBe('Jürgen');
    expect(parsed.to).toEqual([{ name: 'Zoë', address: 'zoe@example.com' }]);
  });

  it('decodes raw legacy bytes in the charset of Content-Type, wherever that field is', () => {
    const withCharset = (subject: string, charset: string, contentType: string) =>
      parseHeaderBlock(Buffer.concat([block(contentType).subarray(0, -2), Buffer.from('Subject: '), iconv.encode(subject, charset), Buffer.from('\r\nFrom: a@example.com\r\n\r\n')])).subject;
    expect(withCharset('日本語の件名', 'shift_jis', 'Content-Type: text/plain; charset=Shift_JIS')).toBe('日本語の件名');
    expect(withCharset('Привет', 'koi8-r', 'Content-Type: text/plain; charset="koi8-r"')).toBe('Привет');
    expect(withCharset('中文邮件', 'gbk', 'Content-Type: multipart/alternative; boundary=x; charset=gbk')).toBe('中文邮件');
    const contentTypeLast = Buffer.concat([Buffer.from('Subject: '), iconv.encode('Привет', 'koi8-r'), block('', 'Content-Type: text/plain; charset=koi8-r')]);
    expect(parseHeaderBlock(contentTypeLast).subject).toBe('Привет');
  });

  it('keeps UTF-8 first and windows-1252 last when the declared charset does not fit', () => {
    expect(parseHeaderBlock(utf8Block('Subject: Grüße ✓', 'Content-Type: text/plain; charset=koi8-r')).subject).toBe('Grüße ✓');
    expect(parseHeaderBlock(block('Subject: Gr\xfc\xdfe \x80 5', 'Content-Type: text/plain; charset=shift_jis')).subject).toBe('Grüße € 5');
    expect(parseHeaderBlock(block('Subject: Gr\xfc\xdfe', 'Content-Type: text/plain; charset=us-ascii')).subject).toBe('Grüße');
  });

  it('never returns an empty subject for invalid UTF-8', () => {
    const parsed = parseHeaderBlock(block('Subject: bad \xc3\x28 and \xf0\x9f\x98 end'));
    expect(parsed.subject).toBe('bad Ã( and ðŸ˜ end');
  });
});

describe('parseHeaderBlock: addresses', () => {
  const parse = (...lines: string[]) => parseHeaderBlock(block(...lines));

  it('flattens groups and drops empty ones', () => {
    const parsed = parse('To: undisclosed-recipients:;', 'Cc: Team: a@example.com, "B" <b@example.com>;, c@example.com');
    expect(parsed.to).toEqual([]);
    expect(parsed.cc.map((address) => address.address)).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
  });

  it('handles quoted names with commas, missing angle brackets, comments and encoded names', () => {
    const parsed = parse(
      'From: "Doe, John" <john@example.com>',
      'To: John Smith john@example.com, <bare@example.com>, c@example.com (Comment Name)',
      'Reply-To: =?utf-8?Q?M=C3=BCller=2C_Hans?= <hans@example.com>',
    );
    expect(parsed.from).toEqual({ name: 'Doe, John', address: 'john@example.com' });
    expect(parsed.to).toEqual([
      { name: 'John Smith', address: 'john@example.com' },
      { name: '', address: 'bare@example.com' },
      { name: 'Comment Name', address: 'c@example.com' },
    ]);
    expect(parsed.replyTo).toEqual([{ name: 'Müller, Hans', address: 'hans@example.com' }]);
  });

  it('takes a lone word without @ as the address, a phrase as the name', () => {
    const parsed = parse('From: MAILER-DAEMON', 'To: root, "Just A Name"');
    expect(parsed.from).toEqual({ name: '', address: 'MAILER-DAEMON' });
    expect(parsed.to).toEqual([{ name: '', address: 'root' }, { name: 'Just A Name', address: '' }]);
  });

  it('never takes an address from an encoded word that decodes to more than local@domain', () => {
    // RFC 2047 section 5: encoded words never form an addr-spec. Inside angle brackets
    // addressparser reads them as a name; in an addr-spec only a plain local@domain is kept.
    const parsed = parse('From: <=?utf-8?Q?evil=40example.com=3E_=22CEO=22?=>', 'To: =?utf-8?Q?ok?=@example.com, =?utf-8?Q?a=20b?=@example.com', 'Cc: <=?utf-8?Q?x=40example.com?=>');
    expect(parsed.from).toEqual({ name: 'evil@example.com> "CEO"', address: '' });
    expect(parsed.to).toEqual([{ name: '', address: 'ok@example.com' }]);
    expect(parsed.cc).toEqual([{ name: 'x@example.com', address: '' }]);
  });

  it('gives null/empty arrays when the fields are missing or hold nothing', () => {
    expect(parse('Subject: x')).toMatchObject({ from: null, to: [], cc: [], replyTo: [] });
    expect(parse('From: <>', 'To: ,,,')).toMatchObject({ from: null, to: [] });
  });
});

describe('parseHeaderBlock: dates', () => {
  const dateOf = (value: string): string | null => parseHeaderBlock(block(`Date: ${value}`)).date;

  it('parses RFC 5322 dates with numeric zones', () => {
    expect(dateOf('Mon, 08 Jan 2024 08:00:00 +0000')).toBe('2024-01-08T08:00:00.000Z');
    expect(dateOf('Mon, 8 Jan 2024 09:30:15 +0130')).toBe('2024-01-08T08:00:15.000Z');
    expect(dateOf('8 Jan 2024 03:00 -0500')).toBe('2024-01-08T08:00:00.000Z');
  });

  it('parses the obsolete forms of RFC 5322 section 4.3', () => {
    expect(dateOf('Mon, 8 Jan 24 08:00:00 GMT')).toBe('2024-01-08T08:00:00.000Z');
    expect(dateOf('Fri, 1 Jan 99 00:00:00 EST')).toBe('1999-01-01T05:00:00.000Z');
    expect(dateOf('Monday, 08-Jan-2024 08:00:00 PST (Pacific)')).toBe('2024-01-08T16:00:00.000Z');
    expect(dateOf('Mon, 08 Jan 2024 08:00:00 Z')).toBe('2024-01-08T08:00:00.000Z');
  });

  it('reads a missing zone as UTC, whatever the machine zone', () => {
    expect(dateOf('Mon, 08 Jan 2024 08:00:00')).toBe('2024-01-08T08:00:00.000Z');
    expect(dateOf('2024-01-08T08:00:00')).toBe('2024-01-08T08:00:00.000Z');
    expect(dateOf('Mon Jan  8 08:00:00 2024')).toBe('2024-01-08T08:00:00.000Z');
    expect(dateOf('2024-01-08T10:00:00+02:00')).toBe('2024-01-08T08:00:00.000Z');
  });

  it('gives null for bogus dates instead of guessing', () => {
    for (const bogus of ['', 'yesterday', '1704700800', 'Fri, 31 Dec 99999 23:59:59 +0000', 'Wed, 31 Feb 2024 10:00:00 +0000', 'Mon, 08 Foo 2024 08:00:00 +0000', 'Mon, 08 Jan 2024 25:00:00 +0000', 'Sat, 1 Jan 1000 00:00:00 +0000', '+099999-01-01T00:00:00Z', '1000-01-01T00:00:00Z']) {
      expect(dateOf(bogus), bogus).toBeNull();
    }
    expect(parseHeaderBlock(block('Subject: no date')).date).toBeNull();
  });
});

describe('parseHeaderBlock: ids and content type', () => {
  const parse = (...lines: string[]) => parseHeaderBlock(block(...lines));

  it('canonicalizes message ids', () => {
    expect(parse('Message-ID: <abc@example.com>').messageId).toBe('<abc@example.com>');
    expect(parse('Message-ID: abc@example.com').messageId).toBe('<abc@example.com>');
    expect(parse('Message-ID: 12345').messageId).toBe('<12345>');
    expect(parse('Message-ID: <very-long-id\r\n @example.com>').messageId).toBe('<very-long-id@example.com>');
    expect(parse('Message-ID:').messageId).toBeNull();
  });

  it('does not double a bracket whose pair is missing, so replies still thread', () => {
    expect(parse('Message-ID: <abc@example.com').messageId).toBe('<abc@example.com>');
    expect(parse('Message-ID: abc@example.com>').messageId).toBe('<abc@example.com>');
    expect(parse('In-Reply-To: <abc@example.com').inReplyTo).toBe('<abc@example.com>');
  });

  it('reads In-Reply-To and References in the forms old mailers write', () => {
    const parsed = parse('In-Reply-To: Your message of Monday <a@x> (comment <not@id>)', 'References: <a@x>\r\n <b@x> <a@x>, c@x');
    expect(parsed.inReplyTo).toBe('<a@x>');
    expect(parsed.references).toEqual(['<a@x>', '<b@x>']);
    expect(parse('References: a@x b@x prose').references).toEqual(['<a@x>', '<b@x>']);
    expect(parse('In-Reply-To: your message of Monday').inReplyTo).toBeNull();
  });

  it('returns the media type of Content-Type, or null when it is not one', () => {
    expect(parse('Content-Type: Multipart/Mixed; boundary="x"').contentType).toBe('multipart/mixed');
    expect(parse('Content-Type: text/plain (comment); charset=utf-8').contentType).toBe('text/plain');
    expect(parse('Content-Type: ;;;/// ; charset=').contentType).toBeNull();
    expect(parse('Content-Type: text').contentType).toBeNull();
  });
});
