// RFC 2047 / RFC 2231 / transfer encodings, and the MIME tree built with them.
import { encodeText, type Charset } from './charset-encoder.js';

/** RFC 2047 Q encoding of bytes (header variant: space → '_'). */
function qEncodeBytes(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) {
    if (byte === 0x20) out += '_';
    else if (/[A-Za-z0-9!*+\-/]/.test(String.fromCharCode(byte))) out += String.fromCharCode(byte);
    else out += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * RFC 2047 encoded word(s) for `text`. Long text is split on character boundaries into
 * several words (each at most 75 characters, as the RFC requires), joined by folding
 * whitespace, which decoders drop between adjacent encoded words.
 */
export function encodeWord(text: string, charset: Charset, encoding: 'B' | 'Q'): string {
  const words: string[] = [];
  let chunk = '';
  const render = (piece: string): string => {
    const bytes = encodeText(piece, charset);
    const payload = encoding === 'B' ? bytes.toString('base64') : qEncodeBytes(bytes);
    return `=?${charset.toUpperCase()}?${encoding}?${payload}?=`;
  };
  for (const char of text) {
    if (chunk && render(chunk + char).length > 75) {
      words.push(render(chunk));
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(render(chunk));
  return words.join('\r\n ');
}

/** RFC 2231 extended parameter value: charset''percent-encoded, optionally continued. */
export function rfc2231Parameter(name: string, value: string, pieceLength?: number): string {
  const encoded = [...Buffer.from(value, 'utf8')]
    .map((byte) => (/[A-Za-z0-9.\-_]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
  if (!pieceLength) return `${name}*=UTF-8''${encoded}`;
  // Continuations must not split a %XX triplet.
  const pieces: string[] = [];
  let rest = encoded;
  while (rest.length > 0) {
    let cut = Math.min(pieceLength, rest.length);
    const percent = rest.lastIndexOf('%', cut - 1);
    if (percent >= 0 && percent > cut - 3) cut = percent;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  return pieces.map((piece, index) => `${name}*${index}*=${index === 0 ? "UTF-8''" : ''}${piece}`).join(';\r\n ');
}

function base64Body(bytes: Buffer): Buffer {
  const lines = bytes.toString('base64').match(/.{1,76}/g) ?? [];
  return Buffer.from(lines.map((line) => `${line}\r\n`).join(''), 'latin1');
}

/** Quoted-printable body of already charset-encoded text (LF-separated lines). */
function quotedPrintableBody(bytes: Buffer): Buffer {
  const out: string[] = [];
  const lines = bytes.toString('latin1').split('\n');
  for (const line of lines) {
    let encoded = '';
    let width = 0;
    const chars = [...line];
    chars.forEach((char, index) => {
      const code = char.charCodeAt(0);
      const atEnd = index === chars.length - 1;
      const literal = (code >= 33 && code <= 126 && code !== 61) || ((code === 32 || code === 9) && !atEnd);
      const token = literal ? char : `=${code.toString(16).toUpperCase().padStart(2, '0')}`;
      if (width + token.length > 75) {
        encoded += '=\r\n';
        width = 0;
      }
      encoded += token;
      width += token.length;
    });
    out.push(encoded);
  }
  return Buffer.from(`${out.join('\r\n')}\r\n`, 'latin1');
}

/** 7bit/8bit body: text lines with CRLF endings. */
function lineBody(bytes: Buffer): Buffer {
  const crlf = Buffer.from('\r\n');
  const parts: Buffer[] = [];
  let start = 0;
  for (let index = 0; index <= bytes.length; index++) {
    if (index === bytes.length || bytes[index] === 0x0a) {
      parts.push(bytes.subarray(start, index), crlf);
      start = index + 1;
    }
  }
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------------------
// MIME tree

export interface MimePart {
  headers: [string, string][];
  body: Buffer;
}

type TransferEncoding = '7bit' | '8bit' | 'quoted-printable' | 'base64';

export function textPart(subtype: 'plain' | 'html', text: string, charset: Charset, transferEncoding: TransferEncoding): MimePart {
  const bytes = encodeText(text, charset);
  const body =
    transferEncoding === 'base64' ? base64Body(bytes) : transferEncoding === 'quoted-printable' ? quotedPrintableBody(bytes) : lineBody(bytes);
  return {
    headers: [
      ['Content-Type', `text/${subtype}; charset=${charset === 'shift_jis' ? 'Shift_JIS' : charset.toUpperCase()}`],
      ['Content-Transfer-Encoding', transferEncoding],
    ],
    body,
  };
}

export function binaryPart(contentType: string, content: Buffer, extraHeaders: [string, string][]): MimePart {
  return {
    headers: [['Content-Type', contentType], ['Content-Transfer-Encoding', 'base64'], ...extraHeaders],
    body: base64Body(content),
  };
}

export function multipart(subtype: 'alternative' | 'mixed' | 'related', boundary: string, parts: MimePart[], typeParameters = ''): MimePart {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`), serializePart(part));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    headers: [['Content-Type', `multipart/${subtype}; boundary="${boundary}"${typeParameters}`]],
    body: Buffer.concat(chunks),
  };
}

export function serializePart(part: MimePart): Buffer {
  const head = part.headers.map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'utf8'), part.body]);
}
