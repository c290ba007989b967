// The life of one account's connection: connect (a new ImapFlow every time),
// list and sync every mailbox (INBOX first), then watch: IDLE on INBOX for
// push, a LIST-STATUS poll of every folder. Any loss of the connection
// leads back to connect, after a capped, jittered backoff that starts over
// only once a session got somewhere. Refused credentials stop the retries
// after a few tries (no retry storm) until the user acts ("check mail now");
// a login refused for now (too many connections, backend down) is retried.
import type { ImapFlow } from 'imapflow';
import type { ErrorInfo, SyncState } from '../../../shared/model';
import type { SyncStatusPayload } from '../../../shared/protocol';
import type { AccountRecord } from '../store/store-types';
import { backoffDelay, sleep } from './backoff';
import { createPrefetchFailures, prefetchBodies } from './body-prefetch';
import { classifyImapError, connectImap, createImapClient } from './imap-client';
import { reconcileMailboxes } from './mailbox-reconcile';
import { CHANGE_STATUS } from './mailbox-list';
import { isUnchanged } from './mailbox-status';
import { createPassList, syncFoldersBeside, type PassEntry } from './folders-beside';
import { syncMailbox } from './mailbox-sync';
import type { SyncContext } from './sync-context';
import { openWireFetcher, type WireFetcher } from './wire/wire-fetch';
import type { SyncTuning } from './sync-manager';
import { createTaskQueue } from './task-queue';
import { createBodyFetcher } from './body-connection';
import { createFolderFailures, folderFailureReason } from './folder-failures';
import { keepFolderNotify } from './folder-notify';
import { replayPending } from './operation-replay';
import { LoginRefusedError, OfflineError } from './offline-error';
import { createViewWatch } from './view-watch';

export interface AccountSyncOptions extends Pick<SyncTuning, 'pollMs' | 'backoff' | 'maxAuthAttempts' | 'tls'>, Partial<Pick<SyncTuning, 'stallMs' | 'flagSweepMs'>> {
  account: AccountRecord;
  password: string;
  /** A connection logged in already (the one that checked the password): the first session's. */
  connection?: ImapFlow;
  ctx: SyncContext;
}

export interface AccountSync {
  status(): SyncStatusPayload;
  /** Fetches one message's full source (over a second, on-demand connection). */
  fetchSource(mailboxPath: string, uid: number, uidValidity: number): Promise<Buffer | null>;
  /** Replays queued actions now if the account is connected (else at the next connect). */
  replayNow(): void;
  /** Reconnects now (after a refused login, or to check mail immediately). */
  retryNow(): void;
  /** "Check mail now": connected, every mailbox is checked at once (not at the next poll); else it reconnects now. */
  checkNow(): void;
  /**
   * Lists the folders now (joining a check queued and not started yet) and resolves true once the
   * store holds what the server listed: a folder renamed elsewhere under its new path, one deleted
   * elsewhere gone. False when no session watches the account, or the check failed.
   */
  checkFolders(): Promise<boolean>;
  /**
   * The user opened this mailbox's list: it is checked now (at most every few seconds), and while
   * it stays the one open (OPEN_FOLDER_LEASE_MS from the last call) changes to it show within a
   * second, as INBOX's do (view-watch.ts).
   */
  viewing(mailboxId: string): void;
  stop(): Promise<void>;
}

/** How long a folder counts as open after its list was last asked for. */
const OPEN_FOLDER_LEASE_MS = 30 * 60_000;
/** An opened folder is checked at once, but not more often than this (each list refresh asks). */
const OPEN_FOLDER_CHECK_MS = 1_000;

/** A session that stayed up this long resets the reconnect backoff even if it never reached idle. */
const STABLE_SESSION_MS = 60_000;

