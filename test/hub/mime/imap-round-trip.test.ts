// The MIME module on what the sync engine really gets: a private Dovecot holding the fixed
// corpus, the malformed corpus (APPENDed, so this also proves Dovecot accepts every one)
// and a few structures chosen to pin the attachment rules, read through imapflow. Bodies
// come from partial FETCHes of the part summarizeBodyStructure picked, as in the sync.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import { decodeSnippet, parseHeaderBlock, summarizeBodyStructure, SUMMARY_HEADER_FIELDS, type BodyStructureSummary } from '../../../electron/hub/mime/index';
import { buildCorpus } from '../../support/corpus';
import { startDovecot, type DovecotInstance } from '../../support/dovecot';
import { buildMalformedCorpus } from '../../support/malformed-corpus';

const corpus = buildCorpus();
const malformed = buildMalformedCorpus();
const SNIPPET_BYTES = 4096;

const CRLF = '\r\n';
const message = (contentType: string, body: string, extraHeaders: string[] = []): Buffer =>
  Buffer.from([`From: cases@mailmind.test`, `Subject: structure case`, `MIME-Version: 1.0`, `Content-Type: ${contentType}`, ...extraHeaders].join(CRLF) + CRLF + CRLF + body, 'latin1');
const part = (boundary: string, headers: string[], body: string): string => `--${boundary}${CRLF}${headers.join(CRLF)}${CRLF}${CRLF}${body}${CRLF}`;
const end = (boundary: string): string => `--${boundary}--${CRLF}`;

interface StructureCase {
  name: string;
  raw: Buffer;
  expected: BodyStructureSummary['hasAttachments'];
  textPart: { part: string; type: string } | null;
  /** The snippet decoded from a partial fetch of textPart. */
  snippet?: string;
}

