// Bodies of recent mail are fetched in the background, newest first, so the
// messages a user is most likely to open read instantly and offline.
//
// Over the body connection, not the sync's: a message the server cannot send (Dovecot ends
// the session with `BYE FETCH failed` when its file is unreadable) then closes that connection
// only. On the sync's connection it made the account reconnect, prefetch and fail again about
// once a second, without end.
import { bodySearchText, parseMessageBody } from '../mime/message-body';
import type { MailboxRecord, MessageRecord } from '../store/store-types';
import { BodyFetchError, type BodyFetcher } from './body-connection';
import type { SyncContext } from './sync-context';

/** Per pass: enough for the first screens of a mailbox, bounded in memory (count × size). */
export const PREFETCH_COUNT = 50;
export const PREFETCH_MAX_BYTES = 512 * 1024;
/** Messages per FETCH: a message the user opens waits behind one batch at most (the body connection is shared). */
export const PREFETCH_BATCH = 10;
/** A message whose body failed this many passes is not asked for again while the hub runs. */
export const PREFETCH_MAX_FAILURES = 3;

/** Messages whose bodies the server would not send, remembered for the life of the hub (in memory only). */
export interface PrefetchFailures {
  note(messageId: string): void;
  givenUp(messageId: string): boolean;
  /** How many are given up on. */
  count(): number;
}

/** Creates the failure memory of one account's prefetch. */
export function createPrefetchFailures(maxFailures = PREFETCH_MAX_FAILURES): PrefetchFailures {
  const failures = new Map<string, number>();
  let givenUp = 0;
  return {
    note(messageId) {
      const count = (failures.get(messageId) ?? 0) + 1;
      failures.set(messageId, count);
      if (count === maxFailures) givenUp += 1;
    },
    givenUp: (messageId) => (failures.get(messageId) ?? 0) >= maxFailures,
    count: () => givenUp,
  };
}

/**
 * Junk and Trash are not read ahead: mail there is seldom opened, and a spam folder's recent
 * 50 bodies (up to 25 MB) would be downloaded after every pass for nothing. They open on demand.
 */
function worthPrefetching(mailbox: MailboxRecord): boolean {
  return mailbox.specialUse !== '\\Junk' && mailbox.specialUse !== '\\Trash';
}

/** Parses and caches what arrived (of messages still stored); returns how many. */
async function saveAll(ctx: SyncContext, records: MessageRecord[], sources: Map<number, Buffer>): Promise<number> {
  let saved = 0;
  for (const record of records) {
    const source = sources.get(record.uid as number);
    if (!source || !ctx.store.reads.getMessage(record.id)) continue;
    const parsed = await parseMessageBody(source);
    if (ctx.store.writes.saveBody(record, source, bodySearchText(parsed))) saved += 1;
  }
  return saved;
}

/**
 * Fetches and caches the bodies of the newest uncached messages of `mailbox`; returns how many.
 * A batch the server refuses or ends the session over keeps what came before it; its other
 * messages are then asked for one by one, and the one at fault is noted in `failures`. Throws
 * OfflineError or LoginRefusedError (nothing to blame on a message: the next pass tries again).
 */
export async function prefetchBodies(ctx: SyncContext, bodies: BodyFetcher, mailbox: MailboxRecord, failures: PrefetchFailures): Promise<number> {
  if (mailbox.uidValidity === null || !worthPrefetching(mailbox)) return 0;
  const uidValidity = mailbox.uidValidity;
  const wanted = ctx.store.reads
    .recentWithoutBody(mailbox.id, PREFETCH_COUNT + failures.count(), PREFETCH_MAX_BYTES)
    .filter((record) => !failures.givenUp(record.id))
    .slice(0, PREFETCH_COUNT);
  let saved = 0;
  for (let start = 0; start < wanted.length; start += PREFETCH_BATCH) {
    const batch = wanted.slice(start, start + PREFETCH_BATCH);
    const sources = new Map<number, Buffer>();
    const keep = (uid: number, source: Buffer): void => void sources.set(uid, source);
    let current = true;
    let refused: BodyFetchError | null = null;
    try {
      current = await bodies.fetchSources(mailbox.path, batch.map((record) => record.uid as number), uidValidity, keep);
    } catch (error) {
      if (!(error instanceof BodyFetchError)) throw error;
      refused = error;
    } finally {
      // Parsed after the FETCH: nothing else may run inside its loop. Kept when it failed too.
      saved += await saveAll(ctx, batch, sources);
    }
    // Renumbered on the server since the last sync: the stored UIDs may name other messages
    // now. The sync rebuilds the mailbox; its bodies come after.
    if (!current) break;
    if (refused) saved += await oneByOne(ctx, bodies, mailbox, uidValidity, failures, batch.filter((record) => !sources.has(record.uid as number)));
  }
  ctx.logger.debug('bodies prefetched', { mailboxId: mailbox.id, count: saved });
  return saved;
}

/** After a refused batch: each message it did not bring, alone, to find the one the server will not send. */
async function oneByOne(ctx: SyncContext, bodies: BodyFetcher, mailbox: MailboxRecord, uidValidity: number, failures: PrefetchFailures, records: MessageRecord[]): Promise<number> {
  let saved = 0;
  for (const record of records) {
    const sources = new Map<number, Buffer>();
    try {
      const current = await bodies.fetchSources(mailbox.path, [record.uid as number], uidValidity, (uid, source) => void sources.set(uid, source));
      if (!current) break;
    } catch (error) {
      if (!(error instanceof BodyFetchError)) throw error;
      failures.note(record.id);
      const gaveUp = failures.givenUp(record.id);
      ctx.logger.warn(gaveUp ? 'the server would not send a body; not trying again while the hub runs' : 'the server would not send a body', {
        mailboxId: mailbox.id,
        uid: record.uid,
        reason: error.message,
      });
    }
    saved += await saveAll(ctx, [record], sources);
  }
  return saved;
}
