// A first sync large enough for the second connection: every message stored once,
// progress counted once; and when that connection drops halfway, the main
// connection fetches what is left, still once each.
import { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HubEvent } from '../../../../shared/protocol';
import { createLogger } from '../../../../electron/hub/logger';
import type { MailboxRecord } from '../../../../electron/hub/store/store-types';
import { syncMailbox, type OpenBulkFetcher } from '../../../../electron/hub/sync/mailbox-sync';
import type { SyncContext } from '../../../../electron/hub/sync/sync-context';
import { stopSummaryThread } from '../../../../electron/hub/sync/wire/summary-thread';
import { openWireFetcher, type WireFetcher } from '../../../../electron/hub/sync/wire/wire-fetch';
import { startDovecot, type DovecotInstance } from '../../../support/mail/dovecot';
import { syntheticMessages } from '../../../support/mail/synthetic-corpus';
import { openTestStore, type TestStore } from '../../../support/store-fixtures';
import { withImapClient } from '../../../support/synced-account';
import { recordingSyncContext } from '../../../support/recording-sync-context';
import { startQuirkProxy } from './quirk-proxy';

const COUNT = 600;
let dovecot: DovecotInstance;
let serverUids: number[];
let test: TestStore;
let client: ImapFlow;
let events: HubEvent[];
let warnings: string[];

beforeAll(async () => {
  dovecot = await startDovecot({ corpus: syntheticMessages(COUNT) });
}, 60_000);

afterAll(async () => {
  await dovecot?.destroy();
});

beforeEach(async () => {
  test = await openTestStore();
  client = new ImapFlow(dovecot.imapOptions());
  client.on('error', () => {});
  await client.connect();
  const lock = await client.getMailboxLock('INBOX');
  serverUids = ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
  lock.release();
  events = [];
  warnings = [];
});

afterEach(async () => {
  await client.logout().catch(() => client.close());
  await test.close();
});

const context = (): SyncContext => recordingSyncContext(test.store, events, warnings);

const options = () => {
  const imap = dovecot.imapOptions();
  return { settings: { host: dovecot.host, port: imap.port!, security: 'none' as const, user: imap.auth!.user }, password: imap.auth!.pass!, logger: createLogger(() => undefined) };
};

function inbox(): MailboxRecord {
  test.store.writes.upsertMailbox('a1', { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: '\\Inbox', sortKey: 0 });
  return test.store.reads.getMailboxByPath('a1', 'INBOX')!;
}

function progress(): number[] {
  return events.flatMap((e) => (e.type === 'sync.status' && e.payload.state === 'syncing' && e.payload.progress ? [e.payload.progress.done] : []));
}

/** Opens the real second connection, its fetch replaced by what `wrap` makes of the real one. */
function bulkWithFetch(wrap: (fetcher: WireFetcher) => WireFetcher['fetch']): OpenBulkFetcher {
  return async (path) => {
    const fetcher = await openWireFetcher(options(), path);
    return { uidValidity: fetcher.uidValidity, exists: fetcher.exists, fetch: wrap(fetcher), bytesRead: () => fetcher.bytesRead(), close: () => fetcher.close() };
  };
}

