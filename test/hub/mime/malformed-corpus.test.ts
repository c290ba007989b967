// Every MIME function on every malformed message: no throw, no hang, sensible fallbacks.
// (imap-round-trip.test.ts feeds the same messages through Dovecot and imapflow.)
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GROWTH_LIMIT, growthFactor } from '../../support/linear-growth';
import { decodeSnippet, extractAttachment, parseHeaderBlock, parseMessageBody, summarizeBodyStructure, type ParsedHeaders } from '../../../electron/hub/mime/index';
import { buildMalformedCorpus } from '../../support/malformed-corpus';

const corpus = buildMalformedCorpus();
const small = corpus.filter((entry) => entry.name !== 'huge-base64-attachment-20mb');
const headersOf = (name: string): ParsedHeaders => parseHeaderBlock(corpus.find((entry) => entry.name === name)?.raw ?? Buffer.alloc(0));
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('the malformed corpus', () => {
  it('has fifty non-empty messages with unique names, the same bytes on every build', () => {
    expect(corpus).toHaveLength(50);
    expect(new Set(corpus.map((entry) => entry.name)).size).toBe(50);
    const again = buildMalformedCorpus();
    for (const [index, entry] of corpus.entries()) {
      expect(entry.raw.length, entry.name).toBeGreaterThan(0);
      const other = again[index];
      expect(other?.name).toBe(entry.name);
      expect(createHash('sha256').update(other?.raw ?? '').digest('hex'), entry.name).toBe(createHash('sha256').update(entry.raw).digest('hex'));
    }
  }, 30_000);
});

describe('parseHeaderBlock on malformed messages', () => {
  it.each(corpus.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
    const parsed = parseHeaderBlock(entry.raw);
    expect(typeof parsed.subject).toBe('string');
    // eslint-disable-next-line no-control-regex -- asserting that no control character survives
    expect(parsed.subject).not.toMatch(/[\u0000-\u001f\u007f]/);
    for (const list of [parsed.to, parsed.cc, parsed.replyTo, parsed.references]) expect(Array.isArray(list)).toBe(true);
    for (const address of [parsed.from, ...parsed.to, ...parsed.cc, ...parsed.replyTo]) {
      if (address) expect(address.name || address.address).not.toBe('');
    }
    if (parsed.date !== null) expect(parsed.date).toMatch(ISO_DATE);
  });

  it('decodes raw 8-bit headers readably, whatever their encoding', () => {
    expect(headersOf('raw-latin1-headers')).toMatchObject({ subject: 'Grüße aus München', from: { name: 'Jürgen Müller', address: 'juergen@mailmind.test' } });
    expect(headersOf('raw-utf8-headers')).toMatchObject({ subject: 'Straße ✓ 日本語', from: { name: 'Zoë Ünal' } });
    expect(headersOf('raw-invalid-utf8-headers').subject).toMatch(/^Invalid .+ UTF-8 .+ here$/);
    expect(headersOf('control-and-nul-headers').subject).toBe('Bell  escape [31m red [0m tab here NUL here');
  });

  it('keeps the first of duplicate headers and rejects impossible dates', () => {
    expect(headersOf('date-garbage-duplicate-headers')).toMatchObject({ subject: 'first subject wins', from: { address: 'first@mailmind.test' }, messageId: '<malformed-v2@mailmind.test>', date: null, contentType: 'text/plain' });
    expect(headersOf('date-year-99999').date).toBeNull();
  });

  it('leaves broken encoded words readable and decodes what it can', () => {
    expect(headersOf('encoded-words-invalid-charsets').subject).toBe('café =??B?SGk=?= =?utf-8?X?what?= =?utf-8?B?!!notbase64!!?= =?utf-8?Q?unterminated');
    expect(headersOf('subject-10000-encoded-words').subject).toBe('w0w1w2w3w4w5w6w7w8w9'.repeat(1000));
    expect(headersOf('long-header-line-100k').subject).toHaveLength('long '.repeat(20_480).trim().length);
  });

  it('reads odd address lists and line endings', () => {
    expect(headersOf('addresses-without-at')).toMatchObject({
      from: { name: '', address: 'MAILER-DAEMON' },
      to: [{ address: 'root' }, { address: 'postmaster' }, { name: 'Just A Name', address: '' }],
    });
    const odd = headersOf('address-groups-and-oddities');
    expect(odd.from).toEqual({ name: 'Doe, John', address: 'john@mailmind.test' });
    expect(odd.to).toEqual([]);
    expect(odd.cc.slice(0, 3)).toEqual([
      { name: '', address: 'a@mailmind.test' },
      { name: 'B, Bee', address: 'b@mailmind.test' },
      { name: 'Comment C', address: 'c@mailmind.test' },
    ]);
    expect(odd.replyTo).toContainEqual({ name: 'Encoded ✓', address: 'enc@mailmind.test' });
    expect(headersOf('mixed-line-endings')).toMatchObject({ subject: 'bare CR and LF mixed', from: { address: 'mixed@mailmind.test' }, to: [{ address: 'alice@mailmind.test' }] });
    expect(headersOf('bare-lf-line-endings')).toMatchObject({ subject: 'bare LF only', contentType: 'multipart/mixed' });
  });

  it('reads thousands of References and an In-Reply-To without brackets', () => {
    const parsed = headersOf('references-5000-ids');
    expect(parsed.references).toHaveLength(5000);
    expect(parsed.references[4999]).toBe('<ref-4999@mailmind.test>');
    expect(parsed.inReplyTo).toBe('<ref-4999@mailmind.test>');
  });

  it('gives the empty summary for messages without a header block', () => {
    expect(headersOf('near-empty')).toEqual({ subject: 'x', from: null, to: [], cc: [], replyTo: [], date: null, messageId: null, inReplyTo: null, references: [], contentType: null });
    expect(headersOf('no-headers-at-all').subject).toBe('');
  });
});

