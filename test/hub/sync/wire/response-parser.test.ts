// The wire parser on bytes an IMAP server could send, cut at every possible point,
// and on bytes no server should send: whole responses come out whatever the
// chunking, and malformed ones are a WireError, never a crash or a wrong value.
import { describe, expect, it } from 'vitest';
import { createResponseSplitter, MAX_LITERAL_BYTES, MAX_RESPONSE_BYTES } from '../../../../electron/hub/sync/wire/response-splitter';
import { parseResponse, WireError } from '../../../../electron/hub/sync/wire/response-parser';
import { parseInternalDate, toFetchMessage } from '../../../../electron/hub/sync/wire/wire-fetch-message';
import { wireBodyStructure } from '../../../../electron/hub/sync/wire/wire-body-structure';
import { summarizeBodyStructure } from '../../../../electron/hub/mime/body-structure';
import { isSummaryRow } from '../../../../electron/hub/sync/fetch-summaries';
import { GROWTH_LIMIT, growthFactor } from '../../../support/linear-growth';

const header = 'Subject: a {3}\r\nFrom: x@y\r\n\r\n';
const STREAM = Buffer.from(
  '* 1 FETCH (UID 7 FLAGS (\\Seen $Junk) INTERNALDATE "17-Jul-1996 02:44:25 -0700" RFC822.SIZE 4286 ' +
    'BODYSTRUCTURE ("TEXT" "PLAIN" ("CHARSET" "UTF-8") NIL NIL "QUOTED-PRINTABLE" 12 1 NIL NIL NIL NIL) ' +
    `BODY[HEADER.FIELDS (SUBJECT FROM)] {${Buffer.byteLength(header)}}\r\n${header} BODY[1]<0> {14}\r\nline\r\n}\r\n{0}\r\n MODSEQ (99))\r\n` +
    '* 3 EXISTS\r\n' +
    '* 2 FETCH (FLAGS (\\Flagged))\r\n' +
    'W1 OK Fetch completed.\r\n',
);

function splitAll(chunks: Buffer[]): string[] {
  const splitter = createResponseSplitter();
  return chunks.flatMap((chunk) => splitter.push(chunk)).map((b) => b.toString('latin1'));
}

describe('response splitter', () => {
  it('cuts the same four responses wherever the chunks end, literals with CRLF and braces inside included', () => {
    const whole = splitAll([STREAM]);
    expect(whole).toHaveLength(4);
    expect(whole[0]).toContain('line\r\n}\r\n{0}\r\n MODSEQ (99))');
    for (let cut = 1; cut < STREAM.length; cut += 1) {
      expect(splitAll([STREAM.subarray(0, cut), STREAM.subarray(cut)])).toEqual(whole);
    }
    const bytes = [...STREAM].map((byte) => Buffer.from([byte]));
    expect(splitAll(bytes)).toEqual(whole);
  });

  it('keeps a long literal arriving in many chunks whole, without splitting inside it', () => {
    const big = 'x\r\n'.repeat(100_000);
    const stream = Buffer.from(`* 1 FETCH (UID 1 BODY[1]<0> {${big.length}}\r\n${big})\r\nW1 OK done\r\n`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < stream.length; i += 1000) chunks.push(stream.subarray(i, i + 1000));
    const responses = splitAll(chunks);
    expect(responses).toHaveLength(2);
    expect(responses[0]!.length).toBe(stream.length - 'W1 OK done\r\n'.length);
  });
});