// Real Dovecot BODYSTRUCTUREs for the rules of summarizeBodyStructure.
const STRUCTURE_CASES: StructureCase[] = [
  {
    name: 'named PDF without Content-Disposition',
    raw: message('multipart/mixed; boundary="m"', part('m', ['Content-Type: text/plain'], 'See the PDF.') + part('m', ['Content-Type: application/pdf; name="a.pdf"', 'Content-Transfer-Encoding: base64'], 'JVBERi0xLjQK') + end('m')),
    expected: true,
    textPart: { part: '1', type: 'text/plain' },
    snippet: 'See the PDF.',
  },
  {
    name: 'inline image in multipart/mixed (Apple Mail style)',
    raw: message('multipart/mixed; boundary="m"', part('m', ['Content-Type: text/plain'], 'Photo below.') + part('m', ['Content-Type: image/jpeg; name="p.jpg"', 'Content-Disposition: inline; filename="p.jpg"', 'Content-Transfer-Encoding: base64'], '/9j/4AAQ') + end('m')),
    expected: true,
    textPart: { part: '1', type: 'text/plain' },
  },
  {
    name: 'image in multipart/related without Content-ID (nothing can reference it)',
    raw: message('multipart/related; boundary="r"', part('r', ['Content-Type: text/html'], '<p>Hi</p>') + part('r', ['Content-Type: image/png', 'Content-Transfer-Encoding: base64'], 'iVBORw0KGgo=') + end('r')),
    expected: true,
    textPart: { part: '1', type: 'text/html' },
    snippet: 'Hi',
  },
  {
    name: 'PGP/MIME signed text (RFC 3156): the signature is no attachment',
    raw: message('multipart/signed; protocol="application/pgp-signature"; micalg=pgp-sha256; boundary="s"', part('s', ['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: quoted-printable'], 'Signed caf=C3=A9.') + part('s', ['Content-Type: application/pgp-signature; name="signature.asc"', 'Content-Disposition: attachment; filename="signature.asc"'], '-----BEGIN PGP SIGNATURE-----') + end('s')),
    expected: false,
    textPart: { part: '1', type: 'text/plain' },
    snippet: 'Signed café.',
  },
  {
    name: 'bounce with returned headers only (RFC 6522)',
    raw: message('multipart/report; report-type=delivery-status; boundary="r"', part('r', ['Content-Type: text/plain'], 'Delivery failed.') + part('r', ['Content-Type: message/delivery-status'], `Reporting-MTA: dns; mx.mailmind.test${CRLF}${CRLF}Final-Recipient: rfc822; x@y${CRLF}Action: failed${CRLF}Status: 5.1.1`) + part('r', ['Content-Type: text/rfc822-headers'], 'Subject: lost') + end('r')),
    expected: false,
    textPart: { part: '1', type: 'text/plain' },
    snippet: 'Delivery failed.',
  },
  {
    name: 'forwarded message as attachment, with own text',
    raw: message('multipart/mixed; boundary="f"', part('f', ['Content-Type: text/plain'], 'FYI, see below.') + part('f', ['Content-Type: message/rfc822'], `From: inner@mailmind.test${CRLF}Subject: inner${CRLF}${CRLF}Inner text.`) + end('f')),
    expected: true,
    textPart: { part: '1', type: 'text/plain' },
    snippet: 'FYI, see below.',
  },
  {
    // imapflow numbers the encapsulated body "1" (the wrapper's number); RFC 3501 section
    // 6.4.5 says "1.1", and the partial fetch below proves which one holds the text.
    name: 'only a forwarded single-part message: its text is part 1.1',
    raw: message('multipart/mixed; boundary="f"', part('f', ['Content-Type: message/rfc822'], `From: inner@mailmind.test${CRLF}Subject: inner${CRLF}Content-Type: text/plain${CRLF}${CRLF}Only the inner text.`) + end('f')),
    expected: true,
    textPart: { part: '1.1', type: 'text/plain' },
    snippet: 'Only the inner text.',
  },
  {
    name: 'only a forwarded multipart message: its text is part 1.1',
    raw: message('multipart/mixed; boundary="f"', part('f', ['Content-Type: message/rfc822'], `Subject: inner${CRLF}Content-Type: multipart/alternative; boundary="i"${CRLF}${CRLF}${part('i', ['Content-Type: text/plain'], 'Inner plain.')}${part('i', ['Content-Type: text/html'], '<p>Inner html</p>')}${end('i')}`) + end('f')),
    expected: true,
    textPart: { part: '1.1', type: 'text/plain' },
    snippet: 'Inner plain.',
  },
  {
    name: 'named text/csv without Content-Disposition',
    raw: message('multipart/mixed; boundary="m"', part('m', ['Content-Type: text/plain'], 'Numbers.') + part('m', ['Content-Type: text/csv; name="n.csv"'], 'a,b') + end('m')),
    expected: true,
    textPart: { part: '1', type: 'text/plain' },
  },
  {
    name: 'unnamed text/calendar alternative (an invitation)',
    raw: message('multipart/alternative; boundary="a"', part('a', ['Content-Type: text/plain'], 'Meeting at 10.') + part('a', ['Content-Type: text/html'], '<p>Meeting at 10.</p>') + part('a', ['Content-Type: text/calendar; method=REQUEST'], 'BEGIN:VCALENDAR') + end('a')),
    expected: false,
    textPart: { part: '1', type: 'text/plain' },
  },
  {
    name: 'empty text/plain alternative: the HTML makes the snippet',
    raw: message('multipart/alternative; boundary="a"', part('a', ['Content-Type: text/plain'], '') + part('a', ['Content-Type: text/html'], '<p>Real words</p>') + end('a')),
    expected: false,
    textPart: { part: '2', type: 'text/html' },
    snippet: 'Real words',
  },
  {
    name: 'single-part HTML message',
    raw: message('text/html; charset=ISO-8859-1', '<html><body><p>Gr\xfc\xdfe &amp; more</p></body></html>', ['Content-Transfer-Encoding: 8bit']),
    expected: false,
    textPart: { part: '1', type: 'text/html' },
    snippet: 'Grüße & more',
  },
  {
    name: 'single-part PDF message',
    raw: message('application/pdf; name="only.pdf"', 'JVBERi0xLjQK', ['Content-Transfer-Encoding: base64']),
    expected: true,
    textPart: null,
  },
  {
    name: 'HTML first, plain text later in a mixed message: plain text is preferred',
    raw: message('multipart/mixed; boundary="m"', part('m', ['Content-Type: text/html'], '<p>html</p>') + part('m', ['Content-Type: text/plain; charset="UTF-8"', 'Content-Transfer-Encoding: base64'], Buffer.from('plain ✓').toString('base64')) + end('m')),
    expected: false,
    textPart: { part: '2', type: 'text/plain' },
    snippet: 'plain ✓',
  },
];

interface Fetched {
  uid: number;
  bodyStructure: unknown;
  headers: Buffer;
}

