// A second connection, opened when a body is wanted (the user opens a message whose body is not
// cached, or the background prefetch runs) and closed after a quiet minute: bodies never wait
// behind a long first sync or a burst of changes on the main connection, and a message the
// server cannot send (it ends the session over it) costs this connection, never the sync's.
import type { ImapFlow, ImapFlowError, MailboxLockObject } from 'imapflow';
import type { Logger } from '../logger';
import { classifyImapError, createImapClient, MAX_SOURCE_BYTES, serverText, type ImapClientOptions } from './imap-client';
import { selectedFor } from './locked-mailbox';
import { LoginRefusedError, OfflineError } from './offline-error';
import { toSequenceSet } from './uid-sets';

/**
 * The server is reachable but would not send the message: it answered NO (or BAD) to the
 * FETCH, or ended the session while sending it, twice (Dovecot says `BYE FETCH failed` when
 * the message's file cannot be read). Trying again at once will not help; later it may.
 */
export class BodyFetchError extends Error {}

/** The connection ended during a command (the server's BYE text, if it said one, is in the message). */
class DroppedError extends Error {
  constructor(
    message: string,
    /** The server said BYE: it ended the session, the network did not. */
    readonly byServer: boolean,
  ) {
    super(message);
  }
}

export interface BodyFetcher {
  /**
   * The full source of one message, or null when the server no longer has it: also when the
   * mailbox's UIDVALIDITY is no longer `uidValidity` (renumbered: the UID may name another message).
   * Throws OfflineError (no connection, or the server stopped answering), LoginRefusedError or BodyFetchError.
   */
  fetchSource(mailboxPath: string, uid: number, uidValidity: number): Promise<Buffer | null>;
  /**
   * Several sources in one FETCH, each handed to `received` as it arrives, so that what came is
   * kept when the command then fails. False when the mailbox is renumbered or gone. Not tried
   * again after a dropped connection: the caller finds the message at fault.
   */
  fetchSources(mailboxPath: string, uids: number[], uidValidity: number, received: (uid: number, source: Buffer) => void): Promise<boolean>;
  /**
   * Logs out now, rather than after the quiet minute, unless a fetch is running or the user was
   * the last to use it: after background work, since a server allows a user only a few connections.
   */
  closeIdle(): void;
  close(): void;
}

export interface BodyFetcherOptions extends Pick<ImapClientOptions, 'settings' | 'password' | 'tls'> {
  logger: Logger;
  idleCloseMs?: number;
  /**
   * A fetch during which the server sends not one byte for this long closes the connection and
   * fails (OfflineError): the socket's own timeout is five minutes, with the user waiting.
   */
  stallMs?: number;
  /** Called when a mailbox turned out renumbered (its UIDVALIDITY changed): it needs a sync. */
  onRenumbered?(mailboxPath: string): void;
}

const SOURCE_QUERY = { uid: true, source: true } as const;

/** imapflow's codes for a line, literal or response over its limits. */
const OVER_LIMIT_CODES = new Set(['LiteralTooLarge', 'LineTooLarge', 'ResponseTooLarge']);

/** Fetches `uids` into `received`; answers the UIDs that did not come. */
async function fetchInto(imap: ImapFlow, uids: number[], received: (uid: number, source: Buffer) => void): Promise<number[]> {
  const missing = new Set(uids);
  // Only collected here: no other command may run inside the loop (imapflow deadlocks).
  for await (const message of imap.fetch(toSequenceSet(uids), SOURCE_QUERY, { uid: true })) {
    // Dovecot sends `* n FETCH (UID u)` without the body just before `BYE FETCH failed`.
    if (!message.source || !missing.delete(message.uid)) continue;
    received(message.uid, message.source);
  }
  return [...missing];
}

