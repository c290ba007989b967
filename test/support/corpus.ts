/**
 * A deterministic mail corpus for tests: the same bytes on every call (no clock, no
 * unseeded randomness), so assertions can compare what a client decodes with what the
 * corpus says it wrote.
 *
 * - `buildCorpus()` is a fixed, hand-written set that covers the MIME shapes a mail
 *   client trips over: alternatives, attachments, inline images, legacy charsets in
 *   bodies and headers, RFC 2047 / RFC 2231 encodings, reply threads, flags.
 * - `syntheticMessages(n)` streams simple plain-text messages for benchmarks without
 *   materialising them all.
 *
 * Legacy charsets: Node ships decoders (TextDecoder with full ICU) but no encoders.
 * Rather than depend on a transitive package (iconv-lite), `encodeText` builds each
 * encoder once by inverting Node's own decoder over the charset's byte space. The
 * encoding is then checked by an independent implementation (the one in the client)
 * when tests decode it.
 */

/** The mailbox owner every corpus message is addressed to. */
export const CORPUS_OWNER = 'alice@mailmind.test';

export interface CorpusAttachment {
  /** Decoded file name (RFC 2231 / RFC 2047 already undone). */
  filename: string;
  contentType: string;
  /** Decoded size in bytes. */
  size: number;
  disposition: 'attachment' | 'inline';
  /** Without angle brackets, for parts referenced as `cid:` from HTML. */
  contentId?: string;
}

export interface CorpusExpectation {
  /** Decoded Subject; '' when the header is absent. */
  subject: string;
  /** Decoded display name of the first From address; '' when there is none. */
  fromName: string;
  fromAddress: string;
  /** Addresses (no names) of To, in header order. */
  to: string[];
  /** The Date header's instant. */
  date: Date;
  /** Message-ID header, with its angle brackets. */
  messageId: string;
  inReplyTo?: string;
  /** References header ids, oldest first, with angle brackets. */
  references: string[];
  /**
   * True when at least one part has `Content-Disposition: attachment`. Inline images
   * referenced by `cid:` from HTML do not count.
   */
  hasAttachments: boolean;
  attachments: CorpusAttachment[];
  /** The text/plain body as written: LF line endings, no trailing newline. */
  text?: string;
  /** The text/html body as written: LF line endings, no trailing newline. */
  html?: string;
}

export interface CorpusMessage {
  /** IMAP mailbox path with '/' as separator, e.g. 'INBOX', 'Archive', 'Sent'. */
  mailbox: string;
  /** The message exactly as it should be stored: CRLF line endings, never empty. */
  raw: Buffer;
  /** IMAP flags and keywords, e.g. ['\\Seen', '$Forwarded']. */
  flags: string[];
  /** INTERNALDATE (arrival time), a few seconds after the Date header. */
  internalDate: Date;
  expected: CorpusExpectation;
}

// ---------------------------------------------------------------------------
// Deterministic helpers

