// The attachments of a message just opened are parsed once for the burst of requests a reader
// with inline images makes, with real MIME through mailparser.
import { describe, expect, it } from 'vitest';
import { createAttachmentCache } from '../../../electron/hub/api/attachment-cache';

const IMAGES = 30;

/** A message with IMAGES inline images (each its own bytes) and one PDF attachment. */
function messageWithInlineImages(): { raw: Buffer; contents: Buffer[] } {
  const contents: Buffer[] = [];
  let body = '--b\r\nContent-Type: text/html\r\n\r\n<p>' + Array.from({ length: IMAGES }, (_, i) => `<img src="cid:i${i}@x">`).join('') + '</p>\r\n';
  for (let i = 0; i < IMAGES; i += 1) {
    const bytes = Buffer.from(`GIF89a image number ${i}`);
    contents.push(bytes);
    body += `--b\r\nContent-Type: image/gif\r\nContent-ID: <i${i}@x>\r\nContent-Disposition: inline\r\nContent-Transfer-Encoding: base64\r\n\r\n${bytes.toString('base64')}\r\n`;
  }
  const pdf = Buffer.from('%PDF-1.4 the attachment');
  contents.push(pdf);
  body += `--b\r\nContent-Type: application/pdf; name="a.pdf"\r\nContent-Disposition: attachment; filename="a.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${pdf.toString('base64')}\r\n--b--\r\n`;
  const raw = Buffer.from(`From: a@example.test\r\nSubject: Inline\r\nContent-Type: multipart/related; boundary=b\r\n\r\n${body}`);
  return { raw, contents };
}

describe('attachment cache', () => {
  it('answers a burst of requests for every part from one read of the source, each with its own bytes', async () => {
    const { raw, contents } = messageWithInlineImages();
    const cache = createAttachmentCache();
    let loads = 0;
    const load = async (): Promise<Buffer> => {
      loads += 1;
      return raw;
    };
    const got = await Promise.all(contents.map((_, index) => cache.get('m1', index, load)));
    expect(got.map((part) => part?.content.toString())).toEqual(contents.map((bytes) => bytes.toString()));
    expect(got[IMAGES]?.info).toMatchObject({ filename: 'a.pdf', contentType: 'application/pdf' });
    expect(await cache.get('m1', IMAGES + 1, load)).toBeNull();
    expect(loads).toBe(1);
  });

  it('does not hold a message above the size limit, or a failed read, and still answers each part', async () => {
    const { raw, contents } = messageWithInlineImages();
    const cache = createAttachmentCache({ maxMessageBytes: 100 });
    let loads = 0;
    const load = async (): Promise<Buffer> => {
      loads += 1;
      return raw;
    };
    expect((await cache.get('big', 3, load))?.content.toString()).toBe(contents[3]!.toString());
    expect((await cache.get('big', 4, load))?.content.toString()).toBe(contents[4]!.toString());
    expect(loads).toBe(2);
    const failing = async (): Promise<Buffer> => {
      throw new Error('offline');
    };
    await expect(cache.get('m2', 0, failing)).rejects.toThrow('offline');
    expect((await cache.get('m2', 0, load))?.content.toString()).toBe(contents[0]!.toString());
  });
});
