// Synthetic corpus for benchmarks
import { CORPUS_OWNER, DOMAIN, type CorpusMessage } from './corpus-message.js';
import { formatRfc5322Date } from './rfc5322-date.js';
import { seededRandom } from './seeded-random.js';

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
