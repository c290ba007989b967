/**
 * Fifty malformed and hostile messages for robustness tests: every MIME, charset and
 * header mistake a mail client meets in the wild, plus a few built to hurt (a 20 MB
 * attachment, 100 levels of nesting, 1,000 parts, a 100 KB header line, 10,000 encoded
 * words). Deterministic: the same bytes on every call, no clock, a fixed-seed PRNG.
 *
 * Every message is non-empty, since Dovecot refuses to store a zero-byte message, and
 * each is accepted by Dovecot 2.3 through IMAP APPEND (test/hub/mime checks this; NUL
 * bytes included, which Dovecot serves back as 0x80). The 20 MB message is built on first
 * access of its `raw` and cached for that corpus object.
 *
 * Strings given to `bytes()` are written as latin1, one byte per char, so '\xe9' is the
 * byte 0xE9; text meant as UTF-8 goes through `utf8()`.
 */

import { seededRandom } from './mail/seeded-random';

export interface MalformedMessage {
  name: string;
  raw: Buffer;
}

const CRLF = '\r\n';
const TWENTY_MB = 20 * 1024 * 1024;

function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

function bytes(...parts: (string | Buffer)[]): Buffer {
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : part)));
}

/** Header lines joined with CRLF, a blank line, then the body. */
function message(headers: string[], body: string | Buffer = ''): Buffer {
  return bytes(headers.join(CRLF), CRLF, CRLF, body);
}

const BASE = ['From: "Mallory Malformed" <mallory@mailmind.test>', 'To: alice@mailmind.test', 'Date: Mon, 08 Jan 2024 08:00:00 +0000', 'MIME-Version: 1.0'];

function base(slug: string, subject: string): string[] {
  return [...BASE, `Subject: ${subject}`, `Message-ID: <malformed-${slug}@mailmind.test>`];
}

/** base64 in 76-character lines (RFC 2045 section 6.8), written straight into one buffer. */
function base64Lines(content: Buffer): Buffer {
  const encoded = Buffer.from(content.toString('base64'), 'latin1');
  const lineCount = Math.ceil(encoded.length / 76);
  const output = Buffer.allocUnsafe(encoded.length + lineCount * 2);
  let offset = 0;
  for (let start = 0; start < encoded.length; start += 76) {
    offset += encoded.copy(output, offset, start, Math.min(start + 76, encoded.length));
    output[offset++] = 0x0d;
    output[offset++] = 0x0a;
  }
  return output;
}

function deepNesting(levels: number): Buffer {
  let body = `Innermost text after ${levels} levels.${CRLF}`;
  for (let level = levels; level >= 1; level--) {
    const boundary = `deep-${level}`;
    body = `--${boundary}${CRLF}Content-Type: ${level === levels ? 'text/plain; charset=us-ascii' : `multipart/mixed; boundary="deep-${level + 1}"`}${CRLF}${CRLF}${body}${CRLF}--${boundary}--${CRLF}`;
  }
  return message([...base('deep-nesting', '100 levels of nesting'), 'Content-Type: multipart/mixed; boundary="deep-1"'], body);
}

function thousandParts(): Buffer {
  const parts: string[] = [];
  for (let index = 1; index <= 1000; index++) {
    const named = index % 10 === 0;
    parts.push(
      `--tiny${CRLF}Content-Type: ${named ? `application/octet-stream; name="part-${index}.bin"` : 'text/plain; charset=us-ascii'}${CRLF}` +
        (named ? `Content-Disposition: attachment; filename="part-${index}.bin"${CRLF}` : '') +
        `${CRLF}${index}${CRLF}`,
    );
  }
  return message([...base('thousand-parts', '1,000 tiny parts'), 'Content-Type: multipart/mixed; boundary="tiny"'], `${parts.join('')}--tiny--${CRLF}`);
}

