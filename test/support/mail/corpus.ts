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
 * The fixed messages are specified in fixed-corpus.ts, the synthetic ones generated in
 * synthetic-corpus.ts; the MIME and charset encoders they use live in mime-encoding.ts
 * and charset-encoder.ts.
 */
import type { CorpusMessage } from './corpus-message.js';
import { buildFixedMessage, CORPUS_EPOCH, fixedSpecs } from './fixed-corpus.js';
import { syntheticMessages } from './synthetic-corpus.js';

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
