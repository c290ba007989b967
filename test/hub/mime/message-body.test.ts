// parseMessageBody and extractAttachment against the fixed corpus, cross-checked with
// mailparser's simpleParser (an independent path to the same bytes), and against a
// 20 MB attachment.
import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { nameForType } from '../../../electron/hub/mime/attachment-type-name';
import { decodeSnippet, extractAttachment, parseMessageBody } from '../../../electron/hub/mime/index';
import { buildCorpus } from '../../support/corpus';
import { buildMalformedCorpus } from '../../support/malformed-corpus';

const corpus = buildCorpus();

/** The corpus writes bodies with LF line endings and no trailing newline. */
const asWritten = (text: string | null): string | null => (text === null ? null : text.replace(/\r\n/g, '\n').replace(/\n+$/, ''));

describe('parseMessageBody on the fixed corpus', () => {
  it.each(corpus.map((message) => [message.expected.messageId, message] as const))('%s gives the text, HTML and attachments the corpus wrote', async (_id, message) => {
    const body = await parseMessageBody(message.raw);
    const { expected } = message;
    expect(asWritten(body.text)).toBe(expected.text ?? null);
    expect(asWritten(body.html)).toBe(expected.html ?? null);
    expect(body.attachments).toEqual(
      expected.attachments.map((attachment, index) => ({
        index,
        // A part that names none is named from its type (attachment-type-name.ts).
        filename: attachment.filename || nameForType(attachment.contentType),
        contentType: attachment.contentType,
        size: attachment.size,
        contentId: attachment.contentId ?? null,
        disposition: attachment.disposition,
      })),
    );
  });

  it('returns HTML as received: cid: links untouched', async () => {
    const inline = corpus.find((message) => message.expected.messageId === '<inline-image@mailmind.test>');
    const body = await parseMessageBody(inline?.raw ?? Buffer.alloc(0));
    expect(body.html).toContain('src="cid:logo-1@mailmind.test"');
  });
});

describe('extractAttachment', () => {
  const withAttachments = corpus.filter((message) => message.expected.attachments.length > 0);

  it.each(withAttachments.map((message) => [message.expected.messageId, message] as const))('%s: every attachment matches simpleParser byte for byte', async (_id, message) => {
    const reference = await simpleParser(message.raw, { keepCidLinks: true });
    expect(reference.attachments).toHaveLength(message.expected.attachments.length);
    for (const [index, expected] of message.expected.attachments.entries()) {
      const extracted = await extractAttachment(message.raw, index);
      expect(extracted?.info).toMatchObject({ index, filename: expected.filename || nameForType(expected.contentType), size: expected.size, disposition: expected.disposition });
      expect(extracted?.content.equals(reference.attachments[index]?.content ?? Buffer.alloc(0))).toBe(true);
    }
  });

  it('gives null for an index that does not exist', async () => {
    const message = withAttachments[0];
    if (!message) throw new Error('the corpus has no attachments');
    for (const index of [-1, 1.5, Number.NaN, message.expected.attachments.length, 1e9]) expect(await extractAttachment(message.raw, index)).toBeNull();
    expect(await extractAttachment(corpus[0]?.raw ?? Buffer.alloc(0), 0)).toBeNull();
    expect(await extractAttachment(Buffer.alloc(0), 0)).toBeNull();
  });
});

describe('parseMessageBody: degenerate input', () => {
  it('gives an empty body for empty, header-only and non-buffer input', async () => {
    const empty = { text: null, html: null, attachments: [] };
    expect(await parseMessageBody(Buffer.alloc(0))).toEqual(empty);
    expect(await parseMessageBody(Buffer.from('Subject: x\r\n\r\n'))).toEqual(empty);
    expect(await parseMessageBody(Buffer.from('Subject: no blank line'))).toEqual(empty);
    expect(await parseMessageBody(undefined as unknown as Buffer)).toEqual(empty);
  });

  it('shows the body bytes when the parser gives up after some parts (more MIME parts than it takes)', async () => {
    const parts = Array.from({ length: 6_000 }, (_, i) => `--b\r\nContent-Type: image/gif\r\nContent-Disposition: attachment; filename="p${i}.gif"\r\n\r\nGIF\r\n`).join('');
    const raw = Buffer.from(`Subject: Many parts\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nThe words the sender wrote.\r\n${parts}--b--\r\n`);
    const body = await parseMessageBody(raw);
    expect(body.text).toContain('The words the sender wrote.');
  });

  it('decodes a body in an unknown charset with the hub fallback, not U+FFFD', async () => {
    const raw = Buffer.from('Content-Type: text/plain; charset=x-klingon-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nCaf\xe9 cr\xe8me\r\n', 'latin1');
    expect((await parseMessageBody(raw)).text).toBe('Café crème\n');
  });
});

