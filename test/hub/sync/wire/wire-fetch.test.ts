// The wire fetch against a private Dovecot gives exactly the summaries imapflow's
// own FETCH gives for the same messages: the charset corpus, the fifty malformed
// messages, over plain IMAP, STARTTLS and implicit TLS; a dropped connection and a
// bad UID set are errors, never a hang or a crash.
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewMessage } from '../../../../electron/hub/store/store-types';
import { collectSummarized, streamSummaries, SUMMARY_WIRE_ITEMS } from '../../../../electron/hub/sync/fetch-summaries';
import { stopSummaryThread } from '../../../../electron/hub/sync/wire/summary-thread';
import { openWireFetcher } from '../../../../electron/hub/sync/wire/wire-fetch';
import type { ImapSecurity } from '../../../../shared/model';
import { buildCorpus } from '../../../support/corpus';
import { buildMalformedCorpus } from '../../../support/malformed-corpus';
import { startDovecot, type DovecotInstance, type ImapTransport } from '../../../support/mail/dovecot';
import { createLogger } from '../../../../electron/hub/logger';
import { withImapClient } from '../../../support/synced-account';
import { startQuirkProxy } from './quirk-proxy';

let dovecot: DovecotInstance;
const charsetCorpus = buildCorpus();
const malformed = buildMalformedCorpus();

beforeAll(async () => {
  dovecot = await startDovecot({ corpus: charsetCorpus, tls: true });
  await withImapClient(dovecot, (client) => client.mailboxCreate('Hostile'));
  for (const message of malformed) await dovecot.appendRaw(dovecot.users[0]!.user, 'Hostile', message.raw);
}, 120_000);

afterAll(async () => {
  await dovecot?.destroy();
});

const SECURITY: Record<ImapTransport, ImapSecurity> = { plain: 'none', starttls: 'starttls', 'implicit-tls': 'tls' };

function fetcherOptions(transport: ImapTransport) {
  const imap = dovecot.imapOptions(undefined, transport);
  return {
    settings: { host: dovecot.host, port: imap.port!, security: SECURITY[transport], user: imap.auth!.user },
    password: imap.auth!.pass!,
    tls: dovecot.certificatePem ? { ca: dovecot.certificatePem } : undefined,
    logger: createLogger(() => undefined),
  };
}

/** Summaries of every message of `path` through imapflow's FETCH, and through the wire fetcher; `client` fills deferred snippets in both. */
async function bothWays(path: string, transport: ImapTransport): Promise<{ imapflow: NewMessage[]; wire: NewMessage[] }> {
  const client = new ImapFlow(dovecot.imapOptions());
  client.on('error', () => {});
  await client.connect();
  const lock = await client.getMailboxLock(path);
  try {
    const imapflow: NewMessage[] = [];
    await streamSummaries(client, '1:*', { batchSize: 10, onBatch: (batch) => imapflow.push(...batch) });
    const fetcher = await openWireFetcher(fetcherOptions(transport), path);
    const wire: NewMessage[] = [];
    try {
      await collectSummarized(fetcher.fetch('1:*', SUMMARY_WIRE_ITEMS), client, { batchSize: 10, onBatch: (batch) => wire.push(...batch) });
    } finally {
      fetcher.close();
    }
    const byUid = (a: NewMessage, b: NewMessage): number => a.uid - b.uid;
    return { imapflow: imapflow.sort(byUid), wire: wire.sort(byUid) };
  } finally {
    lock.release();
    await client.logout();
  }
}

