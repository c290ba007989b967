// Undoes a Content-Transfer-Encoding (RFC 2045 section 6) on a prefix of a part: the sync
// engine fetches only the first few KB for a snippet, so the input may stop in the middle
// of a base64 quad or a quoted-printable escape.
import libqp from 'libqp';

/** Decodes `bytes` as `encoding`; unknown encodings (7bit, 8bit, binary, x-*) pass through. */
export function decodeTransferPrefix(bytes: Buffer, encoding: string): Buffer {
  switch (encoding.trim().toLowerCase()) {
    case 'base64': {
      // RFC 2045 section 6.8: characters outside the alphabet are ignored. Node's decoder
      // does that, and turns a trailing partial quad into the whole bytes it holds (2 chars
      // give 1 byte, 3 give 2), which is exactly what a cut prefix should yield. It stops
      // at the first "=", so padded segments that were concatenated are decoded one by one.
      const segments = bytes.toString('latin1').replace(/[^A-Za-z0-9+/=]+/g, '').split(/=+/);
      return Buffer.concat(segments.filter(Boolean).map((segment) => Buffer.from(segment, 'base64')));
    }
    case 'quoted-printable': {
      // A cut "=" or "=X" at the very end is half an escape, and "=\r" (cut before the LF)
      // half a soft line break, which may carry trailing whitespace (RFC 2045 section 6.7,
      // rule 3): drop them rather than show an "=".
      const text = bytes.toString('latin1').replace(/=(?:[0-9A-Fa-f]|[ \t]*\r?)$/, '');
      return libqp.decode(text);
    }
    default:
      return bytes;
  }
}
