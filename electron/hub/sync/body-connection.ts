// A second connection, opened when the user opens a message whose body is not
// cached and closed after a quiet minute: bodies never wait behind a long
// first sync or a burst of changes on the main connection.
import type { ImapFlow } from 'imapflow';
import type { Logger } from '../logger';
import { classifyImapError, createImapClient, type ImapClientOptions } from './imap-client';
import { OfflineError } from './offline-error';

export interface BodyFetcher {
  /** The full source of one message, or null when the server no longer has it. */
  fetchSource(mailboxPath: string, uid: number): Promise<Buffer | null>;
  close(): void;
}

export interface BodyFetcherOptions extends Pick<ImapClientOptions, 'settings' | 'password' | 'tls'> {
  logger: Logger;
  idleCloseMs?: number;
}

/** Creates the on-demand body connection of one account. */
export function createBodyFetcher({ settings, password, tls, logger, idleCloseMs = 60_000 }: BodyFetcherOptions): BodyFetcher {
  let connecting: Promise<ImapFlow> | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

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
        throw new OfflineError(classifyImapError(error).message);
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
    async fetchSource(mailboxPath, uid) {
      if (closed) throw new OfflineError('The account is being removed');
      // A fetch in progress keeps the connection: the idle close (LOGOUT) must not queue ahead of it.
      if (idleTimer) clearTimeout(idleTimer);
      const imap = await connection();
      if (!imap.usable) throw new OfflineError('The connection closed');
      const lock = await imap.getMailboxLock(mailboxPath, { description: 'mailmind body', readOnly: true });
      try {
        const message = await imap.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
        return message ? (message.source ?? null) : null;
      } catch (error) {
        if (!imap.usable) throw new OfflineError('The connection closed while fetching the message');
        throw error;
      } finally {
        lock.release();
        closeSoon(imap);
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
