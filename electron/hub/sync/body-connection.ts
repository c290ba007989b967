// A second connection, opened when the user opens a message whose body is not
// cached and closed after a quiet minute: bodies never wait behind a long
// first sync or a burst of changes on the main connection.
import type { ImapFlow, ImapFlowError, MailboxLockObject } from 'imapflow';
import type { Logger } from '../logger';
import { classifyImapError, createImapClient, type ImapClientOptions } from './imap-client';
import { LoginRefusedError, OfflineError } from './offline-error';

export interface BodyFetcher {
  /**
   * The full source of one message, or null when the server no longer has it: also when the
   * mailbox's UIDVALIDITY is no longer `uidValidity` (renumbered: the UID may name another message).
   */
  fetchSource(mailboxPath: string, uid: number, uidValidity: number): Promise<Buffer | null>;
  close(): void;
}

export interface BodyFetcherOptions extends Pick<ImapClientOptions, 'settings' | 'password' | 'tls'> {
  logger: Logger;
  idleCloseMs?: number;
  /** Called when a mailbox turned out renumbered (its UIDVALIDITY changed): it needs a sync. */
  onRenumbered?(mailboxPath: string): void;
}

/** Creates the on-demand body connection of one account. */
export function createBodyFetcher({ settings, password, tls, logger, idleCloseMs = 60_000, onRenumbered }: BodyFetcherOptions): BodyFetcher {
  let connecting: Promise<ImapFlow> | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  /** Fetches in progress: the idle close waits for the last one to end. */
  let active = 0;

  const connection = (): Promise<ImapFlow> => {
    if (connecting) return connecting;
    // Nothing is watched on this connection, so it does not IDLE.
    const imap = createImapClient({ settings, password, logger, tls, connectionTimeoutMs: 10_000, idle: false });
    imap.once('close', () => {
      if (connecting === attempt) connecting = null;
    });
    const attempt = imap.connect().then(
      () => imap,
      (error: unknown) => {
        connecting = null;
        imap.close();
        const failure = classifyImapError(error);
        if (failure.code === 'auth_failed') throw new LoginRefusedError(failure.message);
        throw new OfflineError(failure.message);
      },
    );
    connecting = attempt;
    return attempt;
  };

  const closeSoon = (imap: ImapFlow): void => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (connecting) connecting = null;
      imap.logout().catch(() => imap.close());
    }, idleCloseMs);
    idleTimer.unref();
  };

  return {
    async fetchSource(mailboxPath, uid, uidValidity) {
      if (closed) throw new OfflineError('The account is being removed');
      // A fetch in progress keeps the connection: the idle close (LOGOUT) must not queue ahead of
      // it, nor be armed by another fetch that ends meanwhile.
      active += 1;
      if (idleTimer) clearTimeout(idleTimer);
      let imap: ImapFlow | null = null;
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
          if (imap.mailbox && Number(imap.mailbox.uidValidity) !== uidValidity) {
            logger.info('mailbox renumbered on the server; not fetching by an old UID', { path: mailboxPath });
            onRenumbered?.(mailboxPath);
            return null;
          }
          const query = { uid: true, source: true } as const;
          let message = await imap.fetchOne(String(uid), query, { uid: true });
          // This connection may have had the mailbox open since before the message arrived, and
          // the server answers only for messages the session has been told of: a NOOP tells it.
          // Without it, a message opened within the minute after another showed as gone.
          if (!message) {
            await imap.noop();
            message = await imap.fetchOne(String(uid), query, { uid: true });
          }
          return message ? (message.source ?? null) : null;
        } finally {
          lock.release();
        }
      } catch (error) {
        if (imap && !imap.usable) throw new OfflineError('The connection closed while fetching the message');
        throw error;
      } finally {
        active -= 1;
        if (imap && active === 0) closeSoon(imap);
      }
    },
    close() {
      closed = true;
      if (idleTimer) clearTimeout(idleTimer);
      const pending = connecting;
      connecting = null;
      void pending?.then((imap) => imap.close(), () => undefined);
    },
  };
}
