// The first sync of a mailbox: newest first, so the newest messages are on screen
// at once, then the rest stored in batches with progress.
//
// A large mailbox with nothing stored yet needs no UID list: the newest come by sequence
// number ("the last 50"; over the second connection from a near server, over the main one
// from a far one), and everything below the lowest of them by UID ranges, highest first,
// over a second connection read by the wire parser (wire/). Only if that connection
// fails, or the counts disagree, is the server asked for its UIDs, and what is missing
// comes over the main connection.
import type { ImapFlow } from 'imapflow';
import { publicMailbox } from '../store/message-rows';
import type { MailboxRecord, NewMessage } from '../store/store-types';
import { collectSummarized, streamSummaries, summariesOf, SUMMARY_QUERY, SUMMARY_WIRE_ITEMS, type Summarized } from './fetch-summaries';
import { OfflineError } from './offline-error';
import type { SyncContext } from './sync-context';
import { chunkNewestFirst, toSequenceSets, uidRangesNewestFirst } from './uid-sets';
import type { WireFetcher } from './wire/wire-fetch';

/**
 * Opens a wire fetcher (wire/wire-fetch.ts) on a second connection for a mailbox path. It
 * connects and logs in at once but opens the mailbox only once `openAfter` (if given) settles:
 * Dovecot opens a large maildir under a lock, which would hold up a newest chunk that the
 * main connection is fetching meanwhile.
 */
export type OpenBulkFetcher = (mailboxPath: string, openAfter?: Promise<unknown>) => Promise<WireFetcher>;

export function announceMailbox(ctx: SyncContext, mailbox: MailboxRecord): void {
  ctx.publish({ type: 'mailbox.updated', payload: { mailbox: publicMailbox(mailbox) } });
}

/**
 * Every UID of the selected mailbox. imapflow answers a refused search (NO, BAD) and a search
 * without a selected mailbox (the connection closed) with `false`, not with an error: taken for
 * an empty mailbox, it removed every stored message, marked a first sync done with nothing
 * stored, and the next sync announced the whole mailbox as new mail.
 */
export async function serverUids(client: ImapFlow): Promise<number[]> {
  const found = await client.search({ all: true }, { uid: true });
  if (Array.isArray(found)) return found;
  if (!client.usable) throw new OfflineError('The connection closed');
  throw new Error('The server refused to list the UIDs of the mailbox');
}

interface BatchStore {
  store(messages: NewMessage[]): void;
  /** Every UID handed to `store`, stored now or before. */
  readonly delivered: ReadonlySet<number>;
}

/** Stores batches in one transaction each and reports progress towards `total`. */
function batchStore(ctx: SyncContext, mailbox: MailboxRecord, total: number): BatchStore {
  const { writes, reads } = ctx.store;
  const delivered = new Set<number>();
  return {
    delivered,
    store(messages) {
      writes.transaction(() => writes.insertMessages(mailbox, messages));
      for (const message of messages) delivered.add(message.uid);
      const done = Math.min(delivered.size, total);
      ctx.publish({ type: 'sync.status', payload: { accountId: ctx.accountId, state: 'syncing', mailboxId: mailbox.id, progress: { done, total } } });
      announceMailbox(ctx, reads.getMailbox(mailbox.id) ?? mailbox);
    },
  };
}

interface BulkOpening {
  bulk: Promise<WireFetcher>;
  /** Lets the second connection open the mailbox. */
  newestIn: () => void;
}

/**
 * Starts opening the second connection; it opens the mailbox only once `newestIn` is called
 * (see OpenBulkFetcher). Its failure is reported where it is awaited.
 */
function openBulkAfterNewest(openBulk: OpenBulkFetcher, mailboxPath: string): BulkOpening {
  let newestIn: () => void = () => {};
  const bulk = openBulk(
    mailboxPath,
    new Promise<void>((resolve) => (newestIn = resolve)),
  );
  bulk.catch(() => {});
  return { bulk, newestIn };
}

/** Closes a second connection once it is open (nothing to do if it never opened). */
function closeBulk(bulk: Promise<WireFetcher>): void {
  void bulk.then(
    (fetcher) => fetcher.close(),
    () => {},
  );
}

/** Fetches and stores `uids` not delivered yet, newest first over the main connection: a small first chunk, then streamed ranges. */
async function storeNewestFirst(ctx: SyncContext, client: ImapFlow, mailbox: MailboxRecord, uids: number[], batches: BatchStore): Promise<void> {
  for (const chunk of chunkNewestFirst(uids, ctx.firstChunkSize, ctx.chunkSize)) {
    const rest = chunk.filter((uid) => !batches.delivered.has(uid));
    for (const set of toSequenceSets(rest)) await streamSummaries(client, set, { batchSize: ctx.batchSize, onBatch: (messages) => batches.store(messages) });
  }
}

