// Brings one mailbox of the store in line with the server. The server is
// asked only what it can answer cheaply: UIDVALIDITY on SELECT, new UIDs by
// range, flag changes by CONDSTORE CHANGEDSINCE (RFC 7162) or a flag sweep
// where it is missing, and expunges by QRESYNC's VANISHED (EARLIER) in the same
// FETCH, or by a UID SEARCH diff when the count differs on servers without it.
import type { ImapFlow } from 'imapflow';
import type { MessageSummary } from '../../../shared/model';
import { toSummary } from '../store/message-rows';
import type { FlagChange, MailboxRecord, MessageRecord, NewMessage } from '../store/store-types';
import type { CachedBody } from '../store/store-reads';
import { bodySearchText, parseMessageBody } from '../mime/message-body';
import { fetchSummaries, storedFlags } from './fetch-summaries';
import { announceMailbox, firstSyncInBulk, resumeFirstSync, serverUids, wantsBulk, type OpenBulkFetcher } from './first-sync';
import { lockedMailbox } from './locked-mailbox';
import { MAX_MODSEQ, storedModseq } from './mailbox-status';
import type { SyncContext } from './sync-context';
import { toSequenceSets } from './uid-sets';

export type { OpenBulkFetcher } from './first-sync';

const summary = (record: MessageRecord): MessageSummary => toSummary(record);

/** The most cached body bytes a rebuild keeps in memory to restore (newest first). */
const REBUILD_KEPT_BODY_BYTES = 64 * 1024 * 1024;

/**
 * A UIDVALIDITY change invalidates every stored UID: the mailbox is rebuilt (RFC 3501 2.3.1.1).
 * Bodies cached for it are kept to be put back once the messages are stored again (`kept`): mail
 * the user read stays readable offline, not only the newest the prefetch brings back.
 */
function rebuildIfInvalidated(ctx: SyncContext, mailbox: MailboxRecord, uidValidity: number): { mailbox: MailboxRecord; kept: CachedBody[] } {
  const { writes, reads } = ctx.store;
  if (mailbox.uidValidity === uidValidity) return { mailbox, kept: [] };
  if (mailbox.uidValidity === null) {
    writes.setSyncState(mailbox.id, { uidValidity });
    return { mailbox: reads.getMailbox(mailbox.id) ?? mailbox, kept: [] };
  }
  ctx.logger.info('uidvalidity changed; rebuilding mailbox', { mailboxId: mailbox.id, was: mailbox.uidValidity, now: uidValidity });
  const kept = reads.cachedBodiesOf(mailbox.id, REBUILD_KEPT_BODY_BYTES);
  const removed = writes.transaction(() => {
    // Queued actions on its messages are not lost: the replay finds them again by Message-ID.
    ctx.store.operations.keepPendingLocations(ctx.accountId, mailbox.id);
    const ids = writes.clearMailbox(mailbox.id);
    writes.setSyncState(mailbox.id, { uidValidity, uidNext: null, highestModseq: null, initialSyncDone: false });
    writes.refreshCounts(mailbox.id);
    return ids;
  });
  if (removed.length > 0) ctx.publish({ type: 'email.deleted', payload: { ids: removed, mailboxId: mailbox.id } });
  const rebuilt = reads.getMailbox(mailbox.id) ?? mailbox;
  announceMailbox(ctx, rebuilt);
  return { mailbox: rebuilt, kept };
}

/** Puts back the bodies a rebuild kept, on the messages stored again with the same Message-ID and size. */
async function restoreBodies(ctx: SyncContext, mailbox: MailboxRecord, kept: CachedBody[]): Promise<void> {
  let restored = 0;
  for (const { messageId, size, raw } of kept) {
    const record = ctx.store.reads.getMessageByMessageId(mailbox.id, messageId, size);
    if (!record || ctx.store.reads.bodyOf(record.rowid)) continue;
    if (ctx.store.writes.saveBody(record, raw, bodySearchText(await parseMessageBody(raw)))) restored += 1;
  }
  ctx.logger.info('cached bodies restored after a rebuild', { mailboxId: mailbox.id, kept: kept.length, restored });
}

function removeVanished(ctx: SyncContext, mailbox: MailboxRecord, vanished: number[]): void {
  if (vanished.length === 0) return;
  const ids = ctx.store.writes.transaction(() => {
    const removed = ctx.store.writes.deleteByUids(mailbox.id, vanished);
    ctx.store.writes.refreshCounts(mailbox.id);
    return removed;
  });
  if (ids.length === 0) return;
  ctx.publish({ type: 'email.deleted', payload: { ids, mailboxId: mailbox.id } });
  // The counts changed: clients take them from mailbox.updated only (a resumed first sync that
  // finds only deletions announced nothing else).
  announceMailbox(ctx, ctx.store.reads.getMailbox(mailbox.id) ?? mailbox);
}

