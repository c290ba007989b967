// The other folders of a session's pass, synced beside a large INBOX's first sync. That sync
// streams over a second connection while the main one holds INBOX and waits (for a minute and
// more from a far server): one more connection takes the small folders meanwhile, so that Sent
// or Drafts are not empty until INBOX is done. Both take from one list of folders still to sync;
// a folder is synced once, by whichever connection reaches it first. Large first syncs are left
// to the main connection, which has the fast second-connection path for them.
import type { ImapFlow, StatusObject } from 'imapflow';
import type { MailboxRecord } from '../store/store-types';
import { connectImap, createImapClient, type ImapSettings } from './imap-client';
import { isUnchanged } from './mailbox-status';
import { syncMailbox } from './mailbox-sync';
import type { SyncContext } from './sync-context';

export interface PassEntry {
  mailbox: MailboxRecord;
  status: StatusObject | undefined;
}

/** The folders of a pass not taken yet; each is handed out once. */
export interface PassList {
  /** The next folder still to sync (changed since its last sync), or null. */
  take(accepts?: (entry: PassEntry) => boolean): PassEntry | null;
  /** A folder taken and not synced after all: the next take() hands it out again. */
  giveBack(entry: PassEntry): void;
}

/** `entries` as a PassList; a folder synced meanwhile (its stored state now matches its STATUS) is skipped. */
export function createPassList(ctx: SyncContext, entries: PassEntry[]): PassList {
  const left = [...entries];
  return {
    take(accepts = () => true) {
      for (let i = 0; i < left.length; i += 1) {
        const entry = left[i] as PassEntry;
        const stored = ctx.store.reads.getMailbox(entry.mailbox.id);
        if (!stored) {
          left.splice(i, 1);
          i -= 1;
          continue;
        }
        if (!accepts({ ...entry, mailbox: stored })) continue;
        left.splice(i, 1);
        if (isUnchanged(stored, entry.status)) {
          i -= 1;
          continue;
        }
        return { ...entry, mailbox: stored };
      }
      return null;
    },
    giveBack(entry) {
      left.unshift(entry);
    },
  };
}

/** True when the first sync of `entry` goes over a second connection (wantsBulk's measure, from STATUS). */
export function firstSyncIsLarge(ctx: SyncContext, entry: PassEntry): boolean {
  if (entry.mailbox.initialSyncDone) return false;
  const left = (entry.status?.messages ?? 0) - entry.mailbox.total;
  return left - ctx.firstChunkSize >= ctx.bulkMinMessages;
}

export interface BesideOptions {
  settings: ImapSettings;
  password: string;
  tls?: Parameters<typeof createImapClient>[0]['tls'];
  ctx: SyncContext;
  list: PassList;
  /** Settles when the main session ends: this connection ends with it. */
  closed: Promise<void>;
  /** No byte from the server for this long: the connection is given up (the main one syncs what is left). */
  stallMs: number;
  /** A folder synced here: what the main connection notes after its own syncs. */
  onSynced(mailboxId: string): void;
}

/**
 * Syncs small folders from `list` over a connection of its own until none is left. Never
 * throws: a failure ends it, and the main connection syncs what it left (and reports errors).
 */
export async function syncFoldersBeside(options: BesideOptions): Promise<void> {
  const { ctx, list } = options;
  const side = createImapClient({ settings: options.settings, password: options.password, logger: ctx.logger, tls: options.tls, idle: false });
  const closeSide = (): void => side.close();
  void options.closed.then(closeSide);
  const watch = watchForStall(side, options.stallMs);
  // The account's progress is the large sync's: a small folder's "6 of 6" in between made it jump.
  const quiet: SyncContext = { ...ctx, publish: (event) => event.type !== 'sync.status' && ctx.publish(event) };
  // Folders left to the main connection: large ones (STATUS says so), and those that failed
  // here (the main connection tries again, and reports the failure).
  const leftToMain = new Set<string>();
  const small = (entry: PassEntry): boolean => !leftToMain.has(entry.mailbox.id) && !firstSyncIsLarge(ctx, entry);
  let entry: PassEntry | null = null;
  try {
    await connectImap(side);
    for (entry = list.take(small); entry && side.usable; entry = list.take(small)) {
      try {
        if (await isLargeOnServer(side, ctx, entry)) throw new LeftToMain();
        await syncMailbox(quiet, side, entry.mailbox);
        options.onSynced(entry.mailbox.id);
      } catch (error) {
        // A folder's own failure (deleted elsewhere since the LIST): the other folders go on here.
        if (!side.usable) throw error;
        leftToMain.add(entry.mailbox.id);
        list.giveBack(entry);
        if (!(error instanceof LeftToMain)) ctx.logger.debug('a folder beside the first sync failed; left to the main connection', { mailboxId: entry.mailbox.id, reason: String(error) });
      }
    }
    // Taken as the connection went: not synced.
    if (entry) list.giveBack(entry);
  } catch (error) {
    // The folder it was on goes back to the list: the main connection syncs it (and reports a failure).
    if (entry) list.giveBack(entry);
    ctx.logger.debug('folders beside the first sync stopped', { accountId: ctx.accountId, reason: String(error) });
  } finally {
    clearInterval(watch);
    side.close();
  }
}

/** Not an error: a folder the main connection is to sync. */
class LeftToMain extends Error {}

/**
 * A folder never synced whose size the pass's LIST did not tell (a new account: STATUS is asked
 * only once folders have been opened) is asked for it: a large one waits for the main connection.
 */
async function isLargeOnServer(side: ImapFlow, ctx: SyncContext, entry: PassEntry): Promise<boolean> {
  if (entry.mailbox.initialSyncDone || entry.status?.messages !== undefined) return false;
  const status = await side.status(entry.mailbox.path, { messages: true });
  return status !== false && firstSyncIsLarge(ctx, { ...entry, status });
}

/** Closes `client` when it has received nothing for `stallMs` (a server that stopped answering). */
function watchForStall(client: ImapFlow, stallMs: number): ReturnType<typeof setInterval> {
  let received = -1;
  let quietSince = performance.now();
  const watch = setInterval(() => {
    const now = client.stats().received;
    if (now !== received) {
      received = now;
      quietSince = performance.now();
    } else if (performance.now() - quietSince >= stallMs) {
      client.close();
    }
  }, stallMs / 4);
  watch.unref();
  return watch;
}