describe('response parser', () => {
  it('reads a FETCH response into the values imapflow would give', () => {
    const [first] = createResponseSplitter().push(STREAM);
    const response = parseResponse(first!);
    expect(response.kind).toBe('fetch');
    if (response.kind !== 'fetch') return;
    const message = toFetchMessage(response.seq, response.attributes)!;
    expect(message.uid).toBe(7);
    expect([...message.flags!]).toEqual(['\\Seen', '$Junk']);
    expect(message.size).toBe(4286);
    expect(message.modseq).toBe(99n);
    expect((message.internalDate as Date).toISOString()).toBe('1996-07-17T09:44:25.000Z');
    expect(message.headers!.toString()).toBe(header);
    expect(message.bodyParts!.get('1')!.toString()).toBe('line\r\n}\r\n{0}\r\n');
    expect(summarizeBodyStructure(message.bodyStructure)).toEqual({
      hasAttachments: false,
      textPart: { part: '1', type: 'text/plain', encoding: 'quoted-printable', charset: 'utf-8' },
    });
  });

  it('tells a FETCH without a UID (a flag change of the session) from a summary', () => {
    const response = parseResponse(Buffer.from('* 2 FETCH (FLAGS (\\Flagged))\r\n'));
    expect(response.kind === 'fetch' && toFetchMessage(response.seq, response.attributes)).toBeNull();
  });

  it('does not take a flag change another session made (UID and FLAGS under QRESYNC) for a summary', () => {
    // Dovecot sends these unasked during a long FETCH; stored as a summary, the message would
    // have no subject or sender, and its real summary would then be dropped as a duplicate.
    const response = parseResponse(Buffer.from('* 2 FETCH (UID 7 MODSEQ (12) FLAGS (\\Seen))\r\n'));
    expect(response.kind).toBe('fetch');
    expect(response.kind === 'fetch' && toFetchMessage(response.seq, response.attributes)).toBeNull();
  });

  it('keeps a summary whose header fields the server answered with NIL, in both readers', () => {
    const response = parseResponse(Buffer.from('* 4 FETCH (UID 9 FLAGS () INTERNALDATE "17-Jul-1996 02:44:25 -0700" RFC822.SIZE 0 BODYSTRUCTURE ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 0 0 NIL NIL NIL NIL) BODY[HEADER.FIELDS (SUBJECT)] NIL)\r\n'));
    const message = response.kind === 'fetch' ? toFetchMessage(response.seq, response.attributes) : null;
    expect(message?.uid).toBe(9);
    expect(isSummaryRow(message!)).toBe(true);
    // imapflow gives `headers: false` for the NIL: still a summary, not a flag change.
    expect(isSummaryRow({ seq: 4, uid: 9, flags: new Set(), headers: false as unknown as Buffer })).toBe(true);
    expect(isSummaryRow({ seq: 2, uid: 7, flags: new Set(['\\Seen']), modseq: 12n })).toBe(false);
  });

  it('reads tagged completions and other untagged responses', () => {
    expect(parseResponse(Buffer.from('W1 NO [SERVERBUG] Internal error\r\n'))).toEqual({ kind: 'tagged', tag: 'W1', status: 'NO', text: '[SERVERBUG] Internal error' });
    expect(parseResponse(Buffer.from('* BYE shutting down\r\n'))).toEqual({ kind: 'untagged', name: 'BYE', text: 'shutting down' });
    expect(parseResponse(Buffer.from('* 4 EXPUNGE\r\n'))).toMatchObject({ kind: 'untagged', name: 'EXPUNGE' });
  });

  it('unescapes quoted strings and reads NIL, literal8 and nested lists', () => {
    const response = parseResponse(Buffer.from('* 1 FETCH (UID 3 X-A ("a \\"b\\" \\\\c" NIL (("d"))) X-B ~{2}\r\nhi)\r\n'));
    if (response.kind !== 'fetch') throw new Error('not a fetch');
    expect(response.attributes.get('X-A')).toEqual(['a "b" \\c', null, [['d']]]);
    expect(response.attributes.get('X-B')).toEqual(Buffer.from('hi'));
  });

  it.each([
    ['an unterminated list', '* 1 FETCH (UID 1 FLAGS (\\Seen\r\n'],
    ['an unterminated quoted string', '* 1 FETCH (UID 1 X "abc\r\n'],
    ['a literal longer than the response', '* 1 FETCH (UID 1 BODY[1] {99}\r\nabc)\r\n'],
    ['a literal without a length', '* 1 FETCH (UID 1 BODY[1] {}\r\n)\r\n'],
    ['an attribute without a value', '* 1 FETCH (UID)\r\n'],
    ['an unbalanced section', '* 1 FETCH (UID 1 BODY[1 {1}\r\na)\r\n'],
    ['nesting 10,000 deep', `* 1 FETCH (UID 1 BODYSTRUCTURE ${'('.repeat(10_000)}${')'.repeat(10_000)})\r\n`],
    ['an empty line', '\r\n'],
    ['bytes after the closing parenthesis', '* 1 FETCH (UID 5 FLAGS ())garbage\r\n'],
    ['a second FETCH glued after the first on its line', '* 1 FETCH (UID 5 RFC822.SIZE 1) * 2 FETCH (UID 6 RFC822.SIZE 1)\r\n'],
    ['a second parenthesis', '* 1 FETCH (UID 5 RFC822.SIZE 1))\r\n'],
    ['bytes after the line end', '* 1 FETCH (UID 5 RFC822.SIZE 1)\r\nx'],
    ['a FETCH without its line end', '* 1 FETCH (UID 5 RFC822.SIZE 1)'],
  ])('refuses %s with a WireError', (_name, text) => {
    expect(() => parseResponse(Buffer.from(text))).toThrow(WireError);
  });

  it('lets pass spaces before a FETCH response\'s line end, which some servers send, and a bare LF', () => {
    for (const end of [' \r\n', '   \r\n', '\n']) {
      const response = parseResponse(Buffer.from(`* 1 FETCH (UID 5 RFC822.SIZE 1)${end}`));
      expect(response.kind === 'fetch' && toFetchMessage(response.seq, response.attributes)).toMatchObject({ uid: 5, size: 1 });
    }
  });
});

