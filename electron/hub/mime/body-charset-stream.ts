// mailparser decodes body charsets with libmime, which reads a charset it does not know as
// UTF-8 with U+FFFD replacements ("Caf\uFFFD" for windows-1252 bytes labelled
// "x-klingon-8"). Its documented `Iconv` option accepts any class shaped like node-iconv's
// `new Iconv(from, to)` stream; this one applies the hub's charset fallback instead
// (charset-decoding.ts). mailparser itself still skips decoding for UTF-8 and US-ASCII
// labels (and no label), unless the part was relabelled with checkedCharsetLabel
// (checked-mail-parser.ts), and refuses UTF-7, so that never reaches it.
import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import { decodeCharset } from './charset-decoding';
import { textPartCharset } from './html-meta-charset';

// A label no charset has, which mailparser therefore hands to the Iconv option: the part's own
// label follows it, after its type.
const CHECKED_LABEL = /^x-mailmind-checked-(html|text);(.*)$/s;

/** A text part's label (UTF-8, US-ASCII or none) as given to mailparser so that BodyCharsetStream decodes it, checking that it is UTF-8. */
export function checkedCharsetLabel(charset: string | undefined, isHtml: boolean): string {
  return `x-mailmind-checked-${isHtml ? 'html' : 'text'};${charset ?? ''}`;
}

/** node-iconv shaped: `new BodyCharsetStream(fromCharset, 'UTF-8//...')`, UTF-8 bytes out. */
export class BodyCharsetStream extends Transform {
  private readonly chunks: Buffer[] = [];
  private readonly charset: string;
  /** Set for a part relabelled by checkedCharsetLabel: whether it is HTML. */
  private readonly checked: { isHtml: boolean } | null = null;

  constructor(fromCharset: string, _toCharset?: string) {
    super();
    const checked = CHECKED_LABEL.exec(fromCharset);
    this.charset = checked ? (checked[2] ?? '') : fromCharset;
    if (checked) this.checked = { isHtml: checked[1] === 'html' };
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    // Buffered whole: a text part is small, and a stateful charset (ISO-2022-JP) or a
    // multibyte character split across chunks decodes correctly only in one piece.
    this.chunks.push(chunk);
    done();
  }

  override _flush(done: TransformCallback): void {
    const bytes = Buffer.concat(this.chunks);
    if (!this.checked) {
      done(null, Buffer.from(decodeCharset(bytes, this.charset), 'utf8'));
      return;
    }
    // Valid UTF-8 goes on byte for byte, as mailparser would have decoded it; anything else is
    // decoded as its snippet was (windows-1252, or the charset an HTML <meta> names).
    if (isUtf8(bytes)) {
      done(null, bytes);
      return;
    }
    done(null, Buffer.from(decodeCharset(bytes, textPartCharset(bytes, this.charset, this.checked.isHtml)), 'utf8'));
  }
}