describe('parseMessageBody: bytes that are not UTF-8 under a UTF-8 or US-ASCII label, or none', () => {
  /** A one-part 8bit message: `head` lines, then `body` (latin1 string: one char per byte). */
  const message = (head: string[], body: string): Buffer => Buffer.from([...head, 'Content-Transfer-Encoding: 8bit', '', body, ''].join('\r\n'), 'latin1');
  const latin1 = 'Gr\xfc\xdfe aus K\xf6ln, caf\xe9';

  it('decodes them as the snippet of the same part does, in text and HTML alike', async () => {
    for (const [type, label] of [['text/plain', '; charset=utf-8'], ['text/plain', '; charset=us-ascii'], ['text/plain', ''], ['text/html', '; charset=UTF-8']] as const) {
      const body = await parseMessageBody(message([`Content-Type: ${type}${label}`], latin1));
      const snippet = decodeSnippet(Buffer.from(latin1, 'latin1'), '8bit', label.replace(/^; charset=/, ''), type);
      expect(snippet).toBe('Grüße aus Köln, café');
      expect(type === 'text/html' ? body.html : body.text).toBe(`${snippet}\n`);
    }
  });

  it('reads an HTML part without a charset in the one its <meta> names, as its snippet does', async () => {
    const html = '<meta charset="windows-1251"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>';
    expect((await parseMessageBody(message(['Content-Type: text/html'], html))).html).toBe('<meta charset="windows-1251"><p>Привет</p>\n');
  });

  it('keeps valid UTF-8 byte for byte (a stale <meta> and a byte order mark too), and each part of an alternative by its own bytes', async () => {
    const utf8 = Buffer.from('\ufeffGrüße 😀', 'utf8').toString('latin1');
    expect((await parseMessageBody(message(['Content-Type: text/plain; charset=utf-8'], utf8))).text).toBe('\ufeffGrüße 😀\n');
    const stale = Buffer.from('<meta charset="iso-8859-1"><p>Grüße</p>', 'utf8').toString('latin1');
    expect((await parseMessageBody(message(['Content-Type: text/html'], stale))).html).toBe('<meta charset="iso-8859-1"><p>Grüße</p>\n');
    const both = Buffer.from(
      ['Content-Type: multipart/alternative; boundary=b', '', '--b', 'Content-Type: text/plain; charset=utf-8', '', 'caf\xe9', '--b', 'Content-Type: text/html; charset=utf-8', '', '<p>caf\xc3\xa9</p>', '--b--', ''].join('\r\n'),
      'latin1',
    );
    const parsed = await parseMessageBody(both);
    // Latin-1 in the text part, UTF-8 in the HTML part: each read by its own bytes.
    expect([parsed.text, parsed.html]).toEqual(['café', '<p>café</p>']);
  });
});

describe('a 20 MB attachment', () => {
  const huge = buildMalformedCorpus().find((message) => message.name === 'huge-base64-attachment-20mb');
  const twentyMegabytes = 20 * 1024 * 1024;

  it('is listed with its decoded size and extracted whole, in bounded time and memory', async () => {
    if (!huge) throw new Error('the malformed corpus lost its 20 MB message');
    const raw = huge.raw;
    const rssBefore = process.memoryUsage().rss;
    let started = performance.now();
    const body = await parseMessageBody(raw);
    const parseMs = performance.now() - started;
    expect(body.text).toBe('The archive is attached.');
    expect(body.attachments).toEqual([{ index: 0, filename: 'archive.zip', contentType: 'application/zip', size: twentyMegabytes, contentId: null, disposition: 'attachment' }]);

    started = performance.now();
    const extracted = await extractAttachment(raw, 0);
    const extractMs = performance.now() - started;
    expect(extracted?.content.length).toBe(twentyMegabytes);
    // The content re-encoded is exactly the base64 text of the message.
    const encodedStart = raw.indexOf('base64\r\n\r\n') + 'base64\r\n\r\n'.length;
    const encoded = raw.toString('latin1', encodedStart, raw.lastIndexOf('--huge--')).replace(/\r\n/g, '');
    expect(extracted?.content.toString('base64')).toBe(encoded);
    const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    // Generous bounds: this documents the order of magnitude, it is not a benchmark.
    expect(parseMs).toBeLessThan(10_000);
    expect(extractMs).toBeLessThan(10_000);
    expect(rssGrowthMb).toBeLessThan(400);
  }, 60_000);
});