describe('wire body structure', () => {
  it('reads multipart, message/rfc822 and disposition the way the summary expects', () => {
    const structure = parseResponse(
      Buffer.from(
        '* 1 FETCH (UID 1 BODYSTRUCTURE ((("TEXT" "PLAIN" ("CHARSET" "iso-8859-1") NIL NIL "8BIT" 5 1 NIL NIL NIL NIL)("TEXT" "HTML" NIL NIL NIL "7BIT" 9 1 NIL NIL NIL NIL) "ALTERNATIVE" ("BOUNDARY" "b") NIL NIL NIL)' +
          '("APPLICATION" "PDF" ("NAME*0" "re" "NAME*1" "port.pdf") NIL NIL "BASE64" 400 NIL ("ATTACHMENT" ("FILENAME" "report.pdf")) NIL NIL)' +
          '("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 300 (NIL "fwd" NIL NIL NIL NIL NIL NIL NIL NIL) ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 3 1 NIL NIL NIL NIL) 10 NIL NIL NIL NIL) "MIXED" ("BOUNDARY" "a") NIL NIL NIL))\r\n',
      ),
    );
    if (structure.kind !== 'fetch') throw new Error('not a fetch');
    const node = wireBodyStructure(structure.attributes.get('BODYSTRUCTURE'));
    expect(node.type).toBe('multipart/mixed');
    expect(node.childNodes.map((child) => child.type)).toEqual(['multipart/alternative', 'application/pdf', 'message/rfc822']);
    expect(node.childNodes[1]!.disposition).toBe('attachment');
    expect(node.childNodes[1]!.parameters.name).toBe('re');
    expect(node.childNodes[2]!.childNodes[0]!.type).toBe('text/plain');
    expect(summarizeBodyStructure(node)).toEqual({
      hasAttachments: true,
      textPart: { part: '1.1', type: 'text/plain', encoding: '8bit', charset: 'iso-8859-1' },
    });
  });

  it('turns anything that is not a structure into an empty node', () => {
    for (const value of [null, 'TEXT', Buffer.from('x'), [], [null, null]]) {
      expect(() => summarizeBodyStructure(wireBodyStructure(value))).not.toThrow();
    }
  });
});

describe('INTERNALDATE', () => {
  it('reads the IMAP date-time with its zone and refuses anything else', () => {
    expect(parseInternalDate(' 1-Feb-2024 00:00:00 +0130')?.toISOString()).toBe('2024-01-31T22:30:00.000Z');
    expect(parseInternalDate('31-Foo-2024 00:00:00 +0000')).toBeUndefined();
    expect(parseInternalDate('2024-02-01T00:00:00Z')).toBeUndefined();
  });

  it('refuses a date-time that names no real time rather than rolling it over, and keeps years below 100', () => {
    expect(parseInternalDate('31-Feb-2024 10:00:00 +0000')).toBeUndefined();
    expect(parseInternalDate('17-Jul-1996 24:00:00 +0000')).toBeUndefined();
    expect(parseInternalDate('99-Jan-2024 99:99:99 +9999')).toBeUndefined();
    expect(parseInternalDate('29-Feb-2024 23:59:60 +0000')?.toISOString()).toBe('2024-02-29T23:59:59.000Z');
    expect(parseInternalDate('17-Jul-0099 02:44:25 -0700')?.getUTCFullYear()).toBe(99);
  });
});