describe('parseMessageBody and extractAttachment on malformed messages', () => {
  it.each(small.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const body = await parseMessageBody(entry.raw);
    expect(body.text === null || typeof body.text === 'string').toBe(true);
    expect(body.html === null || typeof body.html === 'string').toBe(true);
    body.attachments.forEach((attachment, index) => expect(attachment.index).toBe(index));
    // Extraction agrees with the listing (the first few; thousand-tiny-parts has a hundred).
    for (const attachment of body.attachments.slice(0, 5)) {
      const extracted = await extractAttachment(entry.raw, attachment.index);
      expect(extracted?.info).toEqual(attachment);
      expect(extracted?.content.length).toBe(attachment.size);
    }
    expect(await extractAttachment(entry.raw, body.attachments.length)).toBeNull();
  });

  it('recovers the readable text of broken bodies', async () => {
    const textOf = async (name: string): Promise<string | null> => (await parseMessageBody(corpus.find((entry) => entry.name === name)?.raw ?? Buffer.alloc(0))).text;
    expect(await textOf('charset-unknown')).toBe('Café crème brûlée\n');
    expect(await textOf('charset-ascii-label-utf8-bytes')).toBe('Grüße aus München ✓\n');
    expect(await textOf('base64-truncated-quad')).toMatch(/^Hello, world!/);
    expect(await textOf('boundary-no-closing')).toBe('First part.');
    expect(await textOf('deep-nesting-100')).toContain('Innermost text after 100 levels.');
  });

  it('falls back to the raw body when MIME parsing finds nothing, so no content is lost', async () => {
    const textOf = async (name: string): Promise<string | null> => (await parseMessageBody(corpus.find((entry) => entry.name === name)?.raw ?? Buffer.alloc(0))).text;
    expect(await textOf('boundary-never-used')).toContain('Hello from the wrong boundary.');
    expect(await textOf('boundary-parameter-missing')).toContain('Where is my boundary?');
    expect(await textOf('multipart-preamble-only')).toBe('This is a multi-part message in MIME format.\nBut no part ever starts.\n');
    expect(await textOf('mixed-line-endings')).toBe('Line one\nLine two\nLine three\n');
    expect(await textOf('header-only-no-body')).toBeNull();
    expect(await textOf('near-empty')).toBeNull();
  });

  it('reduces hostile attachment names to a safe last path segment', async () => {
    const body = await parseMessageBody(corpus.find((entry) => entry.name === 'attachment-hostile-filenames')?.raw ?? Buffer.alloc(0));
    const names = body.attachments.map((attachment) => attachment.filename);
    expect(names[0]).toBe('passwd');
    expect(names[1]).toMatch(/^broken.*gap$/);
    expect(names[2]).toHaveLength(255);
    expect(names[2]).toMatch(/^n+\.png$/);
  });

  it('lists the attachments of a message with 1,000 parts', async () => {
    const body = await parseMessageBody(corpus.find((entry) => entry.name === 'thousand-tiny-parts')?.raw ?? Buffer.alloc(0));
    expect(body.attachments.map((attachment) => attachment.filename)).toEqual(Array.from({ length: 100 }, (_unused, index) => `part-${(index + 1) * 10}.bin`));
  });
});

