// The parsing thread reads a bulk FETCH's bytes exactly as the reader on the hub's
// own thread does (the bytes are Dovecot's, for the charset corpus and the fifty
// malformed messages), whatever the chunking; keeps two fetches apart; and answers
// a malformed response with the reader's error while staying up for the next one.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUMMARY_WIRE_ITEMS, type Summarized } from '../../../../electron/hub/sync/fetch-summaries';
import { createSummaryReader, type ReadResult } from '../../../../electron/hub/sync/wire/summary-reader';
import { openSummaryReading, startSummaryThread } from '../../../../electron/hub/sync/wire/summary-thread';
import { buildCorpus } from '../../../support/corpus';
import { buildMalformedCorpus } from '../../../support/malformed-corpus';
import { startDovecot, type DovecotInstance } from '../../../support/mail/dovecot';
import { withImapClient } from '../../../support/synced-account';

let dovecot: DovecotInstance;
const malformed = buildMalformedCorpus();
const TAG = 'W3';

beforeAll(async () => {
  dovecot = await startDovecot({ corpus: buildCorpus() });
  await withImapClient(dovecot, (client) => client.mailboxCreate('Hostile'));
  for (const message of malformed) await dovecot.appendRaw(dovecot.users[0]!.user, 'Hostile', message.raw);
}, 120_000);

afterAll(async () => {
  await dovecot?.destroy();
});

/** The bytes Dovecot sends for the summaries' FETCH of every message of `path`, through the tagged OK. */
async function fetchBytes(path: string): Promise<Buffer> {
  const options = dovecot.imapOptions();
  const socket = connect(options.port!, options.host);
  const fields = SUMMARY_WIRE_ITEMS.headerFields.map((field) => field.toUpperCase()).join(' ');
  const chunks: Buffer[] = [];
  let text = '';
  let step = 0;
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('data', (chunk: Buffer) => {
        if (step === 3) {
          chunks.push(chunk);
          const all = Buffer.concat(chunks);
          if (/\r\nW3 OK[^\r\n]*\r\n$/.test(all.subarray(-200).toString('latin1'))) resolve(all);
          return;
        }
        text += chunk.toString('latin1');
        if (step === 0 && text.includes('* OK')) {
          step = 1;
          socket.write(`W1 LOGIN ${options.auth!.user} ${options.auth!.pass}\r\n`);
        } else if (step === 1 && text.includes('W1 OK')) {
          step = 2;
          socket.write(`W2 EXAMINE ${path}\r\n`);
        } else if (step === 2 && text.includes('W2 OK')) {
          step = 3;
          socket.write(`${TAG} UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (${fields})] BODY.PEEK[1]<0.${SUMMARY_WIRE_ITEMS.firstPartBytes}>)\r\n`);
        }
      });
    });
  } finally {
    socket.destroy();
  }
}

function chunked(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

interface Outcome {
  items: Summarized[];
  done: boolean;
  failure: string | null;
}

/** Everything a reading gave for `chunks`, once it is done, failed or has answered every chunk. */
function readOnThread(chunks: Buffer[]): { push(): void; pushChunk(index: number): void; outcome: Promise<Outcome> } {
  const outcome: Outcome = { items: [], done: false, failure: null };
  let answered = 0;
  let settle: (value: Outcome) => void = () => {};
  const settled = new Promise<Outcome>((resolve) => (settle = resolve));
  const reading = openSummaryReading([TAG], (result: ReadResult) => {
    answered += 1;
    outcome.items.push(...result.items);
    outcome.done ||= result.done;
    outcome.failure ??= result.failure;
    if (outcome.done || outcome.failure !== null || answered === chunks.length) {
      reading.close();
      settle(outcome);
    }
  });
  return { push: () => chunks.forEach((chunk) => reading.push(chunk)), pushChunk: (index) => reading.push(chunks[index]!), outcome: settled };
}

function readHere(chunks: Buffer[]): Outcome {
  const read = createSummaryReader([TAG]);
  const outcome: Outcome = { items: [], done: false, failure: null };
  for (const chunk of chunks) {
    const result = read(chunk);
    outcome.items.push(...result.items);
    outcome.done ||= result.done;
    outcome.failure ??= result.failure;
  }
  return outcome;
}

describe('the parsing thread', () => {
  it('gives what the reader on this thread gives, for the charset corpus and the malformed messages, in 64 KiB and 1,000-byte chunks', async () => {
    expect(await startSummaryThread()).toBe(true);
    for (const path of ['INBOX', 'Hostile']) {
      const bytes = await fetchBytes(path);
      const here = readHere([bytes]);
      expect(here.done).toBe(true);
      expect(here.failure).toBeNull();
      if (path === 'Hostile') expect(here.items).toHaveLength(malformed.length);
      for (const size of [65_536, 1_000]) {
        const thread = readOnThread(chunked(bytes, size));
        thread.push();
        expect(await thread.outcome, `${path} in chunks of ${size}`).toEqual(here);
      }
    }
  }, 60_000);

  it('keeps two fetches apart when their chunks interleave', async () => {
    expect(await startSummaryThread()).toBe(true);
    const [inbox, hostile] = [chunked(await fetchBytes('INBOX'), 4_096), chunked(await fetchBytes('Hostile'), 4_096)];
    const [first, second] = [readOnThread(inbox), readOnThread(hostile)];
    for (let index = 0; index < Math.max(inbox.length, hostile.length); index += 1) {
      if (index < inbox.length) first.pushChunk(index);
      if (index < hostile.length) second.pushChunk(index);
    }
    const [a, b] = await Promise.all([first.outcome, second.outcome]);
    expect(a).toEqual(readHere(inbox));
    expect(b).toEqual(readHere(hostile));
    expect(b.items).toHaveLength(malformed.length);
  }, 60_000);

  it('answers a malformed response with the reader’s error, and reads the next fetch', async () => {
    expect(await startSummaryThread()).toBe(true);
    const broken = [Buffer.from('* 1 FETCH (UID 7 FLAGS (\\Seen) INTERNALDATE "17-Jul-1996 02:44:25 -0700" RFC822.SIZE 4) trailing\r\n')];
    const thread = readOnThread(broken);
    thread.push();
    const failed = await thread.outcome;
    expect(failed.failure).toBeTruthy();
    expect(failed).toEqual(readHere(broken));
    const next = readOnThread([await fetchBytes('Hostile')]);
    next.push();
    expect((await next.outcome).items).toHaveLength(malformed.length);
  }, 60_000);
});