/**
 * The stored modseq, if it can be trusted against the server's `target`: one above it means the
 * server's modseqs started over (an index rebuilt, a migration keeping UIDVALIDITY), and a
 * CHANGEDSINCE from it would report nothing, flag changes and expunges lost for good. Then every
 * flag is read again, and expunges are found by the UID comparison (syncMailbox).
 */
function knownModseq(mailbox: MailboxRecord, target: bigint | undefined): bigint | undefined {
  if (mailbox.highestModseq === null || target === undefined) return undefined;
  return mailbox.highestModseq <= target ? mailbox.highestModseq : undefined;
}

/** Flag changes since the stored modseq (CONDSTORE), or every flag when the server has no modseqs. */
async function syncFlags(ctx: SyncContext, client: ImapFlow, mailbox: MailboxRecord, target: bigint | undefined): Promise<void> {
  const { writes, reads } = ctx.store;
  const knownMax = reads.maxUid(mailbox.id);
  if (knownMax === 0) return;
  const condstore = target !== undefined;
  // Nothing changed since the stored modseq, unless the count says otherwise: an expunge announced
  // while we IDLE (VANISHED, EXPUNGE) does not advance imapflow's HIGHESTMODSEQ estimate.
  const countsAgree = client.mailbox && client.mailbox.exists === reads.getMailbox(mailbox.id)?.total;
  const stored = knownModseq(mailbox, target);
  if (condstore && countsAgree && stored === target) return;
  const changes: FlagChange[] = [];
  const since = condstore ? stored : undefined;
  // With QRESYNC the same FETCH reports what was expunged since `since` (VANISHED (EARLIER)).
  const vanished: number[] = [];
  const onVanished = (event: { path: string; uid?: number; earlier?: boolean }): void => {
    if (event.earlier && event.path === mailbox.path && event.uid !== undefined) vanished.push(event.uid);
  };
  client.on('expunge', onVanished);
  try {
    for await (const message of client.fetch(`1:${knownMax}`, { uid: true, flags: true }, { uid: true, changedSince: since })) {
      changes.push({ uid: message.uid, flags: storedFlags(message.flags), modseq: storedModseq(message.modseq) });
    }
  } finally {
    client.off('expunge', onVanished);
  }
  const { changed, removed } = writes.transaction(() => {
    const updated = writes.applyFlags(mailbox.id, changes);
    const gone = writes.deleteByUids(mailbox.id, vanished);
    // The stored modseq advances only together with the changes it covers.
    if (condstore) writes.setSyncState(mailbox.id, { highestModseq: target });
    if (updated.length > 0 || gone.length > 0) writes.refreshCounts(mailbox.id);
    return { changed: updated, removed: gone };
  });
  if (vanished.length > 0) ctx.logger.debug('expunges reported by QRESYNC', { mailboxId: mailbox.id, count: vanished.length });
  if (removed.length > 0) ctx.publish({ type: 'email.deleted', payload: { ids: removed, mailboxId: mailbox.id } });
  for (const record of changed) ctx.publish({ type: 'email.updated', payload: { message: summary(record) } });
  if (changed.length > 0 || removed.length > 0) announceMailbox(ctx, reads.getMailbox(mailbox.id) ?? mailbox);
}

/**
 * Summaries of the messages from UID `from` up that the store does not have. Usually `from` is
 * above every stored UID: one FETCH. Below it, messages the user moved here have UIDs above
 * `from` already: the UIDs are asked first, and only the summaries of those not stored (nor
 * moved away by the user), so that an archive of 5,000 messages is not fetched a second time.
 */
async function fetchNew(ctx: SyncContext, client: ImapFlow, mailbox: MailboxRecord, from: number, knownMax: number): Promise<NewMessage[]> {
  if (from > knownMax) return fetchSummaries(client, `${from}:*`, from);
  const { reads, operations } = ctx.store;
  const stored = new Set(reads.uidsOf(mailbox.id));
  const unknown: number[] = [];
  for await (const message of client.fetch(`${from}:*`, { uid: true }, { uid: true })) {
    if (message.uid >= from && !stored.has(message.uid) && !operations.isHeld(mailbox.id, message.uid)) unknown.push(message.uid);
  }
  return summariesOf(client, unknown);
}

/** Summaries of scattered UIDs, in commands short enough for any server (toSequenceSets). */
async function summariesOf(client: ImapFlow, uids: number[]): Promise<NewMessage[]> {
  const fresh: NewMessage[] = [];
  for (const set of toSequenceSets(uids)) fresh.push(...(await fetchSummaries(client, set)));
  return fresh;
}