describe('wire fetch', () => {
  it('gives the same summaries as imapflow for every message of the charset corpus', async () => {
    const { imapflow, wire } = await bothWays('INBOX', 'plain');
    expect(imapflow.length).toBe(charsetCorpus.filter((m) => m.mailbox === 'INBOX').length);
    expect(wire).toEqual(imapflow);
    // Not trivially equal: decoded subjects, names, snippets and attachments are there.
    expect(wire.some((m) => m.hasAttachments)).toBe(true);
    expect(wire.some((m) => /[^ -~]/.test(m.subject))).toBe(true);
    expect(wire.every((m) => m.receivedAt > 0)).toBe(true);
  });

  it('gives the same summaries as imapflow for the fifty malformed messages, and reads the 100-level one imapflow gives up on', async () => {
    const { imapflow, wire } = await bothWays('Hostile', 'plain');
    expect(imapflow).toHaveLength(malformed.length);
    expect(wire).toHaveLength(malformed.length);
    const isDeep = (m: NewMessage): boolean => m.subject.includes('100 levels');
    expect(wire.filter((m) => !isDeep(m))).toEqual(imapflow.filter((m) => !isDeep(m)));
    // imapflow drops a BODYSTRUCTURE nested past its limit (no snippet); the wire parser
    // reads what Dovecot sends, down to the innermost text.
    expect(imapflow.find(isDeep)?.snippet).toBe('');
    expect(wire.find(isDeep)?.snippet).toBe('Innermost text after 100 levels.');
  }, 60_000);

  it.each(['starttls', 'implicit-tls'] as const)('works over %s', async (transport) => {
    const { imapflow, wire } = await bothWays('INBOX', transport);
    expect(wire).toHaveLength(imapflow.length);
    expect(wire).toEqual(imapflow);
  });

  it('yields every message when the server sends an ALERT ending in "{33}" before them (a quirk, sent by a proxy)', async () => {
    const proxy = await startQuirkProxy(dovecot.imapOptions().port!, '* OK [ALERT] Your mailbox is nearly full, please call {33}\r\n');
    const plain = fetcherOptions('plain');
    const fetcher = await openWireFetcher({ ...plain, settings: { ...plain.settings, port: proxy.port } }, 'INBOX');
    try {
      const uids = await withImapClient(dovecot, async (client) => {
        await client.mailboxOpen('INBOX', { readOnly: true });
        return (await client.search({ all: true }, { uid: true })) || [];
      });
      const yielded: number[] = [];
      for await (const { summary } of fetcher.fetch('1:*', SUMMARY_WIRE_ITEMS)) yielded.push(summary.uid);
      // Taken for a literal, the "{33}" swallowed the start of the first message's response.
      expect(yielded.sort((a, b) => a - b)).toEqual(uids.sort((a, b) => a - b));
    } finally {
      fetcher.close();
      await proxy.close();
    }
  });

  it('reads on the parsing thread: a fetch fails clearly if that thread stops, and the next connection starts it again', async () => {
    const fetcher = await openWireFetcher(fetcherOptions('plain'), 'Hostile');
    try {
      const first = fetcher.fetch('1:*', SUMMARY_WIRE_ITEMS)[Symbol.asyncIterator]().next();
      // The fetch's reading is open on the thread now; read on this thread, it would not notice.
      stopSummaryThread();
      await expect(first).rejects.toThrow(/the parsing thread stopped: it was stopped/);
    } finally {
      fetcher.close();
    }
    const again = await openWireFetcher(fetcherOptions('plain'), 'Hostile');
    try {
      const uids: number[] = [];
      for await (const { summary } of again.fetch('1:*', SUMMARY_WIRE_ITEMS)) uids.push(summary.uid);
      expect(uids).toHaveLength(malformed.length);
    } finally {
      again.close();
    }
  });

  it('fetches several sets sent together, in their order, and fails on the first the server refuses', async () => {
    const uids = await withImapClient(dovecot, async (client) => {
      await client.mailboxOpen('Hostile', { readOnly: true });
      return ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
    });
    const [a, b, c] = [uids.slice(30, 40), uids.slice(10, 20), uids.slice(0, 5)];
    const range = (part: number[]): string => `${part[0]}:${part.at(-1)}`;
    const fetcher = await openWireFetcher(fetcherOptions('plain'), 'Hostile');
    try {
      const seen: number[] = [];
      for await (const { summary } of fetcher.fetch([range(a), range(b), range(c)], SUMMARY_WIRE_ITEMS)) seen.push(summary.uid);
      expect(seen).toEqual([...a, ...b, ...c]);
      // UID 0 is no UID: Dovecot answers that command BAD at once, even before the first
      // command's tagged OK; the fetch fails then, with no message of the third set.
      const partial: number[] = [];
      const run = (async () => {
        for await (const { summary } of fetcher.fetch([range(a), '0', range(c)], SUMMARY_WIRE_ITEMS)) partial.push(summary.uid);
      })();
      await expect(run).rejects.toThrow(/the server answered BAD/);
      expect(partial).toEqual(a.slice(0, partial.length));
      // The third command still runs on the server: its answers must not pass for another fetch's.
      expect(() => fetcher.fetch(range(b), SUMMARY_WIRE_ITEMS)).toThrow(/cannot fetch again after: the server answered BAD/);
    } finally {
      fetcher.close();
    }
  });

  it('stops reading while its consumer is busy, and yields every message once it goes on', async () => {
    const fetcher = await openWireFetcher(fetcherOptions('plain'), 'Hostile', undefined, { highWater: { messages: 5, chunks: 1 } });
    try {
      const iterator = fetcher.fetch('1:*', SUMMARY_WIRE_ITEMS)[Symbol.asyncIterator]();
      const uids = [(await iterator.next()).value!.summary.uid];
      const readAt = async (ms: number): Promise<number> => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return fetcher.bytesRead();
      };
      // The consumer holds on to its first message: reading stops at the high water mark.
      const [early, late] = [await readAt(200), await readAt(300)];
      expect(late).toBe(early);
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) uids.push(next.value.summary.uid);
      expect(new Set(uids).size).toBe(malformed.length);
      expect(fetcher.bytesRead()).toBeGreaterThan(late);
    } finally {
      fetcher.close();
    }
  });

  it('reports UIDVALIDITY and refuses a UID set that is not one', async () => {
    const fetcher = await openWireFetcher(fetcherOptions('plain'), 'INBOX');
    try {
      const status = await withImapClient(dovecot, async (client) => Number((await client.mailboxOpen('INBOX', { readOnly: true })).uidValidity));
      expect(fetcher.uidValidity).toBe(status);
      expect(() => fetcher.fetch('1:* (BODY[])', SUMMARY_WIRE_ITEMS)).toThrow(/not a UID or sequence set/);
    } finally {
      fetcher.close();
    }
  });

  it('fetches by sequence number, and reports EXISTS as it opened the mailbox', async () => {
    const fetcher = await openWireFetcher(fetcherOptions('plain'), 'INBOX');
    try {
      const uids = await withImapClient(dovecot, async (client) => {
        await client.mailboxOpen('INBOX', { readOnly: true });
        return (await client.search({ all: true }, { uid: true })) || [];
      });
      expect(fetcher.exists).toBe(uids.length);
      const newest: number[] = [];
      for await (const { summary } of fetcher.fetch(`${fetcher.exists - 2}:*`, SUMMARY_WIRE_ITEMS, { bySequence: true })) newest.push(summary.uid);
      expect(newest.sort((a, b) => a - b)).toEqual(uids.slice(-3));
    } finally {
      fetcher.close();
    }
  });

  it('yields only the messages asked for when another session changes a flag meanwhile', async () => {
    const fetcher = await openWireFetcher(fetcherOptions('plain'), 'Hostile');
    const setFlag = (add: boolean): Promise<unknown> =>
      withImapClient(dovecot, async (client) => {
        await client.mailboxOpen('Hostile');
        return add ? client.messageFlagsAdd('1', ['\\Flagged']) : client.messageFlagsRemove('1', ['\\Flagged']);
      });
    try {
      // Dovecot reports the change to this session during its next command, as a FETCH with
      // UID and FLAGS (QRESYNC is enabled): that is not a summary of a message asked for.
      await setFlag(true);
      const uids = await withImapClient(dovecot, async (client) => {
        await client.mailboxOpen('Hostile', { readOnly: true });
        return ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
      });
      const seen: number[] = [];
      for await (const { summary } of fetcher.fetch(`${fetcher.exists - 4}:*`, SUMMARY_WIRE_ITEMS, { bySequence: true })) seen.push(summary.uid);
      // Message 1's flag change came as a FETCH row too; it is not among them.
      expect(seen.sort((a, b) => a - b)).toEqual(uids.slice(-5));
    } finally {
      fetcher.close();
      await setFlag(false);
    }
  });

  it('imapflow’s reader, too, does not take a flag change another session made for a summary', async () => {
    const client = new ImapFlow(dovecot.imapOptions());
    client.on('error', () => {});
    await client.connect();
    const lock = await client.getMailboxLock('Hostile');
    try {
      const uids = ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
      await withImapClient(dovecot, async (other) => {
        await other.mailboxOpen('Hostile');
        await other.messageFlagsAdd(String(uids[0]), ['\\Flagged'], { uid: true });
      });
      try {
        const summaries: NewMessage[] = [];
        await streamSummaries(client, uids.slice(-3).join(','), { batchSize: 10, onBatch: (batch) => summaries.push(...batch) });
        expect(summaries.map((m) => m.uid).sort((a, b) => a - b)).toEqual(uids.slice(-3));
      } finally {
        await client.messageFlagsRemove(String(uids[0]), ['\\Flagged'], { uid: true });
      }
    } finally {
      lock.release();
      await client.logout();
    }
  });

  it('ends with an error, not a hang, when the server stops answering during a fetch', async () => {
    const fetcher = await openWireFetcher(fetcherOptions('plain'), 'Hostile', undefined, { idleMs: 300 });
    expect(dovecot.signalSessions('SIGSTOP')).toBeGreaterThan(0);
    try {
      const began = performance.now();
      const run = (async () => {
        for await (const item of fetcher.fetch('1:*', SUMMARY_WIRE_ITEMS)) void item;
      })();
      await expect(run).rejects.toThrow(/sent nothing for 300 ms/);
      expect(performance.now() - began).toBeLessThan(5_000);
    } finally {
      dovecot.signalSessions('SIGCONT');
      fetcher.close();
    }
  });

  it('gives up opening, with an error and not a hang, when the server stops answering', async () => {
    // The session is stopped as soon as it exists: during the login or before the EXAMINE.
    let stopped = false;
    const stopper = setInterval(() => {
      if (dovecot.signalSessions('SIGSTOP') > 0) stopped = true;
    }, 5);
    try {
      const began = performance.now();
      await expect(openWireFetcher(fetcherOptions('plain'), 'Hostile', undefined, { openMs: 500 })).rejects.toThrow(/took more than 500 ms/);
      expect(stopped).toBe(true);
      expect(performance.now() - began).toBeLessThan(5_000);
    } finally {
      clearInterval(stopper);
      dovecot.signalSessions('SIGCONT');
    }
  });

  it('ends with an error, not a hang, when the connection drops mid-fetch', async () => {
    const fetcher = await openWireFetcher(fetcherOptions('plain'), 'Hostile');
    let seen = 0;
    const run = (async () => {
      for await (const { summary } of fetcher.fetch('1:*', SUMMARY_WIRE_ITEMS)) {
        seen += summary.uid > 0 ? 1 : 0;
        if (seen === 3) fetcher.close();
      }
    })();
    await expect(run).rejects.toThrow(/closed during the fetch/);
    expect(seen).toBeGreaterThanOrEqual(3);
    expect(seen).toBeLessThan(malformed.length);
  });
});