/** Creates the on-demand body connection of one account. */
export function createBodyFetcher({ settings, password, tls, logger, idleCloseMs = 60_000, stallMs = 15_000, onRenumbered }: BodyFetcherOptions): BodyFetcher {
  let connecting: Promise<ImapFlow> | null = null;
  /** The client of `connecting`, watched for stalls while it connects too. */
  let current: ImapFlow | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  /** Fetches in progress: the idle close waits for the last one to end. */
  let active = 0;
  /** Clients closed because the server stopped answering: what they reject with is OfflineError. */
  const stalled = new WeakSet<ImapFlow>();
  /** Clients closed already: nothing to watch on them. */
  const ended = new WeakSet<ImapFlow>();
  /** Clients imapflow closed because the server sent more than the limits allow (imap-client.ts). */
  const overLimit = new WeakSet<ImapFlow>();
  let watch: ReturnType<typeof setInterval> | null = null;
  /** The client, its byte count, and since when the stall watch has seen that count unchanged. */
  let watched: ImapFlow | null = null;
  let seen = -1;
  let quietSince = 0;
  /** Last used for a message the user opened: kept the quiet minute, as the next open is likely soon. */
  let openedByUser = false;

  const connection = (): Promise<ImapFlow> => {
    if (connecting) return connecting;
    // Nothing is watched on this connection, so it does not IDLE.
    const imap = createImapClient({ settings, password, logger, tls, connectionTimeoutMs: 10_000, idle: false });
    current = imap;
    // The fetch itself then fails with a bare "Connection not available": the reason is here.
    imap.on('error', (error: { code?: unknown }) => {
      if (typeof error.code === 'string' && OVER_LIMIT_CODES.has(error.code)) overLimit.add(imap);
    });
    imap.once('close', () => {
      ended.add(imap);
      if (connecting === attempt) connecting = null;
    });
    const attempt = imap.connect().then(
      () => imap,
      (error: unknown) => {
        connecting = null;
        imap.close();
        if (stalled.has(imap)) throw new OfflineError('The server stopped answering');
        const failure = classifyImapError(error, settings);
        if (failure.code === 'auth_failed') throw new LoginRefusedError(failure.message);
        throw new OfflineError(failure.message);
      },
    );
    connecting = attempt;
    return attempt;
  };

  /**
   * While any fetch waits, closes the connection once the server has sent nothing for `stallMs`.
   * Every request queued on it then fails at once: none waits a timeout of its own.
   */
  const watchForStalls = (): void => {
    // Counted from each fetch's start: the quiet before it (an idle connection) is no stall.
    quietSince = performance.now();
    if (watch) return;
    watch = setInterval(() => {
      if (active === 0 && watch) {
        clearInterval(watch);
        watch = null;
        return;
      }
      const imap = current;
      const received = imap?.stats().received ?? -1;
      if (!imap || imap !== watched || received !== seen || ended.has(imap)) {
        watched = imap;
        seen = received;
        quietSince = performance.now();
      } else if (performance.now() - quietSince >= stallMs) {
        logger.warn('the server stopped answering a body fetch; closing the body connection', { host: settings.host, quietMs: stallMs });
        stalled.add(imap);
        imap.close();
      }
    }, Math.max(10, stallMs / 4));
    watch.unref();
  };

  const closeSoon = (imap: ImapFlow): void => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (connecting) connecting = null;
      imap.logout().catch(() => imap.close());
    }, idleCloseMs);
    idleTimer.unref();
  };

  /** What a failed fetch on `imap` means for the caller; `fetching`: it failed in its FETCH (not waiting its turn). */
  const describe = (error: unknown, imap: ImapFlow | null, fetching: boolean): Error => {
    if (error instanceof OfflineError || error instanceof LoginRefusedError || error instanceof BodyFetchError) return error;
    if (imap && stalled.has(imap)) return new OfflineError('The server stopped answering');
    // The fetch whose answer was over the limit: not tried again (the server would send it again),
    // and not "offline" either. Fetches waiting their turn on the connection go on another one.
    if (imap && fetching && overLimit.has(imap)) return new BodyFetchError(`The server sent more for this message than MailMind accepts (${MAX_SOURCE_BYTES / (1024 * 1024)} MB)`);
    if (imap && !imap.usable) {
      const bye = (error as { reason?: unknown }).reason;
      const said = typeof bye === 'string' && bye !== '';
      return new DroppedError(said ? `The server ended the session: ${bye}` : 'The connection closed while fetching the message', said);
    }
    const status = (error as { responseStatus?: unknown }).responseStatus;
    if (status === 'NO' || status === 'BAD') return new BodyFetchError(`The server would not send the message: ${serverText(error)}`);
    return error instanceof Error ? error : new Error(String(error));
  };

  /** Runs `work` with `mailboxPath` selected; null when that mailbox is gone or renumbered. */
  const inMailbox = async <T>(mailboxPath: string, uidValidity: number, work: (imap: ImapFlow) => Promise<T>): Promise<T | null> => {
    if (closed) throw new OfflineError('The account is being removed');
    // A fetch in progress keeps the connection: the idle close (LOGOUT) must not queue ahead of
    // it, nor be armed by another fetch that ends meanwhile.
    active += 1;
    if (idleTimer) clearTimeout(idleTimer);
    watchForStalls();
    let imap: ImapFlow | null = null;
    let fetching = false;
    try {
      imap = await connection();
      if (!imap.usable) throw new OfflineError('The connection closed');
      let lock: MailboxLockObject;
      try {
        lock = await imap.getMailboxLock(mailboxPath, { description: 'mailmind body', readOnly: true });
      } catch (error) {
        // The server said NO to the SELECT, and imapflow's LIST after it found no such folder:
        // deleted (or renamed) by another client since the hub last listed the folders. The
        // message is not on the server at this path any more; the connection is still good.
        if (imap.usable && (error as ImapFlowError).mailboxMissing === true) {
          logger.info('mailbox no longer on the server; not fetching the body', { path: mailboxPath });
          // The sync's folder check finds where it went (renamed: the message opens again there).
          onRenumbered?.(mailboxPath);
          return null;
        }
        throw error;
      }
      try {
        const selected = selectedFor(imap, lock);
        if (!selected) {
          // The server ended the session as the lock was granted (locked-mailbox.ts). imapflow
          // closes this client a tick later, and until then `connection()` would hand it out
          // again: let it go now, so that the retry gets a new one. Not the message's fault
          // (byServer false): the prefetch does not count it against the message.
          if (current === imap) connecting = null;
          imap.close();
          throw new DroppedError('The server ended the session before the folder was opened', false);
        }
        if (Number(selected.uidValidity) !== uidValidity) {
          logger.info('mailbox renumbered on the server; not fetching by an old UID', { path: mailboxPath });
          onRenumbered?.(mailboxPath);
          return null;
        }
        fetching = true;
        return await work(imap);
      } finally {
        lock.release();
      }
    } catch (error) {
      throw describe(error, imap, fetching);
    } finally {
      active -= 1;
      if (imap && active === 0) closeSoon(imap);
    }
  };

  /**
   * This connection may have had the mailbox open since before a message arrived, and the server
   * answers only for messages the session has been told of: a NOOP tells it. Without it, a
   * message opened within the minute after another showed as gone.
   */
  const fetchTellingNew = async (imap: ImapFlow, uids: number[], received: (uid: number, source: Buffer) => void): Promise<void> => {
    const missing = await fetchInto(imap, uids, received);
    if (missing.length === 0) return;
    await imap.noop();
    await fetchInto(imap, missing, received);
  };

  return {
    async fetchSource(mailboxPath, uid, uidValidity) {
      openedByUser = true;
      for (let attempt = 1; ; attempt++) {
        let source: Buffer | null = null;
        try {
          const found = await inMailbox(mailboxPath, uidValidity, (imap) => fetchTellingNew(imap, [uid], (_uid, data) => (source = data)));
          return found === null ? null : source;
        } catch (error) {
          if (!(error instanceof DroppedError)) throw error;
          // Once more on a new connection: a line that dropped heals, a server that is down fails
          // to connect (OfflineError). A server that drops the session over this message twice
          // is refusing it: no use saying "offline" while the account syncs.
          if (attempt >= 2) throw new BodyFetchError(error.message);
          logger.info('the body connection closed during a fetch; trying once more', { path: mailboxPath, reason: error.message });
        }
      }
    },
    async fetchSources(mailboxPath, uids, uidValidity, received) {
      openedByUser = false;
      try {
        return (await inMailbox(mailboxPath, uidValidity, (imap) => fetchTellingNew(imap, uids, received))) !== null;
      } catch (error) {
        if (!(error instanceof DroppedError)) throw error;
        // Only a server that ended the session over these messages refuses them: a dropped line
        // must not count against the message that was on it (three such and it is never prefetched).
        throw error.byServer ? new BodyFetchError(error.message) : new OfflineError(error.message);
      }
    },
    closeIdle() {
      const pending = connecting;
      if (active > 0 || !pending || openedByUser) return;
      if (idleTimer) clearTimeout(idleTimer);
      connecting = null;
      void pending.then((imap) => imap.logout().catch(() => imap.close()), () => undefined);
    },
    close() {
      closed = true;
      if (idleTimer) clearTimeout(idleTimer);
      if (watch) clearInterval(watch);
      watch = null;
      const pending = connecting;
      connecting = null;
      void pending?.then((imap) => imap.close(), () => undefined);
    },
  };
}