/** True when a first sync of `exists` messages, none stored yet, should take the bulk path. */
export function wantsBulk(ctx: SyncContext, exists: number, storedCount: number): boolean {
  return storedCount === 0 && exists - ctx.firstChunkSize >= ctx.bulkMinMessages;
}

/**
 * Runs `work` with the second connection's fetcher; false (and a warning) if that connection
 * fails, the caller then fetching what is missing over the main one (`client`).
 *
 * The second connection serves the main one's session: when that closes (the account is
 * removed, the app quits, the network drops), the fetch in progress ends too, and this throws.
 * Left running, it would go on storing the whole mailbox, and stopping would wait for it.
 */
async function overBulk(ctx: SyncContext, client: ImapFlow, mailbox: MailboxRecord, bulk: Promise<WireFetcher>, work: (fetcher: WireFetcher) => Promise<void>): Promise<boolean> {
  let fetcher: WireFetcher | null = null;
  const stop = (): void => fetcher?.close();
  client.once('close', stop);
  try {
    fetcher = await bulk;
    if (!client.usable) throw new OfflineError('The connection closed');
    if (fetcher.uidValidity !== mailbox.uidValidity) throw new Error('UIDVALIDITY differs on the second connection');
    await work(fetcher);
    return true;
  } catch (error) {
    if (!client.usable) throw error instanceof OfflineError ? error : new OfflineError('The connection closed');
    ctx.logger.warn('bulk fetch failed; going on over the main connection', { mailboxId: mailbox.id, reason: String(error) });
    return false;
  } finally {
    client.off('close', stop);
  }
}

/** Stores summaries (of a FETCH stream) into `batches`; resolves with the lowest UID stored (Infinity if none). */
async function storeReportingLowest(messages: AsyncIterable<Summarized>, client: ImapFlow, batches: BatchStore, batchSize: number): Promise<number> {
  let lowest = Infinity;
  await collectSummarized(messages, client, {
    batchSize,
    onBatch: (stored) => {
      for (const message of stored) lowest = Math.min(lowest, message.uid);
      batches.store(stored);
    },
  });
  return lowest;
}

/**
 * Fetches a set, or several in that order (pipelined), over the second connection into
 * `batches`; returns the lowest UID delivered (Infinity if none).
 */
function fetchInto(ctx: SyncContext, client: ImapFlow, fetcher: WireFetcher, sets: string | readonly string[], batches: BatchStore, options: { bySequence?: boolean; batchSize?: number } = {}): Promise<number> {
  return storeReportingLowest(fetcher.fetch(sets, SUMMARY_WIRE_ITEMS, options), client, batches, options.batchSize ?? ctx.batchSize);
}

/** Below this round trip (a NOOP on the main connection) the server is near: see firstSyncInBulk. */
export const NEAR_SERVER_RTT_MS = 20;

async function roundTripMs(client: ImapFlow): Promise<number> {
  const began = performance.now();
  await client.noop();
  return performance.now() - began;
}

/** What the second connection did: whether it brought everything it was asked, and how many messages the mailbox had by its count. */
interface BulkOutcome {
  done: boolean;
  expected: number;
}

/**
 * Everything over the second connection in one session: the newest chunk by sequence number
 * ("the last 50": sequence numbers are dense, so no UID list is needed), then the rest by UID
 * ranges, highest first. Expected: how many messages that connection saw when it opened the
 * mailbox (later than our SELECT: mail that arrived or went in between is in its count).
 */
async function allOverBulk(ctx: SyncContext, client: ImapFlow, mailbox: MailboxRecord, exists: number, bulk: Promise<WireFetcher>, batches: BatchStore): Promise<BulkOutcome> {
  let seen = exists;
  const done = await overBulk(ctx, client, mailbox, bulk, async (fetcher) => {
    seen = fetcher.exists;
    if (fetcher.exists === 0) return;
    const newest = `${Math.max(1, fetcher.exists - ctx.firstChunkSize + 1)}:*`;
    const lowest = await fetchInto(ctx, client, fetcher, newest, batches, { bySequence: true, batchSize: Number.MAX_SAFE_INTEGER });
    // Still newest first, a range at a time: the list fills from the top as the user scrolls.
    if (lowest <= 1 || !Number.isFinite(lowest)) return;
    await fetchInto(ctx, client, fetcher, uidRangesNewestFirst(lowest - 1, fetcher.exists - batches.delivered.size, ctx.chunkSize), batches);
  });
  return { done, expected: done ? seen : exists };
}

