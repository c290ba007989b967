// RFC 2047 encoded words (encoded-words.ts) undo the Q/B payload themselves and decode the
// bytes with libmime's charsets. Wherever libmime.decodeWords is right (a known charset, a
// valid payload), the two must give the same text; where it is not, this file says what the
// hub gives instead, and why.
import libmime from 'libmime';
import { describe, expect, it } from 'vitest';
import { decodeEncodedWords } from '../../../electron/hub/mime/encoded-words';
import { encodeText, type Charset } from '../../support/mail/charset-encoder';
import { seededRandom } from '../../support/mail/seeded-random';

const random = seededRandom(2047);
const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Text each charset can encode, with spaces, underscores, '=' and '?' that Q must escape. */
const TEXTS: Record<Charset, string[]> = {
  'utf-8': ['Grüße aus Köln', 'naïve café_bar = 2?', '東京の会議 📅', 'Ελληνικά και русский'],
  'us-ascii': ['plain subject_line = x?', 'Re: [list] a+b'],
  'iso-8859-1': ['Grüße aus Köln', 'señor année ½'],
  'windows-1252': ['“quoted” – €100 …', 'Œuvre™ déjà'],
  'koi8-r': ['Привет, мир', 'Счёт номер 5'],
  shift_jis: ['東京の会議', 'ｶﾀｶﾅ テスト'],
  'iso-2022-jp': ['東京の会議', '日本語の件名'],
};

function qEncode(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    if (byte === 0x20) out += '_';
    else if (/[A-Za-z0-9!*+\-/]/.test(char)) out += char;
    else out += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** One encoded word of `text` in `charset`; B or Q. */
function word(text: string, charset: Charset, encoding: 'B' | 'Q'): string {
  const bytes = encodeText(text, charset);
  return `=?${charset}?${encoding}?${encoding === 'B' ? bytes.toString('base64') : qEncode(bytes)}?=`;
}

describe('agrees with libmime.decodeWords on valid words', () => {
  it('one word, every charset, B and Q', () => {
    for (const [charset, texts] of Object.entries(TEXTS) as Array<[Charset, string[]]>) {
      for (const text of texts) {
        for (const encoding of ['B', 'Q'] as const) {
          const header = word(text, charset, encoding);
          expect(decodeEncodedWords(header), header).toBe(libmime.decodeWords(header));
          expect(decodeEncodedWords(header)).toBe(text);
        }
      }
    }
  });

  it('2,000 generated headers: words of several charsets among plain text, folded or not', () => {
    const charsets = Object.keys(TEXTS) as Charset[];
    for (let i = 0; i < 2000; i += 1) {
      const parts: string[] = [];
      const count = 1 + Math.floor(random() * 4);
      for (let p = 0; p < count; p += 1) {
        const charset = pick(charsets);
        parts.push(random() < 0.25 ? pick(['Re:', 'hello', '[list]', 'a = b', '']) : word(pick(TEXTS[charset]), charset, pick(['B', 'Q'] as const)));
      }
      const header = parts.join(pick([' ', '  ', '\r\n ', '\t']));
      expect(decodeEncodedWords(header), header).toBe(libmime.decodeWords(header));
    }
  });

  it('a multibyte character split across two words (forbidden, but mailers do it) joins again', () => {
    const header = '=?utf-8?Q?caf=C3?= =?utf-8?Q?=A9?=';
    expect(decodeEncodedWords(header)).toBe('café');
    expect(decodeEncodedWords(header)).toBe(libmime.decodeWords(header));
  });

  it('what libmime.encodeWords writes, split into many short words', () => {
    for (const text of [...TEXTS['utf-8'], 'x'.repeat(200), 'ü'.repeat(90)]) {
      for (const encoding of ['B', 'Q'] as const) {
        const header = libmime.encodeWords(text, encoding, 20);
        expect(decodeEncodedWords(header), header).toBe(text);
        expect(decodeEncodedWords(header)).toBe(libmime.decodeWords(header));
      }
    }
  });
});

describe('where libmime.decodeWords is not what a reader should see', () => {
  it('an unknown charset: the bytes read as UTF-8 when they are, else as Latin-1 (libmime: U+FFFD)', () => {
    expect(libmime.decodeWords('=?x-unknown?Q?caf=E9?=')).toBe('caf\uFFFD');
    expect(decodeEncodedWords('=?x-unknown?Q?caf=E9?=')).toBe('café');
    expect(decodeEncodedWords('=?x-unknown?B?Y2Fmw6k=?=')).toBe('café');
  });

  it('raw 8-bit text inside a Q word (invalid, but mailers write it) reads in the word\'s own charset', () => {
    // The header's raw bytes are decoded before the words are (header-fields.ts): "é" here was 0xE9.
    expect(decodeEncodedWords('=?iso-8859-1?Q?caf\u00e9_cr=E8me?=')).toBe('café crème');
    expect(decodeEncodedWords('=?windows-1252?Q?100\u20ac?=')).toBe('100€');
    expect(decodeEncodedWords('=?koi8-r?Q?\u041f\u0440\u0438=D7=C5=D4?=')).toBe('Привет');
    expect(decodeEncodedWords('=?utf-8?Q?caf\u00e9?=')).toBe('café');
  });

  it('a B word that is not base64 stays as written (libmime: garbage)', () => {
    expect(libmime.decodeWords('=?utf-8?B?not*base64!?=')).toContain('\uFFFD');
    expect(decodeEncodedWords('=?utf-8?B?not*base64!?=')).toBe('=?utf-8?B?not*base64!?=');
  });
});