let server: DovecotInstance;
let client: ImapFlow;
const fetchedByMailbox = new Map<string, Fetched[]>();
const malformedUids: number[] = [];

async function fetchAll(mailbox: string): Promise<Fetched[]> {
  const lock = await client.getMailboxLock(mailbox);
  try {
    const rows: Fetched[] = [];
    // Collect first: no other command may run inside the fetch loop (imapflow deadlocks).
    for await (const row of client.fetch('1:*', { uid: true, bodyStructure: true, headers: [...SUMMARY_HEADER_FIELDS] })) {
      rows.push({ uid: row.uid, bodyStructure: row.bodyStructure, headers: row.headers ?? Buffer.alloc(0) });
    }
    return rows.sort((a, b) => a.uid - b.uid);
  } finally {
    lock.release();
  }
}

/** BODY.PEEK[<part>]<0.n>: the first bytes of one part, as the sync fetches them for a snippet. */
async function partPrefix(mailbox: string, uid: number, partNumber: string): Promise<Buffer> {
  const lock = await client.getMailboxLock(mailbox);
  try {
    const row = await client.fetchOne(String(uid), { bodyParts: [{ key: partNumber, start: 0, maxLength: SNIPPET_BYTES }] }, { uid: true });
    const parts = row ? [...(row.bodyParts?.values() ?? [])] : [];
    return parts[0] ?? Buffer.alloc(0);
  } finally {
    lock.release();
  }
}

async function snippetOf(mailbox: string, uid: number, structure: unknown): Promise<string | null> {
  const { textPart } = summarizeBodyStructure(structure);
  if (!textPart) return null;
  return decodeSnippet(await partPrefix(mailbox, uid, textPart.part), textPart.encoding, textPart.charset, textPart.type);
}

beforeAll(async () => {
  server = await startDovecot({ corpus });
  client = new ImapFlow(server.imapOptions());
  client.on('error', () => undefined); // failures surface through the rejected commands
  await client.connect();
  await client.mailboxCreate('Malformed');
  await client.mailboxCreate('Structures');
  for (const entry of malformed) {
    const result = await client.append('Malformed', entry.raw);
    if (!result || result.uid === undefined) throw new Error(`Dovecot refused ${entry.name}`);
    malformedUids.push(result.uid);
  }
  for (const entry of STRUCTURE_CASES) await client.append('Structures', entry.raw);
  for (const mailbox of [...new Set(corpus.map((entry) => entry.mailbox)), 'Malformed', 'Structures']) fetchedByMailbox.set(mailbox, await fetchAll(mailbox));
}, 120_000);

afterAll(async () => {
  await client?.logout().catch(() => client.close());
  await server?.destroy();
});

/** Corpus messages with what Dovecot served for them (UIDs follow corpus order per mailbox). */
function corpusWithFetched(): { entry: (typeof corpus)[number]; fetched: Fetched }[] {
  const byMailbox = new Map<string, number>();
  return corpus.map((entry) => {
    const position = byMailbox.get(entry.mailbox) ?? 0;
    byMailbox.set(entry.mailbox, position + 1);
    const fetched = fetchedByMailbox.get(entry.mailbox)?.[position];
    if (!fetched) throw new Error(`${entry.expected.messageId} not fetched from ${entry.mailbox}`);
    return { entry, fetched };
  });
}