/**
 * The newest chunk by sequence number over the main connection while the second one logs in;
 * that one opens the mailbox once they are stored (see OpenBulkFetcher) and brings the rest by
 * UID ranges below them, highest first.
 */
async function newestOverMain(ctx: SyncContext, client: ImapFlow, mailbox: MailboxRecord, exists: number, opening: BulkOpening, batches: BatchStore): Promise<BulkOutcome> {
  const { bulk, newestIn } = opening;
  let lowest = Infinity;
  try {
    const newest = summariesOf(client.fetch(`${Math.max(1, exists - ctx.firstChunkSize + 1)}:*`, SUMMARY_QUERY));
    lowest = await storeReportingLowest(newest, client, batches, Number.MAX_SAFE_INTEGER);
  } finally {
    newestIn();
  }
  if (!(lowest > 1 && Number.isFinite(lowest))) return { done: true, expected: exists };
  const done = await overBulk(ctx, client, mailbox, bulk, async (fetcher) => {
    await fetchInto(ctx, client, fetcher, uidRangesNewestFirst(lowest - 1, exists - batches.delivered.size, ctx.chunkSize), batches);
  });
  return { done, expected: exists };
}

/**
 * First sync of a mailbox with nothing stored and `exists` messages (from SELECT), most of it
 * over a second connection read by the wire parser.
 *
 * Which connection brings the newest chunk depends on how far the server is. Near (this
 * machine, a LAN), the second connection logs in within a few ms, and one session doing
 * everything spares the server a second read of the mailbox's file list (Dovecot on a
 * 50,000-message maildir: 0.2-0.3 s): allOverBulk. Far (each command a long round trip),
 * connecting, TLS and the login are ten-odd round trips the newest would wait for, so the
 * main connection, ready, fetches them meanwhile: newestOverMain.
 *
 * What the second connection does not bring (it failed, or the mailbox changed meanwhile) the
 * UID list says, and it comes over `client`, which has the mailbox selected.
 */
export async function firstSyncInBulk(ctx: SyncContext, client: ImapFlow, mailbox: MailboxRecord, exists: number, openBulk: OpenBulkFetcher): Promise<void> {
  const batches = batchStore(ctx, mailbox, exists);
  const near = (await roundTripMs(client)) < (ctx.nearServerRttMs ?? NEAR_SERVER_RTT_MS);
  let bulk: Promise<WireFetcher> | null = null;
  let outcome: BulkOutcome;
  try {
    if (near) {
      bulk = openBulk(mailbox.path);
      outcome = await allOverBulk(ctx, client, mailbox, exists, bulk, batches);
    } else {
      const opening = openBulkAfterNewest(openBulk, mailbox.path);
      bulk = opening.bulk;
      outcome = await newestOverMain(ctx, client, mailbox, exists, opening, batches);
    }
  } finally {
    if (bulk) closeBulk(bulk);
  }
  // Anything the second connection did not bring: the UID list says what is missing. A count
  // alone cannot tell after a failure: arrivals the main connection stored can make it up.
  if (!outcome.done || batches.delivered.size !== outcome.expected) {
    const missing = (await serverUids(client)).filter((uid) => !batches.delivered.has(uid));
    await storeNewestFirst(ctx, client, mailbox, missing, batches);
  }
}

/**
 * A first sync of `missing` UIDs that the UID list gave: a small mailbox, or a first sync
 * resumed after a restart or a lost connection. The newest chunk over the main connection,
 * the rest over the second one when there is much of it (that one opens the mailbox only once
 * the newest are stored: see OpenBulkFetcher); whatever that does not bring, over the main one.
 */
export async function resumeFirstSync(ctx: SyncContext, client: ImapFlow, mailbox: MailboxRecord, missing: number[], openBulk: OpenBulkFetcher | undefined): Promise<void> {
  const batches = batchStore(ctx, mailbox, missing.length);
  const [newest = [], ...rest] = chunkNewestFirst(missing, ctx.firstChunkSize, ctx.chunkSize);
  if (openBulk && missing.length - newest.length >= ctx.bulkMinMessages) {
    const { bulk, newestIn } = openBulkAfterNewest(openBulk, mailbox.path);
    try {
      try {
        await storeNewestFirst(ctx, client, mailbox, newest, batches);
      } finally {
        newestIn();
      }
      await overBulk(ctx, client, mailbox, bulk, async (fetcher) => {
        await fetchInto(ctx, client, fetcher, rest.flatMap((uids) => toSequenceSets(uids)), batches);
      });
    } finally {
      closeBulk(bulk);
    }
  }
  await storeNewestFirst(ctx, client, mailbox, missing, batches);
}