/** mulberry32: tiny seeded PRNG, good enough to vary test data reproducibly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** RFC 5322 date for `instant` as seen in a zone `offsetMinutes` east of UTC. */
export function formatRfc5322Date(instant: Date, offsetMinutes = 0): string {
  const local = new Date(instant.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = Math.abs(offsetMinutes);
  return (
    `${DAY_NAMES[local.getUTCDay()]}, ${pad2(local.getUTCDate())} ${MONTH_NAMES[local.getUTCMonth()]} ` +
    `${local.getUTCFullYear()} ${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:` +
    `${pad2(local.getUTCSeconds())} ${sign}${pad2(Math.floor(offset / 60))}${pad2(offset % 60)}`
  );
}

// ---------------------------------------------------------------------------
// Charset encoders built by inverting Node's decoders

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

// ---------------------------------------------------------------------------
// RFC 2047 / RFC 2231 / transfer encodings

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
function rfc2231Parameter(name: string, value: string, pieceLength?: number): string {
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

interface MimePart {
  headers: [string, string][];
  body: Buffer;
}

type TransferEncoding = '7bit' | '8bit' | 'quoted-printable' | 'base64';

function textPart(subtype: 'plain' | 'html', text: string, charset: Charset, transferEncoding: TransferEncoding): MimePart {
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

function binaryPart(contentType: string, content: Buffer, extraHeaders: [string, string][]): MimePart {
  return {
    headers: [['Content-Type', contentType], ['Content-Transfer-Encoding', 'base64'], ...extraHeaders],
    body: base64Body(content),
  };
}

function multipart(subtype: 'alternative' | 'mixed' | 'related', boundary: string, parts: MimePart[], typeParameters = ''): MimePart {
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

function serializePart(part: MimePart): Buffer {
  const head = part.headers.map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'utf8'), part.body]);
}

// ---------------------------------------------------------------------------
// Fixed corpus

const DOMAIN = 'mailmind.test';

interface Person {
  name: string;
  address: string;
}

const ALICE: Person = { name: 'Alice Example', address: CORPUS_OWNER };
const BOB: Person = { name: 'Bob Builder', address: `bob@${DOMAIN}` };
const CAROL: Person = { name: 'Carol Danvers', address: `carol@${DOMAIN}` };

/** A mailbox header value; `encodedName` overrides the quoted display name. */
function addressHeader(person: Person, encodedName?: string): string {
  if (encodedName !== undefined) return `${encodedName} <${person.address}>`;
  if (!person.name) return person.address;
  return `"${person.name.replace(/(["\\])/g, '\\$1')}" <${person.address}>`;
}

interface FixedMessageSpec {
  slug: string;
  mailbox: string;
  flags?: string[];
  from: Person;
  /** Pre-encoded From display name (RFC 2047 word or raw UTF-8). */
  fromHeaderName?: string;
  to?: Person[];
  cc?: Person[];
  /** Decoded subject; undefined means no Subject header at all. */
  subject?: string;
  /** Pre-encoded Subject header value. */
  subjectHeader?: string;
  /** Minutes after the corpus epoch. */
  minute: number;
  /** Zone of the Date header, minutes east of UTC. */
  zone?: number;
  inReplyTo?: string;
  references?: string[];
  extraHeaders?: [string, string][];
  body: MimePart;
  text?: string;
  html?: string;
  attachments?: CorpusAttachment[];
}

const CORPUS_EPOCH = Date.UTC(2024, 0, 8, 8, 0, 0); // Mon, 08 Jan 2024 08:00 UTC

function messageId(slug: string): string {
  return `<${slug}@${DOMAIN}>`;
}

function buildFixedMessage(spec: FixedMessageSpec): CorpusMessage {
  const date = new Date(CORPUS_EPOCH + spec.minute * 60_000);
  const to = spec.to ?? [ALICE];
  const headers: [string, string][] = [
    ['From', addressHeader(spec.from, spec.fromHeaderName)],
    ['To', to.map((person) => addressHeader(person)).join(', ')],
  ];
  if (spec.cc) headers.push(['Cc', spec.cc.map((person) => addressHeader(person)).join(', ')]);
  if (spec.subjectHeader !== undefined || spec.subject !== undefined) headers.push(['Subject', spec.subjectHeader ?? spec.subject ?? '']);
  headers.push(['Date', formatRfc5322Date(date, spec.zone ?? 0)], ['Message-ID', messageId(spec.slug)]);
  if (spec.inReplyTo) headers.push(['In-Reply-To', spec.inReplyTo]);
  if (spec.references?.length) headers.push(['References', spec.references.join('\r\n ')]);
  headers.push(['MIME-Version', '1.0'], ...(spec.extraHeaders ?? []), ...spec.body.headers);
  const raw = serializePart({ headers, body: spec.body.body });
  const attachments = spec.attachments ?? [];
  return {
    mailbox: spec.mailbox,
    raw,
    flags: spec.flags ?? [],
    internalDate: new Date(date.getTime() + 42_000),
    expected: {
      subject: spec.subject ?? '',
      fromName: spec.from.name,
      fromAddress: spec.from.address,
      to: to.map((person) => person.address),
      date,
      messageId: messageId(spec.slug),
      inReplyTo: spec.inReplyTo,
      references: spec.references ?? [],
      hasAttachments: attachments.some((attachment) => attachment.disposition === 'attachment'),
      attachments,
      text: spec.text,
      html: spec.html,
    },
  };
}

/** Deterministic pseudo-binary content that starts with a real file signature. */
function fakeFile(signature: string, size: number, seed: number): Buffer {
  const random = seededRandom(seed);
  const bytes = Buffer.alloc(size);
  for (let index = 0; index < size; index++) bytes[index] = Math.floor(random() * 256);
  Buffer.from(signature, 'latin1').copy(bytes, 0);
  return bytes;
}

// A real 1×1 transparent PNG, so inline-image rendering has something valid.
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** An attachment; the Content-Type `name` mirrors the disposition's `filename` (old clients read only that). */
function attachmentPart(contentType: string, content: Buffer, dispositionParameters: string): MimePart {
  const typeParameters = dispositionParameters.replace(/filename/g, 'name');
  return binaryPart(`${contentType};\r\n ${typeParameters}`, content, [['Content-Disposition', `attachment;\r\n ${dispositionParameters}`]]);
}

function fixedSpecs(): FixedMessageSpec[] {
  const specs: FixedMessageSpec[] = [];

  // 1. Plain ASCII text.
  const welcomeText = 'Hi Alice,\n\nwelcome to MailMind. This is a plain text message.\n\nCheers,\nBob';
  specs.push({
    slug: 'plain-welcome',
    mailbox: 'INBOX',
    flags: ['\\Seen'],
    from: BOB,
    subject: 'Welcome to MailMind',
    minute: 0,
    body: textPart('plain', welcomeText, 'us-ascii', '7bit'),
    text: welcomeText,
  });

  // 2. multipart/alternative: text + HTML.
  const altText = 'Your weekly report is ready.\n\n* 12 new tasks\n* 3 done';
  const altHtml = '<html><body><p>Your weekly report is <b>ready</b>.</p><ul><li>12 new tasks</li><li>3 done</li></ul></body></html>';
  specs.push({
    slug: 'alternative-report',
    mailbox: 'INBOX',
    flags: ['\\Flagged'],
    from: CAROL,
    subject: 'Weekly report (HTML)',
    minute: 30,
    zone: -300,
    body: multipart('alternative', 'alt-boundary-2', [textPart('plain', altText, 'utf-8', 'quoted-printable'), textPart('html', altHtml, 'utf-8', 'quoted-printable')]),
    text: altText,
    html: altHtml,
  });

  // 3. Text + PDF attachment.
  const pdf = fakeFile('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 6000, 3);
  const pdfText = 'Please find the contract attached.';
  specs.push({
    slug: 'attachment-pdf',
    mailbox: 'INBOX',
    flags: ['\\Seen'],
    from: BOB,
    subject: 'Contract draft',
    minute: 60,
    body: multipart('mixed', 'mixed-boundary-3', [
      textPart('plain', pdfText, 'us-ascii', '7bit'),
      attachmentPart('application/pdf', pdf, 'filename="contract.pdf"'),
    ]),
    text: pdfText,
    attachments: [{ filename: 'contract.pdf', contentType: 'application/pdf', size: pdf.length, disposition: 'attachment' }],
  });

  // 4. Inline image: alternative(text, related(html, png)).
  const inlineText = 'Our new logo is below.';
  const inlineHtml = '<html><body><p>Our new logo:</p><img src="cid:logo-1@mailmind.test" alt="logo"></body></html>';
  specs.push({
    slug: 'inline-image',
    mailbox: 'INBOX',
    from: CAROL,
    subject: 'New logo (inline image)',
    minute: 90,
    body: multipart('alternative', 'alt-boundary-4', [
      textPart('plain', inlineText, 'us-ascii', '7bit'),
      multipart(
        'related',
        'rel-boundary-4',
        [
          textPart('html', inlineHtml, 'us-ascii', '7bit'),
          binaryPart('image/png; name="logo.png"', TINY_PNG, [
            ['Content-ID', '<logo-1@mailmind.test>'],
            ['Content-Disposition', 'inline; filename="logo.png"'],
          ]),
        ],
        '; type="text/html"',
      ),
    ]),
    text: inlineText,
    html: inlineHtml,
    attachments: [{ filename: 'logo.png', contentType: 'image/png', size: TINY_PNG.length, disposition: 'inline', contentId: 'logo-1@mailmind.test' }],
  });

  // 5. Everything at once: mixed(alternative(text, related(html, png)), attachment).
  const csv = Buffer.from('name,amount\nwidgets,12\ngadgets,7\n', 'utf8');
  const fullText = 'Numbers attached, chart inline.';
  const fullHtml = '<p>Numbers attached, chart inline:</p><img src="cid:chart@mailmind.test">';
  specs.push({
    slug: 'mixed-everything',
    mailbox: 'INBOX',
    flags: ['\\Seen', '\\Flagged'],
    from: BOB,
    subject: 'Sales numbers with chart',
    minute: 120,
    body: multipart('mixed', 'mixed-boundary-5', [
      multipart('alternative', 'alt-boundary-5', [
        textPart('plain', fullText, 'us-ascii', '7bit'),
        multipart('related', 'rel-boundary-5', [
          textPart('html', fullHtml, 'us-ascii', '7bit'),
          binaryPart('image/png', TINY_PNG, [['Content-ID', '<chart@mailmind.test>'], ['Content-Disposition', 'inline']]),
        ]),
      ]),
      attachmentPart('text/csv', csv, 'filename="sales.csv"'),
    ]),
    text: fullText,
    html: fullHtml,
    attachments: [
      { filename: '', contentType: 'image/png', size: TINY_PNG.length, disposition: 'inline', contentId: 'chart@mailmind.test' },
      { filename: 'sales.csv', contentType: 'text/csv', size: csv.length, disposition: 'attachment' },
    ],
  });

  // 6. ISO-8859-1: Q-encoded subject and name, quoted-printable body.
  const latin1Name = 'Jürgen Müller';
  const latin1Subject = 'Grüße aus München';
  const latin1Text = 'Hallo Alice,\n\nviele Grüße aus München! Das Wetter ist schön, die Brezn sind groß.\n\nJürgen';
  specs.push({
    slug: 'charset-iso-8859-1',
    mailbox: 'INBOX',
    flags: ['\\Seen'],
    from: { name: latin1Name, address: `juergen@${DOMAIN}` },
    fromHeaderName: encodeWord(latin1Name, 'iso-8859-1', 'Q'),
    subject: latin1Subject,
    subjectHeader: encodeWord(latin1Subject, 'iso-8859-1', 'Q'),
    minute: 150,
    zone: 60,
    body: textPart('plain', latin1Text, 'iso-8859-1', 'quoted-printable'),
    text: latin1Text,
  });

  // 7. windows-1252: €, curly quotes and en dash live in 0x80–0x9F, where it differs
  // from ISO-8859-1.
  const cp1252Name = 'Amélie Dupont';
  const cp1252Subject = 'Réservation – 25 € “tout compris”';
  const cp1252Text = 'Bonjour Alice,\n\nLa réservation au café est confirmée – 25 € par personne, “tout compris”.\n\nÀ bientôt,\nAmélie';
  specs.push({
    slug: 'charset-windows-1252',
    mailbox: 'INBOX',
    from: { name: cp1252Name, address: `amelie@${DOMAIN}` },
    fromHeaderName: encodeWord(cp1252Name, 'windows-1252', 'Q'),
    subject: cp1252Subject,
    subjectHeader: encodeWord(cp1252Subject, 'windows-1252', 'B'),
    minute: 180,
    zone: 60,
    body: textPart('plain', cp1252Text, 'windows-1252', 'quoted-printable'),
    text: cp1252Text,
  });

  // 8. KOI8-R: B-encoded headers, raw 8bit body.
  const koiName = 'Иван Петров';
  const koiSubject = 'Привет из Москвы';
  const koiText = 'Здравствуйте, Алиса!\n\nПривет из Москвы. Встреча в пятницу в 10:00.\n\nИван';
  specs.push({
    slug: 'charset-koi8-r',
    mailbox: 'INBOX',
    flags: ['\\Seen', '\\Answered'],
    from: { name: koiName, address: `ivan@${DOMAIN}` },
    fromHeaderName: encodeWord(koiName, 'koi8-r', 'B'),
    subject: koiSubject,
    subjectHeader: encodeWord(koiSubject, 'koi8-r', 'B'),
    minute: 210,
    zone: 180,
    body: textPart('plain', koiText, 'koi8-r', '8bit'),
    text: koiText,
  });

  // 9. Shift_JIS: base64 body including half-width katakana (single bytes).
  const sjisName = '山田太郎';
  const sjisSubject = '会議の議事録';
  const sjisText = 'アリスさん\n\n本日の会議の議事録を送ります。ﾃｽﾄ用です。\n\n山田';
  specs.push({
    slug: 'charset-shift-jis',
    mailbox: 'INBOX',
    from: { name: sjisName, address: `yamada@${DOMAIN}` },
    fromHeaderName: encodeWord(sjisName, 'shift_jis', 'B'),
    subject: sjisSubject,
    subjectHeader: encodeWord(sjisSubject, 'shift_jis', 'B'),
    minute: 240,
    zone: 540,
    body: textPart('plain', sjisText, 'shift_jis', 'base64'),
    text: sjisText,
  });

  // 10. ISO-2022-JP: the classic Japanese mail charset, 7bit with escape sequences.
  const jisName = '佐藤花子';
  const jisSubject = 'お見積もりのご案内';
  const jisText = 'アリス様\n\nお見積もりをお送りいたします。\nご確認ください。\n\n佐藤';
  specs.push({
    slug: 'charset-iso-2022-jp',
    mailbox: 'Archive',
    flags: ['\\Seen'],
    from: { name: jisName, address: `sato@${DOMAIN}` },
    fromHeaderName: encodeWord(jisName, 'iso-2022-jp', 'B'),
    subject: jisSubject,
    subjectHeader: encodeWord(jisSubject, 'iso-2022-jp', 'B'),
    minute: 270,
    zone: 540,
    body: textPart('plain', jisText, 'iso-2022-jp', '7bit'),
    text: jisText,
  });

  // 11. UTF-8 subject split over a B word and a Q word plus plain text, emoji included.
  const utfName = 'José García';
  const utfSubject = 'Résumé: 🚀 launch plan für Q3 (draft)';
  specs.push({
    slug: 'rfc2047-mixed-words',
    mailbox: 'INBOX',
    from: { name: utfName, address: `jose@${DOMAIN}` },
    fromHeaderName: encodeWord(utfName, 'utf-8', 'Q'),
    subject: utfSubject,
    subjectHeader: `${encodeWord('Résumé: 🚀', 'utf-8', 'B')}\r\n ${encodeWord(' launch plan für', 'utf-8', 'Q')} Q3 (draft)`,
    minute: 300,
    body: textPart('plain', 'Plan attached soon.', 'utf-8', '8bit'),
    text: 'Plan attached soon.',
  });

  // 12. A long UTF-8 subject that must be split into several encoded words.
  const longSubject = 'Ünïcödé subject that is long enough to need several encoded words – ✓ überall';
  specs.push({
    slug: 'rfc2047-long-subject',
    mailbox: 'INBOX',
    flags: ['\\Seen'],
    from: CAROL,
    subject: longSubject,
    subjectHeader: encodeWord(longSubject, 'utf-8', 'B'),
    minute: 330,
    body: textPart('plain', 'Long subject test.', 'us-ascii', '7bit'),
    text: 'Long subject test.',
  });

  // 13. RFC 2231 file names: a simple extended value and a continued one.
  const overviewPdf = fakeFile('%PDF-1.7\n', 2500, 13);
  const notes = Buffer.from('äöü notes\n', 'utf8');
  const overviewName = 'Übersicht € 2024.pdf';
  const notesName = 'Sehr langer Dateiname mit Umlauten äöü und noch mehr Text.txt';
  specs.push({
    slug: 'rfc2231-filenames',
    mailbox: 'INBOX',
    from: BOB,
    subject: 'Files with international names',
    minute: 360,
    zone: 60,
    body: multipart('mixed', 'mixed-boundary-13', [
      textPart('plain', 'Two files with encoded names.', 'us-ascii', '7bit'),
      attachmentPart('application/pdf', overviewPdf, rfc2231Parameter('filename', overviewName)),
      attachmentPart('text/plain; charset=UTF-8', notes, rfc2231Parameter('filename', notesName, 30)),
    ]),
    text: 'Two files with encoded names.',
    attachments: [
      { filename: overviewName, contentType: 'application/pdf', size: overviewPdf.length, disposition: 'attachment' },
      { filename: notesName, contentType: 'text/plain', size: notes.length, disposition: 'attachment' },
    ],
  });

  // 14. RFC 2047 inside a quoted file name: not standard, but what Outlook and
  // Thunderbird send, so clients must decode it.
  const invoice = fakeFile('%PDF-1.5\n', 1800, 14);
  const invoiceName = 'Rechnung März.pdf';
  const encodedInvoiceName = `"${encodeWord(invoiceName, 'utf-8', 'B')}"`;
  specs.push({
    slug: 'rfc2047-filename',
    mailbox: 'Archive',
    flags: ['\\Seen'],
    from: { name: 'Buchhaltung', address: `billing@${DOMAIN}` },
    subject: 'Rechnung März',
    minute: 390,
    zone: 60,
    body: multipart('mixed', 'mixed-boundary-14', [
      textPart('plain', 'Anbei die Rechnung.', 'utf-8', 'quoted-printable'),
      attachmentPart('application/pdf', invoice, `filename=${encodedInvoiceName}`),
    ]),
    text: 'Anbei die Rechnung.',
    attachments: [{ filename: invoiceName, contentType: 'application/pdf', size: invoice.length, disposition: 'attachment' }],
  });

  // 15–19. A reply thread across INBOX and Sent.
  const thread = ['thread-q3-1', 'thread-q3-2', 'thread-q3-3', 'thread-q3-4', 'thread-q3-5'].map(messageId);
  const threadTurns: { from: Person; to: Person[]; cc?: Person[]; mailbox: string; flags: string[]; text: string }[] = [
    { from: BOB, to: [ALICE], mailbox: 'INBOX', flags: ['\\Seen', '\\Answered'], text: 'Can we plan Q3 next week?' },
    { from: ALICE, to: [BOB], mailbox: 'Sent', flags: ['\\Seen'], text: 'Sure, Tuesday works.' },
    { from: BOB, to: [ALICE], cc: [CAROL], mailbox: 'INBOX', flags: ['\\Seen', '\\Answered'], text: 'Tuesday 10:00 then. Adding Carol.' },
    { from: CAROL, to: [ALICE, BOB], mailbox: 'INBOX', flags: ['\\Flagged'], text: 'I will bring the numbers.' },
    { from: ALICE, to: [BOB, CAROL], mailbox: 'Sent', flags: ['\\Seen'], text: 'Great, see you both.' },
  ];
  threadTurns.forEach((turn, index) => {
    specs.push({
      slug: `thread-q3-${index + 1}`,
      mailbox: turn.mailbox,
      flags: turn.flags,
      from: turn.from,
      to: turn.to,
      cc: turn.cc,
      subject: index === 0 ? 'Quarterly planning' : 'Re: Quarterly planning',
      minute: 420 + index * 17,
      inReplyTo: index === 0 ? undefined : thread[index - 1],
      references: thread.slice(0, index),
      body: textPart('plain', turn.text, 'us-ascii', '7bit'),
      text: turn.text,
    });
  });

  // 20–22. An older archived thread with a reply in Sent.
  const invoiceThread = ['invoice-4711-1', 'invoice-4711-2', 'invoice-4711-3'].map(messageId);
  specs.push(
    {
      slug: 'invoice-4711-1',
      mailbox: 'Archive',
      flags: ['\\Seen', '\\Answered'],
      from: { name: 'Doe, John', address: `john.doe@${DOMAIN}` },
      subject: 'Invoice #4711',
      minute: -60 * 24 * 30,
      body: textPart('plain', 'Invoice #4711 is overdue.', 'us-ascii', '7bit'),
      text: 'Invoice #4711 is overdue.',
    },
    {
      slug: 'invoice-4711-2',
      mailbox: 'Sent',
      flags: ['\\Seen'],
      from: ALICE,
      to: [{ name: 'Doe, John', address: `john.doe@${DOMAIN}` }],
      subject: 'Re: Invoice #4711',
      minute: -60 * 24 * 30 + 45,
      inReplyTo: invoiceThread[0],
      references: invoiceThread.slice(0, 1),
      body: textPart('plain', 'Paid today, sorry for the delay.', 'us-ascii', '7bit'),
      text: 'Paid today, sorry for the delay.',
    },
    {
      slug: 'invoice-4711-3',
      mailbox: 'Archive',
      flags: ['\\Seen'],
      from: { name: 'Doe, John', address: `john.doe@${DOMAIN}` },
      subject: 'Re: Invoice #4711',
      minute: -60 * 24 * 29,
      inReplyTo: invoiceThread[1],
      references: invoiceThread.slice(0, 2),
      body: textPart('plain', 'Received, thanks!', 'us-ascii', '7bit'),
      text: 'Received, thanks!',
    },
  );

  // 23. HTML-only newsletter (no text/plain part).
  const newsletterHtml = '<html><body><h1>MailMind News</h1><p>Version 0.1 is out.</p></body></html>';
  specs.push({
    slug: 'html-only-newsletter',
    mailbox: 'Archive',
    flags: ['\\Seen'],
    from: { name: 'MailMind News', address: `news@${DOMAIN}` },
    subject: 'MailMind News: 0.1 is out',
    minute: -60 * 24 * 7,
    extraHeaders: [['List-Unsubscribe', `<mailto:unsubscribe@${DOMAIN}>`]],
    body: textPart('html', newsletterHtml, 'utf-8', 'quoted-printable'),
    html: newsletterHtml,
  });

  // 24. No Subject header, sender without display name.
  specs.push({
    slug: 'no-subject',
    mailbox: 'INBOX',
    from: { name: '', address: `noreply@${DOMAIN}` },
    minute: 480,
    body: textPart('plain', 'This message has no subject.', 'us-ascii', '7bit'),
    text: 'This message has no subject.',
  });

  // 25. Raw UTF-8 in headers (RFC 6532), as modern servers deliver.
  specs.push({
    slug: 'raw-utf8-headers',
    mailbox: 'INBOX',
    from: { name: 'Zoë Ünal', address: `zoe@${DOMAIN}` },
    fromHeaderName: 'Zoë Ünal',
    subject: 'Straße ✓ raw UTF-8 header',
    minute: 510,
    body: textPart('plain', 'Headers in raw UTF-8.', 'utf-8', '8bit'),
    text: 'Headers in raw UTF-8.',
  });

  // 26. A folded plain subject and a keyword flag.
  specs.push({
    slug: 'folded-subject-keyword',
    mailbox: 'INBOX',
    flags: ['\\Seen', '$Forwarded'],
    from: BOB,
    subject: 'A subject folded over two lines of the header',
    subjectHeader: 'A subject folded over two lines\r\n of the header',
    minute: 540,
    body: textPart('plain', 'Forwarded to the team.', 'us-ascii', '7bit'),
    text: 'Forwarded to the team.',
  });

  // 27. A draft.
  specs.push({
    slug: 'draft-unfinished',
    mailbox: 'Drafts',
    flags: ['\\Seen', '\\Draft'],
    from: ALICE,
    to: [CAROL],
    subject: 'Unfinished thoughts',
    minute: 570,
    body: textPart('plain', 'Dear Carol,', 'us-ascii', '7bit'),
    text: 'Dear Carol,',
  });

  return specs;
}

let fixedCorpusCache: CorpusMessage[] | undefined;

/**
 * The fixed corpus (27 messages over INBOX, Archive, Sent and Drafts). With `count`
 * larger than that, synthetic messages spread over INBOX/Archive/Sent follow; with a
 * smaller `count`, the first `count` fixed messages. Each call returns fresh objects
 * (the raw buffers are shared; treat them as read-only).
 */
export function buildCorpus(opts: { count?: number } = {}): CorpusMessage[] {
  fixedCorpusCache ??= fixedSpecs().map(buildFixedMessage);
  const fixed = fixedCorpusCache.map((message) => ({
    ...message,
    flags: [...message.flags],
    expected: { ...message.expected, to: [...message.expected.to], references: [...message.expected.references], attachments: message.expected.attachments.map((attachment) => ({ ...attachment })) },
  }));
  const count = opts.count ?? fixed.length;
  if (count <= fixed.length) return fixed.slice(0, count);
  const spread = ['INBOX', 'Archive', 'Sent'];
  const extra = syntheticMessages(count - fixed.length, {
    seed: 4711,
    startDate: new Date(CORPUS_EPOCH + 60 * 24 * 60_000),
    mailbox: (index) => spread[index % spread.length] ?? 'INBOX',
  });
  return [...fixed, ...extra];
}

// ---------------------------------------------------------------------------
// Synthetic corpus for benchmarks

export interface SyntheticOptions {
  /** PRNG seed; the same seed gives the same messages. Default 1. */
  seed?: number;
  /** Date of the first message; later ones are `intervalSeconds` apart. */
  startDate?: Date;
  intervalSeconds?: number;
  /** Target mailbox, fixed or per index. Default 'INBOX'. */
  mailbox?: string | ((index: number) => string);
  /** Recipient address. Default CORPUS_OWNER. */
  to?: string;
}

const FIRST_NAMES = ['Ada', 'Ben', 'Chloe', 'Dmitri', 'Eva', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kemal', 'Lena', 'Mateo', 'Nora', 'Oskar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tara'];
const LAST_NAMES = ['Lovelace', 'Okafor', 'Schmidt', 'Ivanova', 'Tanaka', 'Haddad', 'Novak', 'Silva', 'Berg', 'Kowalski', 'Moreau', 'Rossi'];
const SUBJECT_VERBS = ['Update on', 'Question about', 'Notes from', 'Reminder:', 'Draft of', 'Feedback on', 'Agenda for', 'Re:', 'Fwd:', 'Status of'];
const SUBJECT_TOPICS = ['the budget', 'release 2.4', 'onboarding', 'the offsite', 'invoice batch', 'customer call', 'design review', 'Q3 roadmap', 'hiring plan', 'server migration', 'the newsletter', 'team lunch'];
const BODY_WORDS = ['please', 'review', 'the', 'attached', 'numbers', 'before', 'our', 'meeting', 'and', 'let', 'me', 'know', 'if', 'anything', 'looks', 'off', 'thanks', 'again', 'for', 'quick', 'turnaround', 'schedule', 'project', 'deadline'];

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/**
 * Streams `count` simple plain-text messages: varied senders and subjects, unique
 * Message-IDs, strictly increasing dates, about 70% \Seen. Nothing is retained between
 * yields, so 50,000 messages cost only what the consumer keeps.
 */
export function* syntheticMessages(count: number, opts: SyntheticOptions = {}): Generator<CorpusMessage> {
  const seed = opts.seed ?? 1;
  const random = seededRandom(seed);
  const start = (opts.startDate ?? new Date(Date.UTC(2023, 0, 1, 0, 0, 0))).getTime();
  const interval = (opts.intervalSeconds ?? 60) * 1000;
  const to = opts.to ?? CORPUS_OWNER;
  for (let index = 0; index < count; index++) {
    const first = pick(FIRST_NAMES, random);
    const last = pick(LAST_NAMES, random);
    const fromName = `${first} ${last}`;
    const fromAddress = `${first}.${last}@example.${pick(['com', 'org', 'net'], random)}`.toLowerCase();
    const subject = `${pick(SUBJECT_VERBS, random)} ${pick(SUBJECT_TOPICS, random)} #${index + 1}`;
    const date = new Date(start + index * interval);
    const id = `<synthetic-${seed}-${index + 1}@${DOMAIN}>`;
    const lines: string[] = [];
    const lineCount = 2 + Math.floor(random() * 6);
    for (let line = 0; line < lineCount; line++) {
      const words: string[] = [];
      const wordCount = 6 + Math.floor(random() * 8);
      for (let word = 0; word < wordCount; word++) words.push(pick(BODY_WORDS, random));
      lines.push(words.join(' '));
    }
    const text = `Hello,\n\n${lines.join('\n')}\n\n${first}`;
    const roll = random();
    const flags = roll < 0.7 ? ['\\Seen'] : [];
    if (roll < 0.1) flags.push('\\Answered');
    if (random() < 0.05) flags.push('\\Flagged');
    const mailbox = typeof opts.mailbox === 'function' ? opts.mailbox(index) : (opts.mailbox ?? 'INBOX');
    const raw = Buffer.from(
      `From: "${fromName}" <${fromAddress}>\r\nTo: ${to}\r\nSubject: ${subject}\r\nDate: ${formatRfc5322Date(date)}\r\n` +
        `Message-ID: ${id}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n` +
        `Content-Transfer-Encoding: 7bit\r\n\r\n${text.replace(/\n/g, '\r\n')}\r\n`,
      'latin1',
    );
    yield {
      mailbox,
      raw,
      flags,
      internalDate: new Date(date.getTime() + 5_000),
      expected: {
        subject,
        fromName,
        fromAddress,
        to: [to],
        date,
        messageId: id,
        references: [],
        hasAttachments: false,
        attachments: [],
        text,
      },
    };
  }
}
