// The folder the user has open, watched as INBOX is: a connection of its own EXAMINEs it and
// IDLEs there, so that what another client (or the server's own filters, Sieve) puts into it,
// flags or removes shows in about a second, as in Thunderbird, which IDLEs on the folder shown.
// Other folders are checked every poll (a minute): a message filed into the open folder used to
// take up to that long to appear while the user looked at it.
//
// Best effort: the account's session decides online or offline. A connection that fails or drops
// is opened again at the next view at most every `retryMs`; until then the poll covers the folder.
import type { ImapFlow } from 'imapflow';
import type { Logger } from '../logger';
import { classifyImapError, connectImap, createImapClient, type ImapClientOptions } from './imap-client';

export interface ViewWatch {
  /** Watches `path` (the folder the user opened), or nothing (null: INBOX, or no folder). */
  watch(path: string | null): void;
  /**
   * The account's session logged in with the password again: a connection refused before (its
   * login, which must not be retried into a lockout) may be tried.
   */
  loginWorks(): void;
  /** Logs out for good (the account is stopped). */
  close(): void;
}

export interface ViewWatchOptions extends Pick<ImapClientOptions, 'settings' | 'password' | 'tls'> {
  logger: Logger;
  /** Something changed in `path` on the server: it needs a sync. */
  onChange(path: string): void;
  /**
   * The watch lost `path`: the server has no such folder (renamed or deleted elsewhere), or ended
   * the session (Dovecot does when the open folder is renamed). The folders need a check, after
   * which the caller says again what to watch.
   */
  onLost(path: string): void;
  /** A connection that failed is not tried again sooner than this. */
  retryMs?: number;
}

/** IMAP events that say a folder changed: new messages, expunges, flags. */
const CHANGE_EVENTS = ['exists', 'expunge', 'flags'] as const;

/** Creates the watch of one account's open folder; it connects on the first watch() of a folder. */
export function createViewWatch({ settings, password, tls, logger, onChange, onLost, retryMs = 30_000 }: ViewWatchOptions): ViewWatch {
  let wanted: string | null = null;
  let client: ImapFlow | null = null;
  /** The folder `client` has open. */
  let opened: string | null = null;
  let failedAt = -Infinity;
  let closed = false;
  /** Steps run one at a time; a watch() during one asks for another after it. */
  let running = false;
  let again = false;

  const logOut = (imap: ImapFlow): void => {
    if (client === imap) {
      client = null;
      opened = null;
    }
    void imap.logout().catch(() => imap.close());
  };

  const open = async (): Promise<ImapFlow | null> => {
    if (client?.usable) return client;
    if (performance.now() - failedAt < retryMs) return null;
    const imap = createImapClient({ settings, password, logger, tls, connectionTimeoutMs: 10_000, idle: true });
    for (const event of CHANGE_EVENTS) {
      imap.on(event, (change: { path: string }) => {
        if (client === imap && change.path === opened) onChange(change.path);
      });
    }
    imap.once('close', () => {
      if (client !== imap) return;
      const lost = opened;
      client = null;
      opened = null;
      if (lost !== null && !closed) onLost(lost);
    });
    try {
      await connectImap(imap);
    } catch (error) {
      // A refused login is not tried again until the session's own login works (loginWorks).
      failedAt = classifyImapError(error).code === 'auth_failed' ? Infinity : performance.now();
      imap.close();
      logger.info('could not open a connection to watch the open folder; the poll checks it', { host: settings.host, reason: String(error) });
      return null;
    }
    // Closed, or nothing wanted any more, while it logged in: it goes at once.
    if (closed || wanted === null) {
      void imap.logout().catch(() => imap.close());
      return null;
    }
    client = imap;
    return imap;
  };

  /** Brings the connection to what is wanted: the folder open, or logged out. */
  const step = async (): Promise<void> => {
    const path = closed ? null : wanted;
    if (path === null) {
      if (client) logOut(client);
      return;
    }
    if (path === opened && client?.usable) return;
    const imap = await open();
    if (!imap) return;
    try {
      // EXAMINE: read-only, so that watching marks nothing seen; imapflow IDLEs once it is quiet.
      await imap.mailboxOpen(path, { readOnly: true });
      opened = path;
    } catch (error) {
      opened = null;
      logger.info('could not open the folder the user is viewing to watch it', { path, reason: String(error) });
      if (!imap.usable) failedAt = performance.now();
      // Deleted or renamed elsewhere: the folder check finds where it went.
      else if ((error as { mailboxMissing?: boolean }).mailboxMissing === true) onLost(path);
    }
  };

  const run = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await step();
      } while (again);
    } finally {
      running = false;
    }
  };

  return {
    watch(path) {
      if (closed || (path === wanted && (path === null || (opened === path && client?.usable)))) return;
      wanted = path;
      void run();
    },
    loginWorks() {
      if (failedAt === Infinity) failedAt = -Infinity;
    },
    close() {
      closed = true;
      wanted = null;
      if (client) logOut(client);
      // A connection still logging in is let go once it is in (open()).
      void run();
    },
  };
}