/** Starts the connection loop of one account. */
export function startAccountSync(options: AccountSyncOptions): AccountSync {
  const { account } = options;
  const abort = new AbortController();
  let wake = new AbortController();
  let current: SyncStatusPayload = { accountId: account.id, state: 'connecting' };
  // Every sync.status the account's steps publish (a first sync's progress too) is its state now.
  const ctx: SyncContext = {
    ...options.ctx,
    publish(event) {
      if (event.type === 'sync.status') current = event.payload;
      options.ctx.publish(event);
    },
  };
  let client: ImapFlow | null = null;
  const bodies = createBodyFetcher({
    settings: account.imap,
    password: options.password,
    tls: options.tls,
    logger: ctx.logger,
    // A user waits on a body: half the sync's patience with a silent server (15 s by default).
    stallMs: (options.stallMs ?? 30_000) / 2,
    // The rebuild is the sync's: started now rather than at the next poll.
    onRenumbered: () => {
      if (checkAll && client?.usable) checkAll();
    },
  });
  /** First syncs' second connections open now (see closeIfStalled). */
  const bulkFetchers = new Set<WireFetcher>();
  const openBulk = async (mailboxPath: string, openAfter?: Promise<unknown>): Promise<WireFetcher> => {
    const start = startBeside;
    const fetcher = await openWireFetcher({ settings: account.imap, password: options.password, tls: options.tls, logger: ctx.logger }, mailboxPath, openAfter);
    bulkFetchers.add(fetcher);
    // A large first sync: this session's connection waits on the second one from now on. Started
    // once that one is in: a server allowing a user two connections gives it the second.
    start?.();
    return {
      ...fetcher,
      close() {
        bulkFetchers.delete(fetcher);
        fetcher.close();
      },
    };
  };
  const receivedOverAll = (imap: ImapFlow): number => [...bulkFetchers].reduce((sum, fetcher) => sum + fetcher.bytesRead(), imap.stats().received);
  /** Set once the session knows it: every queued task ends with INBOX selected again, so IDLE watches it. */
  let inboxPath: string | null = null;
  /** Checks every mailbox now; set while a session watches its mailboxes. */
  let checkAll: (() => void) | null = null;

  const queue = createTaskQueue((key, error) => {
    // A task cut off by a lost connection is redone by the next session's full pass.
    if (error instanceof OfflineError || !client?.usable) return;
    ctx.logger.warn('mailbox sync failed', { accountId: account.id, task: key, reason: String(error) });
  });

  /** Runs `work` on the connection, one task at a time, then returns to INBOX. */
  const onConnection = (imap: ImapFlow, key: string, work: () => Promise<void>): Promise<void> =>
    queue.schedule(key, async () => {
      if (!imap.usable) throw new OfflineError('The connection closed');
      try {
        await work();
      } catch (error) {
        // Back to INBOX after a failed task too: a refused SELECT leaves no mailbox selected,
        // and IDLE would then watch nothing.
        await backToInbox(imap).catch(() => undefined);
        throw error;
      }
      await backToInbox(imap);
    });

  /** Selects INBOX again after a task that left another mailbox (or none) selected. */
  const backToInbox = async (imap: ImapFlow): Promise<void> => {
    const selected = imap.mailbox ? imap.mailbox.path : null;
    if (!inboxPath || !imap.usable || selected === inboxPath) return;
    const inbox = await imap.mailboxOpen(inboxPath);
    // Changes to INBOX while another mailbox was selected raised no event: compare the SELECT.
    const stored = ctx.store.reads.getMailboxByPath(account.id, inboxPath);
    const status = { path: inboxPath, messages: inbox.exists, uidNext: inbox.uidNext, uidValidity: inbox.uidValidity, highestModseq: inbox.highestModseq };
    if (stored && !isUnchanged(stored, status)) void syncOne(imap, stored.id);
  };
  /**
   * Closes `imap` when `check` (work that needs the server) has not ended and the server has sent
   * not one byte for `stallMs`, over this connection or a first sync's second one (this one is
   * quiet, holding the folder, while that one streams): the loop then reports 'offline' and
   * reconnects. Bytes still coming (a long fetch) say the server is there, however long the
   * check takes.
   */
  const closeIfStalled = (imap: ImapFlow, check: Promise<unknown>): void => {
    const stallMs = options.stallMs ?? 30_000;
    let ended = false;
    check.then(
      () => (ended = true),
      () => (ended = true),
    );
    let received = receivedOverAll(imap);
    let quietSince = performance.now();
    const watch = setInterval(() => {
      if (ended || !imap.usable) return clearInterval(watch);
      const now = receivedOverAll(imap);
      if (now !== received) {
        received = now;
        quietSince = performance.now();
      } else if (performance.now() - quietSince >= stallMs) {
        clearInterval(watch);
        ctx.logger.warn('the server stopped answering; reconnecting', { accountId: account.id, quietMs: stallMs });
        imap.close();
      }
    }, stallMs / 4);
    watch.unref();
  };
  const setStatus = (state: SyncState, extra: Partial<SyncStatusPayload> = {}): void => {
    ctx.publish({ type: 'sync.status', payload: { accountId: account.id, state, ...extra } });
  };

  const failures = createFolderFailures();
  /** Set once a session's first pass is over: from then on a sync's outcome can change the state. */
  let watching = false;
  const publishSyncedState = (): void => {
    const error = failures.error((id) => ctx.store.reads.getMailbox(id) !== null);
    if (error) setStatus('error', { error });
    else setStatus('idle');
  };

  const noteOutcome = (mailboxId: string, reason: string | null): void => {
    const changed = failures.record(mailboxId, reason);
    // A first sync while watching (a folder created elsewhere) reported 'syncing': once it is over,
    // the account is idle again (or in error), not left showing its progress.
    if (watching && (changed || current.state === 'syncing')) publishSyncedState();
  };

  /** Set when a refused body login closed the main session; cleared by a body fetched. */
  let closedForBodyRefusal = false;

  /**
   * Bodies are prefetched over the body connection, in a queue of their own: a message the server
   * will not send costs that connection, never this session (see body-prefetch.ts).
   */
  const prefetchFailures = createPrefetchFailures();
  /**
   * Set when the body connection's login was refused during a prefetch: no more prefetch logins
   * until the next session's pass (each refused login counts towards a lockout). Nobody waits on
   * a prefetch; a message the user opens still finds out and reports it (fetchSource below).
   */
  let prefetchLoginRefused = false;
  const prefetchQueue = createTaskQueue((key, error) => {
    if (error instanceof LoginRefusedError) prefetchLoginRefused = true;
    // Offline, or the account is being removed: the next session's pass prefetches again.
    if (error instanceof OfflineError || error instanceof LoginRefusedError || abort.signal.aborted) return;
    ctx.logger.warn('body prefetch failed', { accountId: account.id, task: key, reason: String(error) });
  });
  const prefetch = (mailboxId: string, after: 'pass' | 'arrival'): void => {
    const run = prefetchQueue.schedule(`prefetch:${mailboxId}`, async () => {
      const mailbox = ctx.store.reads.getMailbox(mailboxId);
      if (mailbox && !abort.signal.aborted && !prefetchLoginRefused) await prefetchBodies(ctx, bodies, mailbox, prefetchFailures);
    });
    // After a session's pass, the last prefetch queued (nothing was scheduled behind it) lets the
    // body connection go at once: no one waits on it, and it would hold one of the user's few
    // connections a minute. After an arrival it stays its quiet minute: mail comes in bursts (a
    // thread, a list digest), each arrival would otherwise log in and out again, and the user
    // told of new mail often opens it.
    void run.then(() => {
      if (after === 'pass' && prefetchQueue.idle() === run) bodies.closeIdle();
    });
  };

  /** The folder the user has open (not INBOX: IDLE watches that), and since when. */
  let viewed: { mailboxId: string; at: number } | null = null;
  const openFolderChecks = new Map<string, number>();
  const view = createViewWatch({
    settings: account.imap,
    password: options.password,
    tls: options.tls,
    logger: ctx.logger,
    onChange: (path) => {
      const mailbox = ctx.store.reads.getMailboxByPath(account.id, path);
      if (mailbox && checkAll && client?.usable) void syncOne(client, mailbox.id);
    },
    // Renamed elsewhere: watched again under its new path once the folder check has found it (pollMailboxes).
    onLost: () => {
      const imap = client;
      if (checkAll && imap?.usable) void poll(imap);
    },
  });
  // Every folder's changes within a second where the server has NOTIFY (folder-notify.ts): each
  // makes the folders checked now, not at the next poll.
  const folderEvents = keepFolderNotify({
    settings: account.imap,
    password: options.password,
    tls: options.tls,
    logger: ctx.logger,
    onChange: () => {
      const imap = client;
      if (checkAll && imap?.usable) void poll(imap);
    },
  });
  /** Watches the open folder while this session watches the account, and while the lease lasts. */
  const watchViewed = (): void => {
    const mailbox = viewed && performance.now() - viewed.at < OPEN_FOLDER_LEASE_MS ? ctx.store.reads.getMailbox(viewed.mailboxId) : null;
    view.watch(checkAll && mailbox && mailbox.path !== inboxPath ? mailbox.path : null);
  };
  /** A STATUS of the folder the user opened; synced if it changed. As a click on a folder does in Thunderbird. */
  const checkOpened = (imap: ImapFlow, mailboxId: string): void => {
    const now = performance.now();
    if (now - (openFolderChecks.get(mailboxId) ?? -Infinity) < OPEN_FOLDER_CHECK_MS) return;
    openFolderChecks.set(mailboxId, now);
    void onConnection(imap, `open:${mailboxId}`, async () => {
      const mailbox = ctx.store.reads.getMailbox(mailboxId);
      if (!mailbox) return;
      let status: Awaited<ReturnType<ImapFlow['status']>>;
      try {
        status = await imap.status(mailbox.path, CHANGE_STATUS);
      } catch (error) {
        // No such folder any more (renamed or deleted elsewhere): the folder check finds where it went.
        if (imap.usable) void poll(imap);
        throw error;
      }
      if (!isUnchanged(mailbox, status || undefined, flagsReadRecently(mailboxId))) void syncOne(imap, mailboxId);
    });
  };

  /** When each mailbox last synced in full (every flag read, where the server has no CONDSTORE). */
  const syncedAt = new Map<string, number>();
  const flagsReadRecently = (mailboxId: string): boolean => performance.now() - (syncedAt.get(mailboxId) ?? -Infinity) < (options.flagSweepMs ?? 10 * 60_000);

  const syncOne = (imap: ImapFlow, mailboxId: string): Promise<void> =>
    onConnection(imap, mailboxId, async () => {
      const mailbox = ctx.store.reads.getMailbox(mailboxId);
      if (!mailbox) return;
      try {
        await syncMailbox(ctx, imap, mailbox, openBulk);
        syncedAt.set(mailboxId, performance.now());
      } catch (error) {
        // A lost connection is not the mailbox's fault: the next session syncs it again.
        if (error instanceof OfflineError || !imap.usable) throw error;
        noteOutcome(mailboxId, folderFailureReason(mailbox.name, error));
        throw error;
      }
      noteOutcome(mailboxId, null);
    });

  /** Whether the last check of every mailbox ended with the store holding what the server listed. */
  let lastPollListed = false;
  /**
   * Checks every mailbox with one LIST-STATUS, which does not leave INBOX: only mailboxes that
   * changed are selected. The LIST also finds folders another client created or deleted; a
   * STATUS of each known folder would miss the new ones and fail on a deleted one. Runs inside
   * the queue, so it schedules those syncs and must not wait for them (they queue behind it).
   */
  const pollMailboxes = async (imap: ImapFlow): Promise<void> => {
    lastPollListed = false;
    // INBOX too: its STATUS comes from the open mailbox at no cost, and it catches what IDLE
    // reported while no listener was attached yet (an EXISTS during the session's first pass).
    for (const { mailbox, status } of await reconcileMailboxes(ctx, imap, 'changed')) {
      if (!isUnchanged(mailbox, status, flagsReadRecently(mailbox.id))) void syncOne(imap, mailbox.id);
    }
    lastPollListed = true;
    // The open folder under the path just listed (renamed elsewhere), or none once its lease is over.
    watchViewed();
    // A folder that failed and is gone from the server now (deleted or renamed elsewhere) no
    // longer keeps the account in 'error': nothing else would say so until the next session.
    if (watching && failures.namesGone((id) => ctx.store.reads.getMailbox(id) !== null)) publishSyncedState();
  };

  /** The check of every mailbox, queued on the connection (joining one queued and not started). */
  const poll = (imap: ImapFlow): Promise<void> => onConnection(imap, 'poll', () => pollMailboxes(imap));

  /** Set during a session's pass: starts syncing the small folders beside (once). */
  let startBeside: (() => void) | null = null;
  /** While folders are synced beside: a replay waits for it (its flags read back could be overwritten by a sync's older answer). */
  let besideRunning: Promise<void> | null = null;
  /**
   * Syncs every listed folder that changed, INBOX first. A large first sync streams over a second
   * connection while this one waits on it: the small folders go over one more meanwhile
   * (folders-beside.ts), so that a new account's Sent or Drafts are not empty until INBOX is done.
   */
  const syncPass = async (imap: ImapFlow, listed: PassEntry[], closed: Promise<void>): Promise<void> => {
    const list = createPassList(ctx, listed);
    let beside: Promise<void> | null = null;
    startBeside = () => {
      const { tls, stallMs = 30_000 } = options;
      const onSynced = (mailboxId: string): void => {
        syncedAt.set(mailboxId, performance.now());
        noteOutcome(mailboxId, null);
      };
      beside ??= besideRunning = syncFoldersBeside({ settings: account.imap, password: options.password, tls, ctx, list, closed, stallMs, onSynced });
    };
    try {
      for (let entry = list.take(); entry && imap.usable; entry = list.take()) await syncOne(imap, entry.mailbox.id);
    } finally {
      startBeside = null;
    }
    // The pass is over once the last folder taken beside is synced (idle means every folder is),
    // and one it gave back (its connection failed) is synced here.
    await beside;
    besideRunning = null;
    for (let entry = list.take(); entry && imap.usable; entry = list.take()) await syncOne(imap, entry.mailbox.id);
  };

  /** A refused action is tried again after a capped, jittered backoff (the actions behind it wait: order matters). */
  let replayRetry: ReturnType<typeof setTimeout> | undefined;
  let refusals = 0;
  /** Set by a user's action (replayNow): the next replay to start is watched for a silent server. */
  let replayWatched = false;
  const replay = (imap: ImapFlow): Promise<void> =>
    onConnection(imap, 'replay', async () => {
      clearTimeout(replayRetry);
      const watched = replayWatched;
      replayWatched = false;
      // Not beside a sync of the same folder on the other connection: its flags, read before the
      // replay's STORE, would overwrite the ones the replay read back (a message marked read
      // showed unread again until the next poll).
      if (besideRunning) await besideRunning;
      // Watched from here, like "Check mail now": an action on a server gone silent otherwise
      // waited for the next folder check to find the silence (QA: 60-80 s of 'idle' with the
      // action spinning). Not before: the tasks ahead of it and the wait above are not the server's.
      const replaying = replayPending(ctx, imap);
      if (watched) closeIfStalled(imap, replaying);
      const { stalled } = await replaying;
      refusals = stalled ? refusals + 1 : 0;
      if (!stalled) return;
      // A refusal is often a folder renamed or deleted by another client since the last check: the
      // STORE or MOVE named its old path. The folders are listed again (queued after this task) before
      // the next try, which then goes to the new path, or fails saying the folder is gone. Without
      // it, the tries ran out before the next poll and the action failed as refused.
      void poll(imap).catch(() => undefined);
      replayRetry = setTimeout(() => void (imap.usable && replay(imap)), backoffDelay(refusals - 1, options.backoff));
    });

  /**
   * One connection's life after login; `settled` is called once every mailbox is synced (the
   * session reached idle), which resets the reconnect backoff.
   */
  const session = async (imap: ImapFlow, closed: Promise<void>, connectStarted: number, loggedIn: number, settled: () => void): Promise<void> => {
    // A synced INBOX is opened before the LIST-STATUS: its SELECT is needed anyway (IDLE watches
    // it), and the server then answers its STATUS from the open mailbox. The other way round
    // Dovecot opens a large maildir twice (50,000 messages: 80 + 70 ms against 70 + 2 ms).
    watching = false;
    failures.clear();
    // Mail that arrives in a mailbox while it is selected during the pass raises 'exists' before
    // the INBOX listeners below exist; a mailbox noted here is synced again after the pass (an
    // arrival after INBOX's fetch, with nothing else to select, waited for the next poll).
    const arrivedDuringPass = new Set<string>();
    const noteArrival = (event: { path: string }): void => void arrivedDuringPass.add(event.path);
    imap.on('exists', noteArrival);
    let listed: Awaited<ReturnType<typeof reconcileMailboxes>>;
    try {
      const knownInbox = ctx.store.reads.listMailboxes(account.id).find((mailbox) => mailbox.specialUse === '\\Inbox' && mailbox.initialSyncDone);
      if (knownInbox) await imap.mailboxOpen(knownInbox.path).catch(() => undefined);
      listed = await reconcileMailboxes(ctx, imap, 'all');
      // The user's queued actions reach the server before its state is read back.
      await replay(imap);
      await syncPass(imap, listed, closed);
    } finally {
      imap.off('exists', noteArrival);
    }
    const mailboxes = listed.map(({ mailbox }) => mailbox);
    const inbox = mailboxes.find((m) => m.specialUse === '\\Inbox');
    // A connection lost during the pass is not "idle": the caller reports it and reconnects.
    if (!imap.usable) return;
    const now = performance.now();
    ctx.logger.info('sync pass complete', {
      accountId: account.id,
      mailboxes: mailboxes.length,
      loginMs: Math.round(loggedIn - connectStarted),
      ms: Math.round(now - loggedIn),
    });
    // Set before the state is published: a client told the pass is over may ask at once.
    if (inbox) {
      checkAll = () => {
        void syncOne(imap, inbox.id);
        void poll(imap);
      };
    }
    publishSyncedState();
    watching = true;
    settled();
    if (!inbox) return void (await closed);
    inboxPath = inbox.path;
    // This session logged in with the password: the body and open-folder connections may try it again.
    prefetchLoginRefused = false;
    view.loginWorks();
    watchViewed();
    folderEvents.want(true);
    for (const mailbox of mailboxes) prefetch(mailbox.id, 'pass');

    const onInboxChange = (event: { path: string; earlier?: boolean }): void => {
      // VANISHED (EARLIER) answers our own CHANGEDSINCE fetch: the sync running already handles it.
      if (event.earlier) return;
      ctx.logger.debug('mailbox changed on the server', { accountId: account.id, path: event.path });
      if (event.path !== inbox.path) return;
      // After the sync has stored what arrived (a queue of its own runs the prefetch).
      void syncOne(imap, inbox.id).then(() => prefetch(inbox.id, 'arrival'));
    };
    imap.on('exists', onInboxChange);
    imap.on('expunge', onInboxChange);
    imap.on('flags', onInboxChange);
    if (arrivedDuringPass.has(inbox.path)) void syncOne(imap, inbox.id);
    // Checks from now on, also while the work queued after the pass (bodies prefetched) runs: a
    // server that hangs during it is found by the next check (closeIfStalled).
    const timer = setInterval(() => closeIfStalled(imap, poll(imap)), options.pollMs);
    // The account's abort signal outlives every session: its listener goes with the session, or
    // each reconnect (a laptop waking, a NAT dropping the line) would leave one behind.
    let stopped = (): void => {};
    try {
      // Back to INBOX (through the queue: never beside a task holding another mailbox) so that
      // IDLE, automatic in imapflow when nothing runs, watches it.
      await onConnection(imap, 'select-inbox', async () => {});
      await Promise.race([closed, new Promise<void>((resolve) => abort.signal.addEventListener('abort', (stopped = () => resolve()), { once: true }))]);
    } finally {
      abort.signal.removeEventListener('abort', stopped);
      checkAll = null;
      clearInterval(timer);
      watchViewed();
      folderEvents.want(false);
      imap.off('exists', onInboxChange);
      imap.off('expunge', onInboxChange);
      imap.off('flags', onInboxChange);
    }
  };

  const run = async (): Promise<void> => {
    let attempt = 0;
    let authFailures = 0;
    let handedOver = options.connection?.usable ? options.connection : null;
    if (!handedOver) options.connection?.close();
    while (!abort.signal.aborted) {
      setStatus('connecting');
      const imap = handedOver ?? createImapClient({ settings: account.imap, password: options.password, logger: ctx.logger, tls: options.tls });
      const connected = handedOver !== null;
      handedOver = null;
      client = imap;
      const closed = new Promise<void>((resolve) => imap.once('close', () => resolve()));
      let failure: ErrorInfo | null = null;
      const connectStarted = performance.now();
      let loggedIn = Infinity;
      let settled = false;
      try {
        if (!connected) await connectImap(imap);
        // Closed between the handover and now: the next round connects anew.
        if (!imap.usable) throw new OfflineError('The connection closed');
        authFailures = 0;
        loggedIn = performance.now();
        await session(imap, closed, connectStarted, loggedIn, () => (settled = true));
      } catch (error) {
        const classified = classifyImapError(error);
        // The account worked before: a refused connection is a server down or restarting, not a
        // wrong port (what the same code means when an account is added).
        const message = classified.code === 'connection_refused' ? 'The server is not accepting connections: it may be down or restarting' : classified.message;
        failure = { code: classified.code, message };
        if (classified.code === 'auth_failed') authFailures += 1;
      } finally {
        client = null;
        imap.close();
      }
      if (abort.signal.aborted) break;
      // The backoff starts over only after a session that got somewhere: one that reached idle,
      // or stayed up a while (a long first sync). A server that accepts the login and drops the
      // connection at once is otherwise reconnected to every second, without end.
      if (settled || performance.now() - loggedIn >= STABLE_SESSION_MS) attempt = 0;
      wake = new AbortController();
      const both = AbortSignal.any([abort.signal, wake.signal]);
      if (failure?.code === 'auth_failed') {
        setStatus('auth_failed', { error: failure });
        // Wait for the user ("Check mail now": checkNow wakes this) once the server has said no a few times.
        const delay = authFailures >= options.maxAuthAttempts ? 2 ** 31 - 1 : backoffDelay(attempt++, options.backoff);
        await sleep(delay, both);
        continue;
      }
      setStatus('offline', { error: failure ?? { code: 'connection_lost', message: 'The connection to the server was lost' } });
      await sleep(backoffDelay(attempt, options.backoff), both);
      // A wait the user cut short (Retry now, the network back, a body fetched) does not count:
      // the next automatic one stays as long as it was. Counted, each Retry pressed while the
      // server was still down doubled it: ten in a row had it back 41 s after the server was.
      if (!wake.signal.aborted) attempt += 1;
    }
  };

  const loop = run().catch((error: unknown) => {
    ctx.logger.error('account sync loop crashed', { accountId: account.id, reason: String(error) });
    setStatus('error', { error: { code: 'internal', message: 'Sync stopped after an internal error' } });
  });

  return {
    status: () => current,
    async fetchSource(mailboxPath, uid, uidValidity) {
      // Refused already: no login with a password the server refuses (each counts towards a lockout).
      if (current.state === 'auth_failed') throw new LoginRefusedError(current.error?.message ?? 'The server refused the password');
      try {
        const source = await bodies.fetchSource(mailboxPath, uid, uidValidity);
        closedForBodyRefusal = false;
        // The body's connection got in while the account waits out its backoff: the server is
        // back, so the account reconnects now rather than at the end of the wait (up to a minute).
        if (current.state === 'offline') wake.abort();
        return source;
      } catch (error) {
        if (!(error instanceof LoginRefusedError)) throw error;
        // Once: the password changed while the main session stayed logged in. That session is
        // closed, so the loop logs in again, finds the password refused, and asks the user for it.
        // If the main login then works, the password is fine and the refusal is about this second
        // connection (too many of them, say): closing again would only repeat refused logins.
        if (closedForBodyRefusal) throw new OfflineError(`The server refused a second connection: ${error.message}`);
        closedForBodyRefusal = true;
        client?.close();
        throw error;
      }
    },
    replayNow() {
      if (!client?.usable) return;
      replayWatched = true;
      void replay(client);
    },
    retryNow: () => wake.abort(),
    checkFolders() {
      const imap = client;
      if (!checkAll || !imap?.usable) return Promise.resolve(false);
      return poll(imap).then(() => lastPollListed);
    },
    viewing(mailboxId) {
      viewed = { mailboxId, at: performance.now() };
      watchViewed();
      if (checkAll && client?.usable && ctx.store.reads.getMailbox(mailboxId)?.path !== inboxPath) checkOpened(client, mailboxId);
    },
    checkNow() {
      if (checkAll && client?.usable) {
        checkAll();
        // "Check mail now" also checks that the server still answers at all.
        closeIfStalled(client, client.noop());
      } else wake.abort();
    },
    async stop() {
      abort.abort();
      clearTimeout(replayRetry);
      bodies.close();
      view.close();
      folderEvents.close();
      client?.close();
      await loop;
    },
  };
}