function twentyMegabyteAttachment(): Buffer {
  // A 64 KB pseudo-random block repeated: cheap to build, incompressible enough to be real.
  const random = seededRandom(20);
  const block = Buffer.alloc(64 * 1024);
  for (let index = 0; index < block.length; index++) block[index] = Math.floor(random() * 256);
  const content = Buffer.alloc(TWENTY_MB, block);
  return bytes(
    message(
      [...base('huge-attachment', 'A 20 MB attachment'), 'Content-Type: multipart/mixed; boundary="huge"'],
      `--huge${CRLF}Content-Type: text/plain; charset=us-ascii${CRLF}${CRLF}The archive is attached.${CRLF}` +
        `--huge${CRLF}Content-Type: application/zip; name="archive.zip"${CRLF}Content-Disposition: attachment; filename="archive.zip"${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}`,
    ),
    base64Lines(content),
    `--huge--${CRLF}`,
  );
}

function randomGarbage(size: number, seed: number): Buffer {
  const random = seededRandom(seed);
  const garbage = Buffer.alloc(size);
  for (let index = 0; index < size; index++) garbage[index] = Math.floor(random() * 256);
  return garbage;
}

const mixedPart = (boundary: string, type: string, body: string, extra = ''): string => `--${boundary}${CRLF}Content-Type: ${type}${CRLF}${extra}${CRLF}${body}${CRLF}`;