/** Removes what the server no longer has and stores what it has that the store lacks (not messages the user moved away). */
async function settleByUids(ctx: SyncContext, client: ImapFlow, mailbox: MailboxRecord): Promise<void> {
  const { reads, writes, operations } = ctx.store;
  const remote = await serverUids(client);
  const remoteSet = new Set(remote);
  const local = reads.uidsOf(mailbox.id);
  removeVanished(ctx, mailbox, local.filter((uid) => !remoteSet.has(uid)));
  const stored = new Set(local);
  const missing = remote.filter((uid) => !stored.has(uid) && !operations.isHeld(mailbox.id, uid));
  if (missing.length === 0) return;
  ctx.logger.info('messages found missing from the store; fetching them', { mailboxId: mailbox.id, count: missing.length });
  const fresh = await summariesOf(client, missing);
  const inserted = writes.transaction(() => writes.insertMessages(mailbox, fresh.sort((a, b) => b.uid - a.uid)));
  for (const record of inserted) ctx.publish({ type: 'email.new', payload: { message: summary(record) } });
  announceMailbox(ctx, reads.getMailbox(mailbox.id) ?? mailbox);
}

/** Syncs one mailbox; the caller holds no lock on it. */
export async function syncMailbox(ctx: SyncContext, client: ImapFlow, mailbox: MailboxRecord, openBulk?: OpenBulkFetcher): Promise<void> {
  const began = performance.now();
  const lock = await client.getMailboxLock(mailbox.path, { description: 'mailmind sync' });
  ctx.logger.debug('mailbox sync', { mailboxId: mailbox.id, initial: !mailbox.initialSyncDone, lockMs: Math.round(performance.now() - began) });
  try {
    const selected = lockedMailbox(client, lock);
    const condstore = !selected.noModseq && selected.highestModseq !== undefined && selected.highestModseq <= MAX_MODSEQ;
    // Every message below this is read by this sync: what the next one starts from. Not the highest
    // stored UID + 1 (see the new-mail fetch below); and imapflow's copy is taken now, before it
    // rises with UIDs it sees, also of a message the server only reported a flag change of.
    let readUpTo = Number(selected.uidNext);
    // imapflow keeps this estimate current from the MODSEQ of every FETCH response. It is read
    // before the flag FETCH that covers it: whatever the server reports later is synced next time.
    const currentModseq = (): bigint | undefined => {
      const estimate = condstore ? ((client.mailbox ? client.mailbox.highestModseq : undefined) ?? selected.highestModseq) : undefined;
      return estimate !== undefined && estimate <= MAX_MODSEQ ? estimate : undefined;
    };
    let modseq = currentModseq();
    const rebuild = rebuildIfInvalidated(ctx, mailbox, Number(selected.uidValidity));
    let current = rebuild.mailbox;
    const { reads, writes } = ctx.store;

    if (!current.initialSyncDone) {
      const local = new Set(reads.uidsOf(current.id));
      if (openBulk && wantsBulk(ctx, selected.exists, local.size)) {
        await firstSyncInBulk(ctx, client, current, selected.exists, openBulk);
      } else {
        const remote = await serverUids(client);
        const remoteSet = new Set(remote);
        removeVanished(ctx, current, [...local].filter((uid) => !remoteSet.has(uid)));
        await syncFlags(ctx, client, current, modseq);
        await resumeFirstSync(ctx, client, current, remote.filter((uid) => !local.has(uid)), openBulk);
      }
      if (rebuild.kept.length > 0) await restoreBodies(ctx, current, rebuild.kept);
    } else {
      // New mail from where the last sync stopped, not from the highest stored UID: a message the
      // user moved here got its UID from the server since, above mail that had reached this
      // mailbox from elsewhere meanwhile, which a fetch above it never brought (lost for good).
      // Messages stored already are skipped by the insert.
      const knownMax = reads.maxUid(current.id);
      const from = Math.min(knownMax + 1, current.uidNext ?? knownMax + 1);
      const fresh = (await fetchNew(ctx, client, current, from, knownMax)).sort((a, b) => b.uid - a.uid);
      // That FETCH read every message from `from` up: those that arrived after the lock too.
      readUpTo = Math.max(readUpTo, (fresh[0]?.uid ?? 0) + 1);
      if (fresh.length > 0) {
        const inserted = writes.transaction(() => writes.insertMessages(current, fresh));
        for (const record of inserted) ctx.publish({ type: 'email.new', payload: { message: summary(record) } });
        announceMailbox(ctx, reads.getMailbox(current.id) ?? current);
      }
      // After the new messages: their MODSEQs have advanced the estimate, and this flag sweep covers it.
      modseq = currentModseq();
      await syncFlags(ctx, client, current, modseq);
      current = reads.getMailbox(current.id) ?? current;
      // Counts that still differ are settled by comparing UID sets, both ways: expunges the server
      // reported no VANISHED for (no QRESYNC, or its modseqs started over), and messages it has
      // that the store lacks, whatever the cause.
      if ((client.mailbox ? client.mailbox.exists : current.total) !== current.total) await settleByUids(ctx, client, current);
    }
    // Everything up to `modseq` is stored now: flag changes by CHANGEDSINCE, new messages with current flags.
    writes.setSyncState(current.id, {
      uidNext: readUpTo,
      initialSyncDone: true,
      ...(modseq === undefined ? {} : { highestModseq: modseq }),
    });
  } finally {
    lock.release();
    ctx.logger.debug('mailbox sync done', { mailboxId: mailbox.id, ms: Math.round(performance.now() - began) });
  }
}