describe('numbers from a broken or hostile server', () => {
  const fetch = (attributes: string) => {
    const response = parseResponse(Buffer.from(`* 1 FETCH (${attributes})\r\n`));
    if (response.kind !== 'fetch') throw new Error('not a fetch');
    return toFetchMessage(response.seq, response.attributes);
  };
  const dated = 'RFC822.SIZE 1 INTERNALDATE "17-Jul-1996 02:44:25 -0700"';

  it.each(['0', '-1', '1.5', '1e3', '0x10', '+7', '4294967296', '99999999999999999999'])('drops a row whose UID is %s, as imapflow does', (uid) => {
    expect(fetch(`UID ${uid} ${dated}`)).toBeNull();
  });

  it('keeps the largest UID and reads decimal digits only for sizes and modseqs', () => {
    expect(fetch(`UID 4294967295 ${dated}`)?.uid).toBe(4_294_967_295);
    expect(fetch('UID 5 RFC822.SIZE -1 INTERNALDATE "17-Jul-1996 02:44:25 -0700"')?.size).toBeUndefined();
    expect(fetch('UID 5 RFC822.SIZE 1e3 INTERNALDATE "17-Jul-1996 02:44:25 -0700"')?.size).toBeUndefined();
    expect(fetch(`UID 5 ${dated} MODSEQ (9223372036854775807)`)?.modseq).toBe(9_223_372_036_854_775_807n);
    expect(fetch(`UID 5 ${dated} MODSEQ (9223372036854775808)`)?.modseq).toBeUndefined();
    expect(fetch(`UID 5 ${dated} MODSEQ (1e3)`)?.modseq).toBeUndefined();
  });

  it('refuses a FETCH whose message number is not one, and still reads "* 0 EXISTS"', () => {
    expect(() => parseResponse(Buffer.from('* 99999999999999999999 FETCH (UID 5 RFC822.SIZE 1)\r\n'))).toThrow(WireError);
    expect(() => parseResponse(Buffer.from('* 0 FETCH (UID 5 RFC822.SIZE 1)\r\n'))).toThrow(WireError);
    expect(parseResponse(Buffer.from('* 0 EXISTS\r\n'))).toMatchObject({ kind: 'untagged', name: 'EXISTS' });
  });
});

describe('bounds against a broken or hostile server', () => {
  it('refuses at once a literal larger than any summary needs, instead of waiting for it', () => {
    const splitter = createResponseSplitter();
    expect(() => splitter.push(Buffer.from(`* 1 FETCH (UID 1 BODY[1] {${MAX_LITERAL_BYTES + 1}}\r\n`))).toThrow(WireError);
  });

  it('refuses a response that grows past the bound without ending', () => {
    const splitter = createResponseSplitter();
    splitter.push(Buffer.from('* 1 FETCH (UID 1 X "'));
    const piece = Buffer.alloc(1024 * 1024, 0x61);
    expect(() => {
      for (let sent = 0; sent <= MAX_RESPONSE_BYTES; sent += piece.length) splitter.push(piece);
    }).toThrow(WireError);
  });

  it('splits a long line arriving in small chunks in linear time', () => {
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    const split = (chunks: number) => {
      const splitter = createResponseSplitter();
      splitter.push(Buffer.from('* 1 FETCH (UID 1 X "'));
      for (let i = 0; i < chunks; i += 1) splitter.push(chunk);
      if (splitter.push(Buffer.from('")\r\n')).length !== 1) throw new Error('the response did not end');
    };
    expect(growthFactor(64, (chunks) => chunks, split)).toBeLessThan(GROWTH_LIMIT);
  });

  it('reads a parameter name of many "*" in linear time', () => {
    const structure = (size: number) => parseResponse(Buffer.from(`* 1 FETCH (UID 1 RFC822.SIZE 1 BODYSTRUCTURE ("TEXT" "PLAIN" ("${'*'.repeat(size)}\u2028" "v") NIL NIL "7BIT" 1 1))\r\n`));
    const read = (response: ReturnType<typeof parseResponse>) => {
      if (response.kind === 'fetch') wireBodyStructure(response.attributes.get('BODYSTRUCTURE'));
    };
    expect(growthFactor(2000, structure, read)).toBeLessThan(GROWTH_LIMIT);
  });
});