describe('the fixed corpus through Dovecot and imapflow', () => {
  it('summarizeBodyStructure agrees with expected.hasAttachments for every message', () => {
    const rows = corpusWithFetched();
    expect(rows).toHaveLength(corpus.length);
    for (const { entry, fetched } of rows) {
      expect(summarizeBodyStructure(fetched.bodyStructure).hasAttachments, entry.expected.messageId).toBe(entry.expected.hasAttachments);
    }
    // Both answers occur, so the comparison above can fail either way.
    expect(new Set(rows.map(({ entry }) => entry.expected.hasAttachments))).toEqual(new Set([true, false]));
  });

  it('parseHeaderBlock reads the BODY.PEEK[HEADER.FIELDS (...)] bytes the sync fetches', () => {
    for (const { entry, fetched } of corpusWithFetched()) {
      const parsed = parseHeaderBlock(fetched.headers);
      expect(parsed.subject, entry.expected.messageId).toBe(entry.expected.subject);
      expect(parsed.from, entry.expected.messageId).toEqual({ name: entry.expected.fromName, address: entry.expected.fromAddress });
      expect(parsed.messageId).toBe(entry.expected.messageId);
      expect(parsed.date).toBe(entry.expected.date.toISOString());
      expect(parsed.references).toEqual(entry.expected.references);
    }
  });

  it('picks text/plain when there is one, else text/html, and its partial fetch makes the snippet', async () => {
    for (const { entry, fetched } of corpusWithFetched()) {
      const { textPart } = summarizeBodyStructure(fetched.bodyStructure);
      const { text, html } = entry.expected;
      expect(textPart?.type, entry.expected.messageId).toBe(text !== undefined ? 'text/plain' : html !== undefined ? 'text/html' : undefined);
      const snippet = await snippetOf(entry.mailbox, fetched.uid, fetched.bodyStructure);
      if (text !== undefined) expect(snippet, entry.expected.messageId).toBe(text.replace(/\s+/g, ' ').trim().slice(0, 200).trimEnd());
    }
    const newsletter = corpusWithFetched().find(({ entry }) => entry.expected.messageId === '<html-only-newsletter@mailmind.test>');
    expect(newsletter && (await snippetOf('Archive', newsletter.fetched.uid, newsletter.fetched.bodyStructure))).toBe('MailMind News Version 0.1 is out.');
  });
});

describe('structures that pin the attachment rules', () => {
  it.each(STRUCTURE_CASES.map((entry, index) => [entry.name, entry, index] as const))('%s', async (_name, entry, index) => {
    const fetched = fetchedByMailbox.get('Structures')?.[index];
    expect(fetched?.bodyStructure).toBeDefined();
    const summary = summarizeBodyStructure(fetched?.bodyStructure);
    expect(summary.hasAttachments).toBe(entry.expected);
    expect(summary.textPart && { part: summary.textPart.part, type: summary.textPart.type }).toEqual(entry.textPart);
    if (entry.snippet !== undefined && fetched) expect(await snippetOf('Structures', fetched.uid, fetched.bodyStructure)).toBe(entry.snippet);
  });
});

describe('the malformed corpus through Dovecot and imapflow', () => {
  const summaryOf = (name: string): BodyStructureSummary => {
    const index = malformed.findIndex((entry) => entry.name === name);
    return summarizeBodyStructure(fetchedByMailbox.get('Malformed')?.[index]?.bodyStructure);
  };

  it('Dovecot stored every message (APPEND accepts all fifty)', () => {
    expect(malformedUids).toHaveLength(50);
    expect(fetchedByMailbox.get('Malformed')).toHaveLength(50);
  });

  it('every structure, header block and snippet is read without a throw', async () => {
    for (const [index, fetched] of (fetchedByMailbox.get('Malformed') ?? []).entries()) {
      const name = malformed[index]?.name ?? String(index);
      const summary = summarizeBodyStructure(fetched.bodyStructure);
      expect(typeof summary.hasAttachments, name).toBe('boolean');
      const headers = parseHeaderBlock(fetched.headers);
      expect(typeof headers.subject, name).toBe('string');
      const snippet = await snippetOf('Malformed', fetched.uid, fetched.bodyStructure);
      expect(snippet === null || snippet.length <= 200, name).toBe(true);
    }
  });

  it('gives sensible summaries for the broken structures', () => {
    // Dovecot reports a garbage Content-Type as "/": RFC 2045 section 5.2 makes it text/plain.
    expect(summaryOf('content-type-garbage')).toEqual({ hasAttachments: false, textPart: { part: '1', type: 'text/plain', encoding: '7bit', charset: 'us-ascii' } });
    expect(summaryOf('boundary-no-closing').hasAttachments).toBe(true);
    expect(summaryOf('multipart-signed-and-encrypted')).toEqual({ hasAttachments: false, textPart: null });
    expect(summaryOf('thousand-tiny-parts')).toMatchObject({ hasAttachments: true, textPart: { part: '1' } });
    expect(summaryOf('message-rfc822-truncated')).toMatchObject({ hasAttachments: true, textPart: { part: '1' } });
    expect(summaryOf('huge-base64-attachment-20mb')).toMatchObject({ hasAttachments: true, textPart: { part: '1', type: 'text/plain' } });
    expect(summaryOf('attachment-hostile-filenames').hasAttachments).toBe(true);
    // imapflow drops a BODYSTRUCTURE nested past its limit; the summary is then empty.
    expect(summaryOf('deep-nesting-100')).toEqual({ hasAttachments: false, textPart: null });
  });
});
