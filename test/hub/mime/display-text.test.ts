// Subjects and names are shown on one line in the message list: nothing decoded from a
// header may reorder that line or break it.
import { describe, expect, it } from 'vitest';
import { parseHeaderBlock } from '../../../electron/hub/mime/index';

const headers = (...lines: string[]) => parseHeaderBlock(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'));

describe('parseHeaderBlock: text fit for one line', () => {
  it('removes bidi overrides, embeddings and isolates, so a file name shows its real extension', () => {
    // U+202E (RLO) would display "Invoicefdp.exe" as "Invoiceexe.pdf".
    expect(headers('Subject: =?UTF-8?Q?Invoice=E2=80=AEfdp.exe?=').subject).toBe('Invoicefdp.exe');
    // U+202A-U+202D and U+2066-U+2069, raw UTF-8 in a display name.
    const name = '=?UTF-8?B?' + Buffer.from('\u202aA\u202bB\u202cC\u202dD\u2066E\u2067F\u2068G\u2069H').toString('base64') + '?=';
    expect(headers(`From: ${name} <a@example.com>`).from).toEqual({ name: 'ABCDEFGH', address: 'a@example.com' });
  });

  it('removes C1 controls and turns line and paragraph separators into spaces', () => {
    expect(headers('Subject: =?UTF-8?Q?a=C2=80b=C2=9Fc?=').subject).toBe('abc');
    expect(headers('Subject: =?UTF-8?Q?line=E2=80=A8break=E2=80=A9here?=').subject).toBe('line break here');
    expect(headers('Subject: =?UTF-8?Q?next=C2=85line?=').subject).toBe('next line');
  });

  it('keeps right-to-left text and ordinary punctuation as written', () => {
    const hebrew = '=?UTF-8?B?' + Buffer.from('שלום – “hi” €').toString('base64') + '?=';
    expect(headers(`Subject: ${hebrew}`).subject).toBe('שלום – “hi” €');
  });
});