describe('first sync over the bulk connection', () => {
  it('stores every message of the server once, over the second connection', async () => {
    const opened: string[] = [];
    const openBulk: OpenBulkFetcher = (path) => {
      opened.push(path);
      return openWireFetcher(options(), path);
    };
    const mailbox = inbox();
    await syncMailbox(context(), client, mailbox, openBulk);
    expect(opened).toEqual(['INBOX']);
    expect(test.store.reads.uidsOf(mailbox.id).sort((a, b) => a - b)).toEqual(serverUids);
    expect(test.store.reads.getMailbox(mailbox.id)?.total).toBe(COUNT);
    expect(progress().at(-1)).toBe(COUNT);
    expect(warnings).toEqual([]);
    expect(test.store.integrityCheck()).toBe('ok');
  });

  it('goes on over the main connection when the second one drops halfway, storing each message once', async () => {
    let fetched = 0;
    // The real connection, closed by us after 150 messages: what a dropped connection looks like to the reader.
    const openBulk = bulkWithFetch((fetcher) =>
      async function* (set, items, fetchOptions) {
        for await (const message of fetcher.fetch(set, items, fetchOptions)) {
          yield message;
          if (++fetched === 150) fetcher.close();
        }
      },
    );
    const mailbox = inbox();
    await syncMailbox(context(), client, mailbox, openBulk);
    expect(fetched).toBeGreaterThanOrEqual(150);
    expect(warnings).toContain('bulk fetch failed; going on over the main connection');
    expect(test.store.reads.uidsOf(mailbox.id).sort((a, b) => a - b)).toEqual(serverUids);
    expect(test.store.reads.getMailbox(mailbox.id)?.total).toBe(COUNT);
    // Progress counts each message once, ending at the total.
    const done = progress();
    expect(done.at(-1)).toBe(COUNT);
    expect(done.every((value, index) => index === 0 || value > done[index - 1]!)).toBe(true);
  });

  it('goes on over the main connection when the parsing thread stops during a fetch, storing each message once', async () => {
    let fetches = 0;
    // The real fetcher; the parsing thread is stopped as its second fetch starts, with that fetch's reading open on it.
    const openBulk = bulkWithFetch((fetcher) =>
      async function* (set, items, fetchOptions) {
        const inner = fetcher.fetch(set, items, fetchOptions)[Symbol.asyncIterator]();
        const first = inner.next();
        if (++fetches === 2) stopSummaryThread();
        for (let next = await first; !next.done; next = await inner.next()) yield next.value;
      },
    );
    const logged: string[] = [];
    const ctx = { ...context(), logger: createLogger((_level, message, fields) => logged.push(`${message} ${JSON.stringify(fields)}`)) };
    const mailbox = inbox();
    await syncMailbox(ctx, client, mailbox, openBulk);
    expect(fetches).toBe(2);
    expect(logged.join('\n')).toMatch(/bulk fetch failed; going on over the main connection.*the parsing thread stopped/);
    expect(test.store.reads.uidsOf(mailbox.id).sort((a, b) => a - b)).toEqual(serverUids);
    expect(test.store.reads.getMailbox(mailbox.id)?.total).toBe(COUNT);
    expect(progress().at(-1)).toBe(COUNT);
  });

  it('brings the newest chunk first, by sequence number over the second connection, then the rest newest first', async () => {
    const mailbox = inbox();
    const asked: Array<{ set: string; bySequence: boolean; storedBefore: number[] }> = [];
    const openBulk: OpenBulkFetcher = async (path) => {
      const fetcher = await openWireFetcher(options(), path);
      return {
        uidValidity: fetcher.uidValidity,
        exists: fetcher.exists,
        fetch: (sets, items, fetchOptions) => {
          for (const set of typeof sets === 'string' ? [sets] : sets) asked.push({ set, bySequence: fetchOptions?.bySequence ?? false, storedBefore: test.store.reads.uidsOf(mailbox.id) });
          return fetcher.fetch(sets, items, fetchOptions);
        },
        bytesRead: () => fetcher.bytesRead(),
        close: () => fetcher.close(),
      };
    };
    await syncMailbox({ ...context(), nearServerRttMs: Infinity }, client, mailbox, openBulk);
    // One session does both: the server opens the mailbox once. The last 20 (firstChunkSize)
    // by sequence number, needing no UID list; then UID ranges below them, highest first.
    expect(asked[0]).toEqual({ set: `${COUNT - 19}:*`, bySequence: true, storedBefore: [] });
    expect(asked[1]!.bySequence).toBe(false);
    expect(asked[1]!.storedBefore.sort((a, b) => a - b)).toEqual(serverUids.slice(-20));
    const rangeTops = asked.slice(1).map(({ set }) => Number(set.split(':')[1]));
    expect(rangeTops).toEqual([...rangeTops].sort((a, b) => b - a));
    expect(test.store.reads.uidsOf(mailbox.id)).toHaveLength(COUNT);
  });

  it('from a far server, brings the newest chunk over the main connection while the second one opens, then the rest over that one', async () => {
    const mailbox = inbox();
    let storedWhenOpened = -1;
    const asked: Array<{ set: string; bySequence: boolean }> = [];
    const openBulk: OpenBulkFetcher = async (path, openAfter) => {
      void openAfter?.then(() => (storedWhenOpened = test.store.reads.uidsOf(mailbox.id).length));
      const fetcher = await openWireFetcher(options(), path, openAfter);
      return {
        uidValidity: fetcher.uidValidity,
        exists: fetcher.exists,
        fetch: (sets, items, fetchOptions) => {
          for (const set of typeof sets === 'string' ? [sets] : sets) asked.push({ set, bySequence: fetchOptions?.bySequence ?? false });
          return fetcher.fetch(sets, items, fetchOptions);
        },
        bytesRead: () => fetcher.bytesRead(),
        close: () => fetcher.close(),
      };
    };
    // Every server is "far" below a 0 ms round trip.
    await syncMailbox({ ...context(), nearServerRttMs: 0 }, client, mailbox, openBulk);
    // The newest 20 (firstChunkSize) came over the main connection before the second one
    // opened the mailbox (Dovecot opens a large maildir under a lock that would hold them up).
    expect(storedWhenOpened).toBe(20);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every(({ bySequence }) => !bySequence)).toBe(true);
    expect(test.store.reads.uidsOf(mailbox.id).sort((a, b) => a - b)).toEqual(serverUids);
    expect(warnings).toEqual([]);
  });

  it('stores mail that arrived between the SELECT and the second connection’s EXAMINE, asking for no UID list', async () => {
    const mailbox = inbox();
    const search = vi.spyOn(client, 'search');
    const openBulk: OpenBulkFetcher = async (path) => {
      // The main connection has SELECTed (EXISTS = COUNT); another client delivers one more.
      await dovecot.appendRaw(dovecot.users[0]!.user, 'INBOX', 'From: late@example.test\r\nSubject: Arrived meanwhile\r\n\r\nhi\r\n');
      return openWireFetcher(options(), path);
    };
    try {
      await syncMailbox({ ...context(), nearServerRttMs: Infinity }, client, mailbox, openBulk);
      const now = await withImapClient(dovecot, async (other) => {
        await other.mailboxOpen('INBOX');
        return ((await other.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
      });
      expect(now).toHaveLength(COUNT + 1);
      expect(test.store.reads.uidsOf(mailbox.id).sort((a, b) => a - b)).toEqual(now);
      expect(search).not.toHaveBeenCalled();
      expect(warnings).toEqual([]);
    } finally {
      await withImapClient(dovecot, async (other) => {
        await other.mailboxOpen('INBOX');
        await other.messageDelete({ header: { subject: 'Arrived meanwhile' } });
      });
    }
  });

  it('fetches everything over the main connection, newest first, when the second one cannot open', async () => {
    const mailbox = inbox();
    const firstBatches: number[][] = [];
    const ctx = context();
    const publish = ctx.publish;
    ctx.publish = (event) => {
      if (event.type === 'sync.status' && firstBatches.length < 1) firstBatches.push(test.store.reads.uidsOf(mailbox.id));
      publish(event);
    };
    await syncMailbox(ctx, client, mailbox, () => Promise.reject(new Error('connection refused')));
    expect(warnings).toContain('bulk fetch failed; going on over the main connection');
    expect(firstBatches[0]!.sort((a, b) => a - b)).toEqual(serverUids.slice(-20));
    expect(test.store.reads.uidsOf(mailbox.id).sort((a, b) => a - b)).toEqual(serverUids);
    expect(test.store.reads.getMailbox(mailbox.id)?.total).toBe(COUNT);
  });

  it('resumes a first sync that stored some messages over the second connection, storing only the rest', async () => {
    const mailbox = inbox();
    // A first sync cut off after the newest 30 (a crash, a lost connection): synced, then cut back.
    await syncMailbox({ ...context(), bulkMinMessages: COUNT }, client, mailbox);
    test.store.writes.setSyncState(mailbox.id, { initialSyncDone: false });
    const keep = new Set(serverUids.slice(-30));
    test.store.writes.transaction(() => test.store.writes.deleteByUids(mailbox.id, serverUids.filter((uid) => !keep.has(uid))));
    test.store.writes.refreshCounts(mailbox.id);
    events.length = 0;
    let opened = 0;
    await syncMailbox(context(), client, test.store.reads.getMailbox(mailbox.id)!, (path, openAfter) => {
      opened += 1;
      return openWireFetcher(options(), path, openAfter);
    });
    expect(opened).toBe(1);
    expect(warnings).toEqual([]);
    expect(test.store.reads.uidsOf(mailbox.id).sort((a, b) => a - b)).toEqual(serverUids);
    expect(test.store.reads.getMailbox(mailbox.id)?.total).toBe(COUNT);
    // Progress counts what was missing, each once.
    expect(progress().at(-1)).toBe(COUNT - 30);
  });

  it('does not open a second connection for a mailbox below the threshold', async () => {
    let opened = 0;
    const mailbox = inbox();
    await syncMailbox({ ...context(), bulkMinMessages: COUNT }, client, mailbox, (path) => {
      opened += 1;
      return openWireFetcher(options(), path);
    });
    expect(opened).toBe(0);
    expect(test.store.reads.uidsOf(mailbox.id)).toHaveLength(COUNT);
  });

  it('refuses a FETCH response with bytes after its ")" (a quirk, sent by a proxy), and stores every message once as the server holds it', async () => {
    const mailbox = inbox();
    const newest = serverUids.at(-1)!;
    const lock = await client.getMailboxLock('INBOX');
    let subject: string | undefined;
    try {
      const message = await client.fetchOne(String(newest), { envelope: true }, { uid: true });
      subject = message ? message.envelope?.subject : undefined;
    } finally {
      lock.release();
    }
    // A summary of the newest message, its subject not the server's, with bytes after its ")".
    const header = 'Subject: Not what the server holds\r\n\r\n';
    const quirk = `* ${COUNT} FETCH (UID ${newest} RFC822.SIZE 1 BODY[HEADER.FIELDS (SUBJECT)] {${header.length}}\r\n${header})garbage\r\n`;
    const proxy = await startQuirkProxy(dovecot.imapOptions().port!, quirk);
    try {
      await syncMailbox(context(), client, mailbox, (path) => openWireFetcher({ ...options(), settings: { ...options().settings, port: proxy.port } }, path));
    } finally {
      await proxy.close();
    }
    expect(subject).toMatch(/\S/);
    expect(test.store.reads.getMessageByUid(mailbox.id, newest)?.subject).toBe(subject);
    expect(test.store.reads.uidsOf(mailbox.id).sort((a, b) => a - b)).toEqual(serverUids);
    expect(test.store.reads.getMailbox(mailbox.id)?.total).toBe(COUNT);
    expect(warnings).toContain('bulk fetch failed; going on over the main connection');
  });

  // Last: it expunges messages from the shared server.
  it('stores exactly the server’s messages when their UIDs have gaps', async () => {
    const lock = await client.getMailboxLock('INBOX');
    await client.messageDelete('100:199,350,598', { uid: true });
    const remaining = ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
    lock.release();
    expect(remaining).toHaveLength(COUNT - 102);
    const mailbox = inbox();
    await syncMailbox(context(), client, mailbox, (path, openAfter) => openWireFetcher(options(), path, openAfter));
    expect(test.store.reads.uidsOf(mailbox.id).sort((a, b) => a - b)).toEqual(remaining);
    expect(test.store.reads.getMailbox(mailbox.id)?.total).toBe(COUNT - 102);
    expect(progress().at(-1)).toBe(COUNT - 102);
    expect(warnings).toEqual([]);
  });
});
