/**
 * Charset encoders built by inverting Node's decoders.
 *
 * Legacy charsets: Node ships decoders (TextDecoder with full ICU) but no encoders.
 * Rather than depend on a transitive package (iconv-lite), `encodeText` builds each
 * encoder once by inverting Node's own decoder over the charset's byte space. The
 * encoding is then checked by an independent implementation (the one in the client)
 * when tests decode it.
 */

export type Charset = 'utf-8' | 'us-ascii' | 'iso-8859-1' | 'windows-1252' | 'koi8-r' | 'shift_jis' | 'iso-2022-jp';

/** windows-1252 bytes 0x80–0x9F; U+FFFD marks the five undefined positions. */
const WINDOWS_1252_C1 = '€\uFFFD‚ƒ„…†‡ˆ‰Š‹Œ\uFFFDŽ\uFFFD\uFFFD‘’“”•–—˜™š›œ\uFFFDžŸ';

/** char → bytes, for one charset; built lazily, once. */
const encoderTables = new Map<Charset, Map<string, number[]>>();

function addIfNew(table: Map<string, number[]>, decoded: string, bytes: number[]): void {
  // One character, no replacement char, and the first (canonical) byte sequence wins:
  // legacy charsets have duplicate code points (e.g. NEC/IBM rows in Shift_JIS).
  if (decoded.length === 0 || decoded.includes('\uFFFD') || [...decoded].length !== 1) return;
  if (!table.has(decoded)) table.set(decoded, bytes);
}

function buildEncoderTable(charset: Charset): Map<string, number[]> {
  const table = new Map<string, number[]>();
  if (charset === 'iso-8859-1') {
    // Not via TextDecoder: WHATWG maps the label 'iso-8859-1' to windows-1252.
    for (let byte = 0; byte < 256; byte++) table.set(String.fromCharCode(byte), [byte]);
  } else if (charset === 'windows-1252') {
    // Hand-written: Node 20's TextDecoder('windows-1252') returns '' for 0x80–0x9F (it
    // takes a Latin-1 fast path), which is exactly the range where cp1252 differs.
    for (let byte = 0; byte < 256; byte++) if (byte < 0x80 || byte > 0x9f) table.set(String.fromCharCode(byte), [byte]);
    [...WINDOWS_1252_C1].forEach((char, offset) => {
      if (char !== '\uFFFD') table.set(char, [0x80 + offset]);
    });
  } else if (charset === 'koi8-r') {
    const decoder = new TextDecoder(charset);
    for (let byte = 0; byte < 256; byte++) addIfNew(table, decoder.decode(Uint8Array.of(byte)), [byte]);
  } else if (charset === 'shift_jis') {
    const decoder = new TextDecoder('shift_jis');
    for (let byte = 0; byte < 0x80; byte++) addIfNew(table, decoder.decode(Uint8Array.of(byte)), [byte]);
    // Half-width katakana are single bytes 0xA1–0xDF.
    for (let byte = 0xa1; byte <= 0xdf; byte++) addIfNew(table, decoder.decode(Uint8Array.of(byte)), [byte]);
    const leads = [...range(0x81, 0x9f), ...range(0xe0, 0xfc)];
    const trails = [...range(0x40, 0x7e), ...range(0x80, 0xfc)];
    for (const lead of leads) {
      for (const trail of trails) addIfNew(table, decoder.decode(Uint8Array.of(lead, trail)), [lead, trail]);
    }
  } else if (charset === 'iso-2022-jp') {
    // Only the JIS X 0208 plane (ESC $ B); ASCII is handled by the run encoder.
    const decoder = new TextDecoder('iso-2022-jp');
    for (const first of range(0x21, 0x7e)) {
      for (const second of range(0x21, 0x7e)) {
        addIfNew(table, decoder.decode(Uint8Array.of(0x1b, 0x24, 0x42, first, second, 0x1b, 0x28, 0x42)), [first, second]);
      }
    }
  }
  return table;
}

function* range(first: number, last: number): Generator<number> {
  for (let value = first; value <= last; value++) yield value;
}

function tableFor(charset: Charset): Map<string, number[]> {
  let table = encoderTables.get(charset);
  if (!table) {
    table = buildEncoderTable(charset);
    encoderTables.set(charset, table);
  }
  return table;
}

/** Encodes `text` in `charset`; throws on a character the charset cannot represent. */
export function encodeText(text: string, charset: Charset): Buffer {
  if (charset === 'utf-8') return Buffer.from(text, 'utf8');
  if (charset === 'us-ascii') {
    if ([...text].some((char) => (char.codePointAt(0) ?? 0) > 0x7f)) throw new Error(`not ASCII: ${text}`);
    return Buffer.from(text, 'latin1');
  }
  const bytes: number[] = [];
  if (charset === 'iso-2022-jp') {
    // Stateful: switch to JIS X 0208 with ESC $ B and back with ESC ( B; the text must
    // end in ASCII mode (RFC 1468).
    const table = tableFor(charset);
    let inJis = false;
    for (const char of text) {
      const code = char.codePointAt(0) ?? 0;
      if (code < 0x80) {
        if (inJis) bytes.push(0x1b, 0x28, 0x42);
        inJis = false;
        bytes.push(code);
        continue;
      }
      const pair = table.get(char);
      if (!pair) throw new Error(`cannot encode ${JSON.stringify(char)} in ${charset}`);
      if (!inJis) bytes.push(0x1b, 0x24, 0x42);
      inJis = true;
      bytes.push(...pair);
    }
    if (inJis) bytes.push(0x1b, 0x28, 0x42);
    return Buffer.from(bytes);
  }
  const table = tableFor(charset);
  for (const char of text) {
    const encoded = table.get(char);
    if (!encoded) throw new Error(`cannot encode ${JSON.stringify(char)} in ${charset}`);
    bytes.push(...encoded);
  }
  return Buffer.from(bytes);
}