/** The malformed corpus, in a fixed order with unique names. */
export function buildMalformedCorpus(): MalformedMessage[] {
  const corpus: MalformedMessage[] = [];
  const add = (name: string, raw: Buffer): void => {
    corpus.push({ name, raw });
  };

  // --- Boundaries --------------------------------------------------------------------
  add('boundary-parameter-missing', message([...base('b1', 'multipart without boundary'), 'Content-Type: multipart/mixed'], `--x${CRLF}Content-Type: text/plain${CRLF}${CRLF}Where is my boundary?${CRLF}--x--${CRLF}`));
  add('boundary-never-used', message([...base('b2', 'boundary declared, another used'), 'Content-Type: multipart/mixed; boundary="declared"'], `--used${CRLF}Content-Type: text/plain${CRLF}${CRLF}Hello from the wrong boundary.${CRLF}--used--${CRLF}`));
  add('boundary-no-closing', message([...base('b3', 'no closing boundary'), 'Content-Type: multipart/mixed; boundary="open"'], `--open${CRLF}Content-Type: text/plain${CRLF}${CRLF}First part.${CRLF}--open${CRLF}Content-Type: application/pdf; name="cut.pdf"${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}JVBERi0xLjQK${CRLF}`));
  add('boundary-empty', message([...base('b4', 'empty boundary'), 'Content-Type: multipart/mixed; boundary=""'], `--${CRLF}Content-Type: text/plain${CRLF}${CRLF}Empty boundary.${CRLF}----${CRLF}`));
  add('boundary-with-specials', message([...base('b5', 'boundary with spaces and parens'), 'Content-Type: multipart/alternative; boundary="a b (c) =?x?="'], mixedPart('a b (c) =?x?=', 'text/plain', 'Special boundary.') + `--a b (c) =?x?=--${CRLF}`));
  add('nested-wrong-boundary', message([...base('b6', 'inner multipart uses outer boundary'), 'Content-Type: multipart/mixed; boundary="outer"'], mixedPart('outer', 'multipart/alternative; boundary="inner"', mixedPart('outer', 'text/plain', 'Confused child.') + `--inner--`) + mixedPart('outer', 'text/html', '<p>after</p>') + `--outer--${CRLF}`));
  add('nested-same-boundary', message([...base('b7', 'inner and outer share a boundary'), 'Content-Type: multipart/mixed; boundary="same"'], mixedPart('same', 'multipart/related; boundary="same"', mixedPart('same', 'text/html', '<p>inner html</p>')) + mixedPart('same', 'image/png; name="x.png"', 'iVBORw0KGgo=', `Content-Transfer-Encoding: base64${CRLF}`) + `--same--${CRLF}--same--${CRLF}`));
  add('multipart-without-parts', message([...base('b8', 'multipart with no parts'), 'Content-Type: multipart/mixed; boundary="none"'], `--none--${CRLF}`));
  add('multipart-preamble-only', message([...base('b9', 'only a preamble'), 'Content-Type: multipart/mixed; boundary="ghost"'], `This is a multi-part message in MIME format.${CRLF}But no part ever starts.${CRLF}`));

  // --- Transfer encodings ---------------------------------------------------------------
  add('base64-invalid-characters', message([...base('t1', 'base64 with junk'), 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'], `SGVsbG8g!!!d29y***bGQh${CRLF}@@@@${CRLF}`));
  add('base64-truncated-quad', message([...base('t2', 'base64 cut mid-quad'), 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'], `SGVsbG8sIHdvcmxkIQ${CRLF}w6`));
  add('base64-padding-mid-stream', message([...base('t3', 'base64 padding mid-stream'), 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'], `SGk=SGk=${CRLF}QQ==${CRLF}`));
  add('base64-declared-plain-sent', message([...base('t4', 'says base64, is plain'), 'Content-Type: text/plain; charset=us-ascii', 'Content-Transfer-Encoding: base64'], `This was never base64 encoded, sorry.${CRLF}`));
  add('qp-invalid-escapes', message([...base('t5', 'broken quoted-printable'), 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'], `Bad =ZZ escape, half =4 escape, lower =c3=a9 ok, raw =\xff byte${CRLF}soft break=${CRLF}continues=`));
  add('qp-very-long-line', message([...base('t6', 'a 20,000 character QP line'), 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'], `${'=C3=A9t=C3=A9 '.repeat(1500)}${CRLF}`));
  add('transfer-encoding-unknown', message([...base('t7', 'unknown transfer encoding'), 'Content-Type: text/plain; charset=us-ascii', 'Content-Transfer-Encoding: x-rot13-deluxe'], `Uryyb, nyvpr.${CRLF}`));
  add('uuencode-attachment', message([...base('t8', 'uuencoded attachment'), 'Content-Type: multipart/mixed; boundary="uu"'], mixedPart('uu', 'text/plain', 'See attached.') + mixedPart('uu', 'application/octet-stream; name="a.txt"', `begin 644 a.txt${CRLF}#86)C${CRLF}\`${CRLF}end`, `Content-Transfer-Encoding: x-uuencode${CRLF}Content-Disposition: attachment; filename="a.txt"${CRLF}`) + `--uu--${CRLF}`));

  // --- Charsets ----------------------------------------------------------------------------
  add('charset-unknown', message([...base('c1', 'unknown body charset'), 'Content-Type: text/plain; charset=x-klingon-8', 'Content-Transfer-Encoding: 8bit'], `Caf\xe9 cr\xe8me br\xfbl\xe9e${CRLF}`));
  add('charset-utf8-label-latin1-bytes', message([...base('c2', 'utf-8 label, latin1 bytes'), 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit'], `Gr\xfc\xdfe aus M\xfcnchen${CRLF}`));
  add('charset-ascii-label-utf8-bytes', message([...base('c3', 'us-ascii label, utf-8 bytes'), 'Content-Type: text/plain; charset=us-ascii', 'Content-Transfer-Encoding: 7bit'], bytes(utf8('Grüße aus München ✓'), CRLF)));
  add('charset-utf7-refused', message([...base('c4', 'utf-7 body'), 'Content-Type: text/html; charset=utf-7'], `+ADw-script+AD4-alert(1)+ADw-/script+AD4-Hi${CRLF}`));
  add('charset-utf16-without-bom', message([...base('c5', 'utf-16 body without BOM'), 'Content-Type: text/plain; charset=utf-16', 'Content-Transfer-Encoding: base64'], `${Buffer.from('Hello UTF-16', 'utf16le').toString('base64')}${CRLF}`));

  // --- Raw 8-bit headers -----------------------------------------------------------------
  add('raw-latin1-headers', message(['From: J\xfcrgen M\xfcller <juergen@mailmind.test>', 'To: alice@mailmind.test', 'Subject: Gr\xfc\xdfe aus M\xfcnchen', 'Date: Mon, 08 Jan 2024 08:00:00 +0000', 'Message-ID: <malformed-h1@mailmind.test>'], `Body.${CRLF}`));
  add('raw-utf8-headers', message([bytes(utf8('From: Zoë Ünal <zoe@mailmind.test>')).toString('latin1'), 'To: alice@mailmind.test', bytes(utf8('Subject: Straße ✓ 日本語')).toString('latin1'), 'Date: Mon, 08 Jan 2024 08:00:00 +0000', 'Message-ID: <malformed-h2@mailmind.test>'], `Body.${CRLF}`));
  add('raw-invalid-utf8-headers', message(['From: Bad \xc3\x28 Bytes \xff\xfe <bad@mailmind.test>', 'To: alice@mailmind.test', 'Subject: Invalid \xe2\x82 UTF-8 \xf0\x9f\x98 here', 'Date: Mon, 08 Jan 2024 08:00:00 +0000', 'Message-ID: <malformed-h3@mailmind.test>'], `Body.${CRLF}`));
  add('nul-bytes-body', message([...base('h4', 'NUL bytes in the body'), 'Content-Type: text/plain; charset=us-ascii'], `Before\x00NUL\x00\x00after.${CRLF}`));
  // Dovecot 2.3 accepts NUL in APPEND (headers too) and serves each NUL as 0x80, so a
  // client reading through IMAP never sees one; parsers still must survive raw files.
  add('control-and-nul-headers', message([...BASE, 'Subject: Bell\x07 escape\x1b[31m red\x1b[0m tab\there NUL\x00here', 'X-Nul: a\x00b', 'Message-ID: <malformed-h5@mailmind.test>'], `Body.${CRLF}`));

  // --- Shapes of the message itself --------------------------------------------------------
  add('header-only-no-body', bytes([...base('s1', 'headers and no body at all')].join(CRLF), CRLF));
  add('near-empty', bytes(`Subject: x${CRLF}${CRLF}`));
  add('no-headers-at-all', bytes(`${CRLF}Just a body with no header block.${CRLF}`));
  add('bare-lf-line-endings', bytes([...base('s2', 'bare LF only'), 'Content-Type: multipart/mixed; boundary="lf"'].join('\n'), '\n\n', '--lf\nContent-Type: text/plain\n\nUnix line endings.\n--lf--\n'));
  add('mixed-line-endings', bytes(`From: mixed@mailmind.test\rTo: alice@mailmind.test\nSubject: bare CR\r and LF\r\n mixed\r\nMessage-ID: <malformed-s3@mailmind.test>\nContent-Type: text/plain\r\r\nLine one\rLine two\nLine three\r\n`));
  add('garbage-lines-in-header', message([' leading continuation line', 'This line has no colon', ...base('s4', 'garbage between headers'), ': empty name', 'X-Weird:: double colon'], `Body.${CRLF}`));
  add('random-binary', bytes(`Subject: random bytes follow${CRLF}${CRLF}`, randomGarbage(4096, 4711)));
  add('deep-nesting-100', deepNesting(100));
  add('thousand-tiny-parts', thousandParts());
  add('long-header-line-100k', message([...BASE, `Subject: ${'long '.repeat(20_480)}`, 'Message-ID: <malformed-s5@mailmind.test>'], `Body.${CRLF}`));
  add('message-rfc822-truncated', message([...base('s6', 'truncated embedded message'), 'Content-Type: multipart/mixed; boundary="fwd"'], mixedPart('fwd', 'text/plain', 'Forwarding this:') + mixedPart('fwd', 'message/rfc822', `From: inner@mailmind.test${CRLF}Subject: inner${CRLF}Content-Type: multipart/alternative; boundary="innerb"${CRLF}${CRLF}--innerb${CRLF}Content-Type: text/plain${CRLF}${CRLF}cut here`)));
  add('html-hostile', message([...base('s7', 'hostile html'), 'Content-Type: text/html; charset=utf-8'], `<html><head><style>${'p{color:red}'.repeat(500)}</style><script>alert("x")</script></head><body>${'<div>'.repeat(5000)}Visible &amp; text<a href="x${'<'.repeat(1000)}${CRLF}`));

  // --- Header values ---------------------------------------------------------------------
  add('date-year-99999', message([...BASE.filter((line) => !line.startsWith('Date:')), 'Date: Fri, 31 Dec 99999 23:59:59 +0000', 'Subject: year 99999', 'Message-ID: <malformed-v1@mailmind.test>'], `Body.${CRLF}`));
  add('date-garbage-duplicate-headers', message(['Date: the day after tomorrow', 'Date: Mon, 08 Jan 2024 08:00:00 +0000', 'Subject: first subject wins', 'Subject: second subject loses', 'From: first@mailmind.test', 'From: second@mailmind.test', 'Message-ID: <malformed-v2@mailmind.test>', 'Message-ID: <malformed-v2-duplicate@mailmind.test>', 'Content-Type: text/plain', 'Content-Type: multipart/mixed; boundary="dup"'], `Which content type?${CRLF}`));
  add('encoded-words-invalid-charsets', message([...BASE, 'Subject: =?x-bogus?Q?caf=E9?= =??B?SGk=?= =?utf-8?X?what?= =?utf-8?B?!!notbase64!!?= =?utf-8?Q?unterminated', 'Message-ID: <malformed-v3@mailmind.test>'], `Body.${CRLF}`));
  add('subject-10000-encoded-words', message([...BASE, `Subject: ${Array.from({ length: 10_000 }, (_unused, index) => `=?utf-8?B?${Buffer.from(`w${index % 10}`).toString('base64')}?=`).join(`${CRLF} `)}`, 'Message-ID: <malformed-v4@mailmind.test>'], `Body.${CRLF}`));
  add('addresses-without-at', message(['From: MAILER-DAEMON', 'To: root, postmaster, "Just A Name"', 'Cc: @, a@, @b', 'Subject: addresses without @', 'Date: Mon, 08 Jan 2024 08:00:00 +0000', 'Message-ID: <malformed-v5@mailmind.test>'], `Body.${CRLF}`));
  add('address-groups-and-oddities', message(['From: "Doe, John" <john@mailmind.test>', 'To: undisclosed-recipients:;', 'Cc: Team: a@mailmind.test, "B, Bee" <b@mailmind.test>;, <>, c@mailmind.test (Comment C), "Unclosed <d@mailmind.test', 'Reply-To: <<nested@mailmind.test>>, =?utf-8?Q?Encoded_=E2=9C=93?= <enc@mailmind.test>', 'Subject: odd address lists', 'Date: Mon, 08 Jan 2024 08:00:00 +0000', 'Message-ID: <malformed-v6@mailmind.test>'], `Body.${CRLF}`));
  add('content-type-garbage', message([...base('v7', 'garbage content type'), 'Content-Type: ;;;/// ; charset= ; boundary'], `Body.${CRLF}`));
  add('attachment-hostile-filenames', message([...base('v8', 'hostile file names'), 'Content-Type: multipart/mixed; boundary="names"'], mixedPart('names', 'text/plain', 'Files.') + mixedPart('names', 'application/octet-stream', 'QUJD', `Content-Transfer-Encoding: base64${CRLF}Content-Disposition: attachment; filename="../../etc/passwd"${CRLF}`) + mixedPart('names', 'application/pdf', 'QUJD', `Content-Transfer-Encoding: base64${CRLF}Content-Disposition: attachment; filename*0*=utf-8''broken%E2%82; filename*2="gap"${CRLF}`) + mixedPart('names', 'image/png', 'QUJD', `Content-Transfer-Encoding: base64${CRLF}Content-Disposition: attachment; filename="${'n'.repeat(2000)}.png"${CRLF}`) + `--names--${CRLF}`));
  add('references-5000-ids', message([...base('v9', 'a very long References'), `References: ${Array.from({ length: 5000 }, (_unused, index) => `<ref-${index}@mailmind.test>`).join(`${CRLF} `)}`, 'In-Reply-To: ref-4999@mailmind.test (no brackets)'], `Body.${CRLF}`));
  add('multipart-signed-and-encrypted', message([...base('v10', 'signed and encrypted parts'), 'Content-Type: multipart/signed; protocol="application/pgp-signature"; micalg=pgp-sha256; boundary="sig"'], mixedPart('sig', 'multipart/encrypted; protocol="application/pgp-encrypted"; boundary="enc"', mixedPart('enc', 'application/pgp-encrypted', 'Version: 1') + mixedPart('enc', 'application/octet-stream', '-----BEGIN PGP MESSAGE-----') + `--enc--`) + mixedPart('sig', 'application/pgp-signature; name="signature.asc"', '-----BEGIN PGP SIGNATURE-----') + `--sig--${CRLF}`));

  // The 20 MB message last, built lazily: most tests never touch its bytes.
  let huge: Buffer | undefined;
  corpus.push({
    name: 'huge-base64-attachment-20mb',
    get raw(): Buffer {
      huge ??= twentyMegabyteAttachment();
      return huge;
    },
  });
  return corpus;
}
