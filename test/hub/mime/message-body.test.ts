// parseMessageBody and extractAttachment against the fixed corpus, cross-checked with
// mailparser's simpleParser (an independent path to the same bytes), and against a
// 20 MB attachment.
import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { extractAttachment, parseMessageBody } from '../../../electron/hub/mime/index';
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
        filename: attachment.filename || null,
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
      expect(extracted?.info).toMatchObject({ index, filename: expected.filename || null, size: expected.size, disposition: expected.disposition });
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