describe('decodeSnippet on malformed bodies, under every encoding and charset', () => {
  const encodings = ['base64', 'quoted-printable', '8bit', '7bit', 'binary', 'x-unknown', ''];
  const charsets = ['utf-8', 'us-ascii', 'iso-8859-1', 'shift_jis', 'iso-2022-jp', 'utf-16', 'utf-7', 'x-klingon', ''];

  it('never throws and stays within maxLength', () => {
    for (const entry of small) {
      const bodyStart = entry.raw.indexOf('\r\n\r\n');
      const body = entry.raw.subarray(bodyStart < 0 ? 0 : bodyStart + 4, (bodyStart < 0 ? 0 : bodyStart + 4) + 4096);
      for (const encoding of encodings) {
        for (const charset of charsets) {
          for (const type of ['text/plain', 'text/html'] as const) {
            const snippet = decodeSnippet(body, encoding, charset, type);
            expect(snippet.length, `${entry.name} ${encoding} ${charset} ${type}`).toBeLessThanOrEqual(200);
          }
        }
      }
    }
  }, 60_000);
});

describe('summarizeBodyStructure on input that is not a structure', () => {
  it('gives no attachments and no text part for garbage', () => {
    for (const garbage of [undefined, null, 42, 'text/plain', [], [{ type: 'text/plain' }], { childNodes: 'nope', type: 'multipart/mixed' }, { type: 'multipart/mixed' }]) {
      expect(summarizeBodyStructure(garbage)).toEqual({ hasAttachments: false, textPart: null });
    }
  });

  it('survives cyclic and enormous structures', () => {
    const cyclic: { type: string; childNodes: unknown[] } = { type: 'multipart/mixed', childNodes: [] };
    cyclic.childNodes.push(cyclic, cyclic, { type: 'application/pdf' });
    expect(summarizeBodyStructure(cyclic).hasAttachments).toBe(true);

    let deep: unknown = { type: 'text/plain' };
    for (let level = 0; level < 100_000; level++) deep = { type: 'multipart/mixed', childNodes: [deep] };
    expect(summarizeBodyStructure(deep)).toEqual({ hasAttachments: false, textPart: null });

    const wide = (size: number) => ({ type: 'multipart/mixed', childNodes: Array.from({ length: size }, () => ({ type: 'text/plain' })) });
    expect(summarizeBodyStructure(wide(100_000)).textPart?.part).toBe('1');
    expect(growthFactor(10_000, wide, summarizeBodyStructure)).toBeLessThan(GROWTH_LIMIT);
  });

  it('reads mistyped fields as absent', () => {
    expect(summarizeBodyStructure({ type: 'TEXT/HTML', parameters: { CHARSET: 'UTF-8' }, encoding: 7, disposition: ['x'] })).toEqual({
      hasAttachments: false,
      textPart: { part: '1', type: 'text/html', encoding: '7bit', charset: 'utf-8' },
    });
  });
});
