// mailparser decodes body charsets with libmime, which reads a charset it does not know as
// UTF-8 with U+FFFD replacements ("Caf\uFFFD" for windows-1252 bytes labelled
// "x-klingon-8"). Its documented `Iconv` option accepts any class shaped like node-iconv's
// `new Iconv(from, to)` stream; this one applies the hub's charset fallback instead
// (charset-decoding.ts). mailparser itself still skips decoding for UTF-8 and US-ASCII
// labels and refuses UTF-7, so those never reach it.
import { Transform, type TransformCallback } from 'node:stream';
import { decodeCharset } from './charset-decoding';

/** node-iconv shaped: `new BodyCharsetStream(fromCharset, 'UTF-8//...')`, UTF-8 bytes out. */
export class BodyCharsetStream extends Transform {
  private readonly chunks: Buffer[] = [];
  private readonly charset: string;

  constructor(fromCharset: string, _toCharset?: string) {
    super();
    this.charset = fromCharset;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    // Buffered whole: a text part is small, and a stateful charset (ISO-2022-JP) or a
    // multibyte character split across chunks decodes correctly only in one piece.
    this.chunks.push(chunk);
    done();
  }

  override _flush(done: TransformCallback): void {
    done(null, Buffer.from(decodeCharset(Buffer.concat(this.chunks), this.charset), 'utf8'));
  }
}
