/**
 * The fixed, hand-written part of the corpus: the MIME shapes a mail client trips over
 * (alternatives, attachments, inline images, legacy charsets in bodies and headers,
 * RFC 2047 / RFC 2231 encodings, reply threads, flags). buildCorpus() in corpus.ts
 * turns these specs into messages.
 */
import { CORPUS_OWNER, DOMAIN, type CorpusAttachment, type CorpusMessage } from './corpus-message.js';
import { binaryPart, encodeWord, multipart, rfc2231Parameter, serializePart, textPart, type MimePart } from './mime-encoding.js';
import { formatRfc5322Date } from './rfc5322-date.js';
import { seededRandom } from './seeded-random.js';

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

export const CORPUS_EPOCH = Date.UTC(2024, 0, 8, 8, 0, 0); // Mon, 08 Jan 2024 08:00 UTC

function messageId(slug: string): string {
  return `<${slug}@${DOMAIN}>`;
}

export function buildFixedMessage(spec: FixedMessageSpec): CorpusMessage {
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

export function fixedSpecs(): FixedMessageSpec[] {
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
