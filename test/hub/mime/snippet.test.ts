// decodeSnippet on part prefixes as a partial FETCH returns them: cut anywhere, in any
// transfer encoding and charset, plain text or HTML.
import { describe, expect, it } from 'vitest';
import { GROWTH_LIMIT, growthFactor } from '../../support/linear-growth';
import iconv from 'iconv-lite';
import { decodeSnippet } from '../../../electron/hub/mime/index';

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');
const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
const base64Of = (bytes: Buffer): Buffer => latin1(bytes.toString('base64').replace(/.{76}/g, '$&\r\n'));

/** Quoted-printable (RFC 2045 section 6.7) of every non-ASCII byte and "=", no soft breaks. */
function qpOf(bytes: Buffer): Buffer {
  let text = '';
  for (const byte of bytes) text += byte >= 0x80 || byte === 0x3d ? `=${byte.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(byte);
  return latin1(text);
}

describe('decodeSnippet: transfer encodings cut anywhere', () => {
  const text = 'Grüße aus München – bis bald! 🚀 Ende.';
  const bytes = utf8(text);

  it('decodes complete base64, quoted-printable, 8bit and 7bit parts', () => {
    expect(decodeSnippet(base64Of(bytes), 'base64', 'utf-8', 'text/plain')).toBe(text);
    expect(decodeSnippet(qpOf(bytes), 'quoted-printable', 'utf-8', 'text/plain')).toBe(text);
    expect(decodeSnippet(bytes, '8bit', 'utf-8', 'text/plain')).toBe(text);
    expect(decodeSnippet(latin1('plain ascii'), '7bit', 'us-ascii', 'text/plain')).toBe('plain ascii');
    expect(decodeSnippet(base64Of(bytes), ' BASE64', 'UTF-8', 'text/plain')).toBe(text);
  });

  it('gives a clean prefix of the text for every cut of a base64 part', () => {
    const encoded = base64Of(bytes);
    for (let cut = 1; cut <= encoded.length; cut++) {
      const snippet = decodeSnippet(encoded.subarray(0, cut), 'base64', 'utf-8', 'text/plain');
      expect(snippet, `cut at ${cut}`).not.toMatch(/[\uFFFD\u00C3\u00E2]/);
      expect(text.startsWith(snippet), `cut at ${cut}: ${snippet}`).toBe(true);
    }
  });

  it('gives a clean prefix of the text for every cut of a quoted-printable part', () => {
    const encoded = qpOf(bytes);
    for (let cut = 1; cut <= encoded.length; cut++) {
      const snippet = decodeSnippet(encoded.subarray(0, cut), 'quoted-printable', 'utf-8', 'text/plain');
      expect(snippet, `cut at ${cut}`).not.toMatch(/[=\uFFFD\u00C3\u00E2]/);
      expect(text.startsWith(snippet), `cut at ${cut}: ${snippet}`).toBe(true);
    }
  });

  it('drops a multibyte character cut in half in legacy charsets too', () => {
    const japanese = '会議の議事録を送ります';
    const sjis = iconv.encode(japanese, 'shift_jis');
    for (let cut = 1; cut <= sjis.length; cut++) {
      const snippet = decodeSnippet(sjis.subarray(0, cut), '8bit', 'shift_jis', 'text/plain');
      expect(japanese.startsWith(snippet), `cut at ${cut}: ${snippet}`).toBe(true);
    }
  });

  it('drops a soft line break cut between its CR and LF', () => {
    expect(decodeSnippet(latin1('See you on Monday=\r'), 'quoted-printable', 'utf-8', 'text/plain')).toBe('See you on Monday');
    expect(decodeSnippet(latin1('See you on Monday=  \r'), 'quoted-printable', 'utf-8', 'text/plain')).toBe('See you on Monday');
  });

  it('handles soft line breaks and broken escapes in quoted-printable', () => {
    expect(decodeSnippet(latin1('soft=\r\nbreak and =ZZ kept, caf=C3=A9'), 'quoted-printable', 'utf-8', 'text/plain')).toBe('softbreak and =ZZ kept, café');
  });

  it('ignores junk characters in base64 and decodes concatenated padded segments', () => {
    expect(decodeSnippet(latin1('SGVs!!bG8=\r\nIHdvcmxk'), 'base64', 'utf-8', 'text/plain')).toBe('Hello world');
  });
});

describe('decodeSnippet: charsets', () => {
  it('decodes declared legacy charsets', () => {
    expect(decodeSnippet(iconv.encode('Привет из Москвы', 'koi8-r'), '8bit', 'koi8-r', 'text/plain')).toBe('Привет из Москвы');
    expect(decodeSnippet(iconv.encode('Réservation – 25 €', 'windows-1252'), '8bit', 'windows-1252', 'text/plain')).toBe('Réservation – 25 €');
    expect(decodeSnippet(latin1('\x1b$B$3$s$K$A$O\x1b(B'), '7bit', 'iso-2022-jp', 'text/plain')).toBe('こんにちは');
  });

  it('guesses for unknown, missing and lying charsets', () => {
    expect(decodeSnippet(latin1('Caf\xe9 cr\xe8me'), '8bit', 'x-klingon-8', 'text/plain')).toBe('Café crème');
    expect(decodeSnippet(latin1('Gr\xfc\xdfe'), '8bit', 'utf-8', 'text/plain')).toBe('Grüße');
    expect(decodeSnippet(utf8('Grüße ✓'), '7bit', 'us-ascii', 'text/plain')).toBe('Grüße ✓');
    expect(decodeSnippet(utf8('Grüße ✓'), '8bit', '', 'text/plain')).toBe('Grüße ✓');
    expect(decodeSnippet(latin1('\x80 5'), '8bit', 'iso-8859-1', 'text/plain')).toBe('€ 5');
  });

  it('keeps the last character of short legacy text that only looks like a cut UTF-8 sequence', () => {
    for (const charset of ['us-ascii', '', 'x-unknown']) {
      expect(decodeSnippet(latin1('Merci beaucoup, Ren\xe9'), '8bit', charset, 'text/plain'), charset).toBe('Merci beaucoup, René');
    }
    // A real cut UTF-8 character is still dropped, whatever the label.
    expect(decodeSnippet(utf8('Grüße ✓').subarray(0, -1), '8bit', 'us-ascii', 'text/plain')).toBe('Grüße');
    expect(decodeSnippet(utf8('Hi ✓').subarray(0, -1), '8bit', '', 'text/plain')).toBe('Hi');
    expect(decodeSnippet(utf8('Hi é').subarray(0, -1), '8bit', 'utf-8', 'text/plain')).toBe('Hi');
  });

  it('reads the charset of an HTML part from its <meta> when Content-Type names none or us-ascii', () => {
    const page = (head: string, body: string, charset: string): Buffer =>
      Buffer.concat([latin1(`<html><head>${head}<title>News</title></head><body><p>`), iconv.encode(body, charset), latin1('</p></body></html>')]);
    expect(decodeSnippet(page('<meta charset="windows-1251">', 'Привет из Москвы', 'windows-1251'), '8bit', '', 'text/html')).toBe('Привет из Москвы');
    const httpEquiv = '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=Shift_JIS">';
    expect(decodeSnippet(page(httpEquiv, '会議の議事録', 'shift_jis'), '8bit', 'us-ascii', 'text/html')).toBe('会議の議事録');
    expect(decodeSnippet(latin1('<meta charset=iso-2022-jp><p>\x1b$B$3$s$K$A$O\x1b(B</p>'), '7bit', '', 'text/html')).toBe('こんにちは');
    // A charset parameter wins over the <meta>, and a <meta> claiming UTF-16 is not believed.
    expect(decodeSnippet(page('<meta charset="windows-1251">', 'Grüße', 'utf-8'), '8bit', 'utf-8', 'text/html')).toBe('Grüße');
    expect(decodeSnippet(page('<meta charset="utf-16">', 'Grüße', 'utf-8'), '8bit', '', 'text/html')).toBe('Grüße');
    // UTF-8 bytes under a stale <meta> (a page converted to UTF-8 that kept its old one) stay UTF-8.
    expect(decodeSnippet(page('<meta charset="iso-8859-1">', 'Café crème à Zürich', 'utf-8'), '8bit', '', 'text/html')).toBe('Café crème à Zürich');
  });

  it('never decodes UTF-7 into markup', () => {
    expect(decodeSnippet(latin1('+ADw-b+AD4-hi'), '7bit', 'utf-7', 'text/html')).toBe('+ADw-b+AD4-hi');
  });

  it('strips a byte order mark', () => {
    expect(decodeSnippet(utf8('\uFEFFHello'), '8bit', 'utf-8', 'text/plain')).toBe('Hello');
  });
});

describe('decodeSnippet: HTML', () => {
  const html = (markup: string): string => decodeSnippet(utf8(markup), '8bit', 'utf-8', 'text/html');

  it('keeps visible text only, entities decoded, whitespace collapsed', () => {
    expect(
      html('<html><head><title>Subject</title><style>p { color: red }</style></head><body><!-- hidden --><script>alert("x")</script><p>Your report is <b>ready</b>.</p><ul><li>12&nbsp;tasks</li><li>3 &amp; done &#8212; &eacute;</li></ul></body></html>'),
    ).toBe('Your report is ready. 12 tasks 3 & done — é');
  });

  it('copes with a prefix cut inside a tag, a comment or a style block', () => {
    expect(html('<p>Visible</p><a href="https://exa')).toBe('Visible');
    expect(html('<p>Visible</p><!-- comment cut')).toBe('Visible');
    expect(html(`<head><style>${'x{}'.repeat(1000)}`)).toBe('');
  });

  it('drops a character reference the prefix cut in half', () => {
    for (const cut of ['&', '&am', '&amp', '&#82', '&#x20A', '&nbs']) expect(html(`<p>Fish ${cut}`), cut).toBe('Fish');
    expect(html('<p>Fish &amp; chips')).toBe('Fish & chips');
    expect(html('<p>AT&T</p>')).toBe('AT&T');
  });

  it('removes preheader padding made of zero-width characters', () => {
    expect(html('<div>Preheader text&zwnj;&nbsp;&zwnj;&nbsp;&#8203;&#847;</div><p>Body</p>')).toBe('Preheader text Body');
  });

  it('skips blockquotes when there is other text, keeps them when there is not', () => {
    expect(html('<p>My answer.</p><div>On Monday Bob wrote:</div><blockquote><p>The question?</p><blockquote>older</blockquote></blockquote>')).toBe('My answer.');
    expect(html('<blockquote><p>Only a quote.</p></blockquote>')).toBe('Only a quote.');
  });

  it('stays linear on hostile markup', () => {
    const hostile = (size: number) => `<p>start</p>${'<div>'.repeat(size)}${'a<b '.repeat(size * 2.5)}`;
    expect(html(hostile(20_000)).startsWith('start')).toBe(true);
    expect(growthFactor(2000, hostile, html)).toBeLessThan(GROWTH_LIMIT);
  });
});

describe('decodeSnippet: plain text', () => {
  const plain = (text: string, maxLength?: number): string => decodeSnippet(utf8(text), '8bit', 'utf-8', 'text/plain', maxLength);

  it('skips quoted reply lines and their attribution when there is other text', () => {
    expect(plain('Sounds good.\r\n\r\nOn Mon, 8 Jan 2024, Bob wrote:\r\n> Shall we?\r\n>> Older\r\n\r\nCheers')).toBe('Sounds good. Cheers');
    expect(plain('> only\r\n> quoted')).toBe('> only > quoted');
  });

  it('stops at an Outlook original-message separator', () => {
    expect(plain('Yes.\r\n\r\n-----Original Message-----\r\nFrom: Bob\r\nShall we?')).toBe('Yes.');
  });

  it('cuts at maxLength without splitting a surrogate pair', () => {
    expect(plain('a'.repeat(500))).toHaveLength(200);
    expect(plain('word '.repeat(10), 12)).toBe('word word wo');
    expect(plain('ab🚀cd', 3)).toBe('ab');
    expect(plain('ab🚀cd', 4)).toBe('ab🚀');
    expect(plain('anything', 0)).toBe('');
  });

  it('gives an empty string for empty or non-buffer input', () => {
    expect(plain('')).toBe('');
    expect(plain(' \r\n\t ')).toBe('');
    expect(decodeSnippet(null as unknown as Buffer, 'base64', 'utf-8', 'text/plain')).toBe('');
    expect(decodeSnippet(utf8('x'), undefined as unknown as string, undefined as unknown as string, 'text/plain')).toBe('x');
  });
});
