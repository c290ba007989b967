// Every folder's changes as they happen, where the server offers NOTIFY (RFC 5465; Dovecot
// does, Gmail does not): a connection of its own asks once for the events of all the user's
// folders (new and expunged messages, flag changes, folders created, renamed or deleted), and
// each one it hears of makes the account check its folders. Without it, folders other than
// INBOX and the one open waited for the poll (a minute): mail a server-side filter (Sieve)
// files into a folder, or a folder another client creates, showed up to a minute late.
//
// The connection logs in with imapflow, then takes over its socket (`unbind()`, as the wire
// fetcher does): imapflow knows nothing of NOTIFY, and its unsolicited STATUS and LIST
// responses. Only their kind (and a STATUS's folder) is read; the check does the rest.
//
// Best effort, like the open folder's watch: a server without NOTIFY, a refused NOTIFY SET or
// a lost connection leaves the poll to cover the folders; the caller may try again later.
import type { Readable, Writable } from 'node:stream';
import type { Logger } from '../logger';
import { classifyImapError, connectImap, createImapClient, type ImapClientOptions } from './imap-client';
import { createResponseSplitter } from './wire/response-splitter';
import { parseResponse } from './wire/response-parser';

export interface FolderNotify {
  close(): void;
}

export interface FolderNotifyOptions extends Pick<ImapClientOptions, 'settings' | 'password' | 'tls'> {
  logger: Logger;
  /** Folders changed on the server (not INBOX alone: its IDLE tells of it): they need a check. */
  onChange(): void;
  /** The connection ended after it was set up (dropped, the server said BYE). */
  onEnd(reason: string): void;
  /** Events are gathered this long into one check (a move is an expunge here and an arrival there). */
  gatherMs?: number;
  /** A NOOP this often keeps the connection from the server's inactivity logout (Dovecot's is 30 min). */
  keepAliveMs?: number;
}

const NOTIFY_TAG = 'N1';
// The personal namespace's folders; no "selected" set: this connection selects nothing.
const NOTIFY_SET = `${NOTIFY_TAG} NOTIFY SET (personal (MessageNew MessageExpunge FlagChange MailboxName SubscriptionChange))\r\n`;
/** The kinds of responses NOTIFY sends for the events asked (RFC 5465 section 5). */
const EVENT_RESPONSES = new Set(['STATUS', 'LIST']);
/** A STATUS of INBOX: the account's session IDLEs there and hears of it itself. */
const INBOX_STATUS = /^(?:INBOX|"INBOX")\s/i;

/**
 * Connects, logs in and asks for every folder's events; resolves null when the server has no
 * NOTIFY or refuses it (the poll covers the folders then). Rejects when the login fails.
 */
export async function startFolderNotify(options: FolderNotifyOptions): Promise<FolderNotify | null> {
  const { logger, onChange, onEnd, gatherMs = 150, keepAliveMs = 10 * 60_000 } = options;
  const client = createImapClient({ ...options, logger, idle: false });
  try {
    await connectImap(client);
  } catch (error) {
    client.close();
    throw error;
  }
  if (!client.capabilities.has('NOTIFY')) {
    await client.logout().catch(() => client.close());
    return null;
  }
  const { readSocket, writeSocket, socket } = client.unbind();
  const read = readSocket as unknown as Readable;
  const write = writeSocket as unknown as Writable;
  read.on('error', () => undefined);
  write.on('error', () => undefined);
  const splitter = createResponseSplitter();
  let gathering: NodeJS.Timeout | null = null;
  let ended = false;
  /** NOTIFY SET was accepted: from then on the caller hears of the end. */
  let established = false;
  let answered: (accepted: boolean) => void = () => {};
  const accepted = new Promise<boolean>((resolve) => (answered = resolve));
  const keepAlive = setInterval(() => write.write('N2 NOOP\r\n'), keepAliveMs);
  keepAlive.unref();

  const end = (reason: string): void => {
    if (ended) return;
    ended = true;
    clearInterval(keepAlive);
    if (gathering) clearTimeout(gathering);
    answered(false);
    if (!socket.destroyed) {
      write.write('N9 LOGOUT\r\n');
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
    }
    if (established) onEnd(reason);
  };
  const changed = (): void => {
    gathering ??= setTimeout(() => {
      gathering = null;
      if (!ended) onChange();
    }, gatherMs);
  };
  read.on('data', (chunk: Buffer) => {
    let responses: Buffer[];
    try {
      responses = splitter.push(chunk);
    } catch (error) {
      return end(`the server sent what is not IMAP: ${String(error)}`);
    }
    for (const bytes of responses) {
      let response: ReturnType<typeof parseResponse>;
      try {
        response = parseResponse(bytes);
      } catch {
        continue; // a response this module does not read (the check reads the folders itself)
      }
      if (response.kind === 'tagged' && response.tag === NOTIFY_TAG) answered(response.status === 'OK');
      else if (response.kind === 'untagged' && response.name === 'BYE') end(`the server ended the session: ${response.text}`);
      else if (response.kind === 'untagged' && EVENT_RESPONSES.has(response.name) && !(response.name === 'STATUS' && INBOX_STATUS.test(response.text))) changed();
    }
  });
  read.on('close', () => end('the connection closed'));
  read.on('end', () => end('the connection closed'));
  // imapflow paused its socket when it let go of it.
  read.resume();
  write.write(NOTIFY_SET);
  if (!(await accepted)) {
    if (!ended) logger.info('the server refused NOTIFY; other folders are checked by the poll');
    end('refused');
    return null;
  }
  established = true;
  return { close: () => end('closed') };
}

export interface FolderNotifyKeeper {
  /**
   * Whether a session watches the account (it logged in with the password just now): a NOTIFY
   * connection is kept while it does, opened again a while after a loss.
   */
  want(watching: boolean): void;
  /** For good (the account is stopped). */
  close(): void;
}

/**
 * Keeps one account's NOTIFY connection (startFolderNotify) while its session watches. A server
 * without NOTIFY is not asked again while the account runs; a refused login is not tried again
 * until the session has logged in again (each refusal counts towards a lockout).
 */
export function keepFolderNotify(options: Omit<FolderNotifyOptions, 'onEnd'> & { retryMs?: number }): FolderNotifyKeeper {
  const { logger, retryMs = 60_000 } = options;
  let wanted = false;
  let closed = false;
  let unsupported = false;
  let loginRefused = false;
  let starting = false;
  let current: FolderNotify | null = null;
  let retry: NodeJS.Timeout | null = null;

  const later = (): void => {
    if (!wanted || closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      ensure();
    }, retryMs);
    retry.unref();
  };
  const lost = (reason: string): void => {
    current = null;
    logger.debug('the folder events connection ended', { reason });
    later();
  };
  function ensure(): void {
    if (!wanted || closed || unsupported || loginRefused || current || starting) return;
    starting = true;
    startFolderNotify({ ...options, onEnd: lost }).then(
      (started) => {
        starting = false;
        if (!started) unsupported = true;
        else if (!wanted || closed) started.close();
        else current = started;
      },
      (error: unknown) => {
        starting = false;
        if (classifyImapError(error).code === 'auth_failed') loginRefused = true;
        logger.info('could not open the folder events connection; other folders are checked by the poll', { reason: String(error) });
        later();
      },
    );
  }
  return {
    want(watching) {
      wanted = watching && !closed;
      if (wanted) {
        loginRefused = false;
        return ensure();
      }
      if (retry) clearTimeout(retry);
      retry = null;
      const open = current;
      current = null;
      open?.close();
    },
    close() {
      closed = true;
      this.want(false);
    },
  };
}
