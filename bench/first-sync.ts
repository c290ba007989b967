// Sync benchmarks on a 50,000-message INBOX of a private Dovecot, in one run:
// the floor (a bare imapflow FETCH of the fields the hub needs) against the
// hub's first sync into its store with full-text indexing; plus time to the
// newest 50, no-change resync, push latency, search latency and peak RSS.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import type { HubEvent } from '../shared/protocol';
import type { MessagePageResponse } from '../shared/api';
import type { Account, Mailbox } from '../shared/model';
import { startDovecot, type DovecotInstance } from '../test/support/mail/dovecot';
import { syntheticMessages } from '../test/support/mail/synthetic-corpus';
import { SUMMARY_QUERY } from '../electron/hub/sync/fetch-summaries';
import { CHANGE_STATUS } from '../electron/hub/sync/mailbox-list';
import { startKeyringSession } from '../test/support/keyring-session';
import { startServe, type ServeProcess } from '../test/support/serve-process';
import { eventsUrl, openEventSocket } from '../test/support/ws-client';

const COUNT = Number(process.env.BENCH_MESSAGES ?? 50_000);
const PUSHES = 30;
/**
 * First syncs measured, each into a new store, each between two floors (one floor serves the
 * rounds on both sides of it). One round's ratio moved by ±0.1 with this machine's phases.
 */
const FIRST_SYNCS = 3;

/** One of FIRST_SYNCS rounds: the hub's first sync into a new store, between two floors. */
export interface FirstSyncRound {
  hubMs: number;
  /** The floor measured right before and right after the hub's first sync. */
  floorBeforeMs: number;
  floorAfterMs: number;
  /** The same floors with the bare client's connect, login and SELECT on the clock too (mean), as the hub's first sync has its own. */
  floorWithLoginMs: number;
  newest50Ms: number;
}

export interface SyncFigures {
  count: number;
  /** In the order run; the ratio reported is their median. */
  rounds: FirstSyncRound[];
  /** Median over rounds of the hub's time against the mean of the floors beside it. */
  ratio: number;
  /** The same with the floors' connect, login and SELECT on their clock. */
  ratioWithLogin: number;
  newest50Ms: number;
  /** Median of RESYNCS hub restarts. */
  noChangeResyncMs: number;
  loginMs: number;
  /** The least a bare client asks to check every mailbox and be ready to IDLE: SELECT INBOX, then LIST-STATUS (median of RESYNCS, one after each restart). */
  bareResyncMs: number;
  pushP95Ms: number;
  pushMedianMs: number;
  barePushP95Ms: number;
  barePushMedianMs: number;
  /** A bare IDLE client that, like the hub, fetches the new message's summary before it could show it (hub stopped). */
  bareFetchPushP95Ms: number;
  bareFetchPushMedianMs: number;
  searchP95Ms: number;
  peakRssMb: number;
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

/** The floor: the FETCH alone (`ms`), and with the connect, login and SELECT before it (`withLoginMs`). */
async function floorFetch(dovecot: DovecotInstance): Promise<{ ms: number; withLoginMs: number }> {
  const connecting = performance.now();
  const client = new ImapFlow(dovecot.imapOptions());
  client.on('error', () => {});
  await client.connect();
  const lock = await client.getMailboxLock('INBOX');
  const began = performance.now();
  let n = 0;
  // The hub's own summary query: the floor fetches exactly the fields the hub needs.
  for await (const message of client.fetch('1:*', SUMMARY_QUERY)) {
    if (message.uid) n += 1;
  }
  const done = performance.now();
  lock.release();
  await client.logout();
  if (n !== COUNT) throw new Error(`floor fetched ${n} of ${COUNT}`);
  return { ms: done - began, withLoginMs: done - connecting };
}

/**
 * What a no-change resync must ask at least to check every mailbox and be ready to IDLE on
 * INBOX: SELECT INBOX, then LIST with STATUS (the cheaper order on Dovecot). One login.
 */
async function bareResync(dovecot: DovecotInstance): Promise<number> {
  const client = new ImapFlow(dovecot.imapOptions());
  client.on('error', () => {});
  await client.connect();
  const began = performance.now();
  await client.mailboxOpen('INBOX');
  await client.list({ statusQuery: CHANGE_STATUS });
  const ms = performance.now() - began;
  await client.logout();
  return ms;
}

/** Hub restarts (no-change resyncs) measured, each followed by a bare client's: medians of both. */
const RESYNCS = 5;

interface Resynced {
  serve: ServeProcess;
  socket: Awaited<ReturnType<typeof openEventSocket>>;
  /** The hub's pass over every mailbox after login, and the connect and login before it, as it logs them. */
  ms: number;
  loginMs: number;
}

/** Starts the hub on a store that has the account synced, and waits until it is idle again. */
async function restartHub(dataDir: string, env: Record<string, string>, accountId: string): Promise<Resynced> {
  const serve = await startServe(dataDir, env);
  const socket = await openEventSocket(eventsUrl(serve.port, serve.token));
  await socket.waitFor((e: HubEvent): e is HubEvent => e.type === 'sync.status' && e.payload.accountId === accountId && e.payload.state === 'idle', 60_000);
  // The log line may reach us after the event: wait for it.
  const findPassLine = (): string | undefined => serve.stderr().split('\n').find((line) => line.includes('"sync pass complete"'));
  for (let waited = 0; !findPassLine() && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  const passLine = findPassLine();
  const ms = Number(/"ms":([\d.]+)/.exec(passLine ?? '')?.[1] ?? NaN);
  const loginMs = Number(/"loginMs":([\d.]+)/.exec(passLine ?? '')?.[1] ?? NaN);
  return { serve, socket, ms, loginMs };
}

/** The client that APPENDs ("another client"), and a bare client that IDLEs soon after each command, both logged in. */
async function pushClients(dovecot: DovecotInstance): Promise<{ other: ImapFlow; bare: ImapFlow }> {
  const other = new ImapFlow(dovecot.imapOptions());
  other.on('error', () => {});
  await other.connect();
  const bare = new ImapFlow({ ...dovecot.imapOptions(), autoIdleDelay: 50 });
  bare.on('error', () => {});
  await bare.connect();
  return { other, bare };
}

const pushMessage = (i: number, tag: string): string => `From: p@example.test\r\nSubject: push ${i}\r\nMessage-ID: <bench-${tag}-${i}@test>\r\n\r\nhi\r\n`;

/**
 * The least any client does to show a new message: IDLE on INBOX, and on 'exists' a UID FETCH
 * of the new message's summary (the hub's own query). Measured with the hub stopped: two
 * sessions fetching the same new message would wait on each other's lock in Dovecot.
 */
async function barePushWithFetch(dovecot: DovecotInstance): Promise<number[]> {
  const { other, bare } = await pushClients(dovecot);
  const opened = await bare.mailboxOpen('INBOX');
  let nextUid = Number(opened.uidNext);
  const times: number[] = [];
  for (let i = 0; i < PUSHES; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 400));
    const sent = performance.now();
    const seen = new Promise<void>((resolve) => bare.once('exists', () => resolve()));
    await other.append('INBOX', pushMessage(i, 'bare-fetch'));
    await seen;
    let fetched = 0;
    for await (const message of bare.fetch(`${nextUid}:*`, SUMMARY_QUERY, { uid: true })) {
      nextUid = Math.max(nextUid, message.uid + 1);
      fetched += 1;
    }
    if (fetched === 0) throw new Error('the bare client fetched no new message');
    times.push(performance.now() - sent);
  }
  await bare.logout();
  await other.logout();
  return times;
}

async function api<T>(serve: ServeProcess, path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(`${serve.origin}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${serve.token}`, 'Content-Type': 'application/json', ...init.headers },
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

interface HubFirstSync {
  serve: ServeProcess;
  socket: Awaited<ReturnType<typeof openEventSocket>>;
  account: Account;
  ms: number;
  newest50Ms: number;
  peakMb: number;
}

/** Starts a hub on `dataDir` (empty), adds the account, and waits until its first sync is done. */
async function hubFirstSync(dovecot: DovecotInstance, dataDir: string, env: Record<string, string>): Promise<HubFirstSync> {
  const serve = await startServe(dataDir, env);
  try {
    return await addAndSync(dovecot, serve);
  } catch (error) {
    await serve.kill();
    throw error;
  }
}

async function addAndSync(dovecot: DovecotInstance, serve: ServeProcess): Promise<HubFirstSync> {
  const socket = await openEventSocket(eventsUrl(serve.port, serve.token));
  const user = dovecot.users[0]!;
  const began = performance.now();
  const added = await api<{ account: Account }>(serve, '/api/accounts', {
    method: 'POST',
    body: JSON.stringify({ email: user.user, imap: { host: '127.0.0.1', port: dovecot.port, security: 'none', user: user.user }, password: user.password }),
  });
  if (added.status !== 201) throw new Error(`account add failed: ${added.status}`);
  let newest50Ms = -1;
  const inboxEvent = await socket.waitFor(
    (e: HubEvent): e is Extract<HubEvent, { type: 'mailbox.updated' }> => e.type === 'mailbox.updated' && e.payload.mailbox.specialUse === '\\Inbox',
    60_000,
  );
  while (newest50Ms < 0) {
    const page = await api<MessagePageResponse>(serve, `/api/mailboxes/${inboxEvent.payload.mailbox.id}/messages?limit=50`);
    if (page.body.messages.length === 50) newest50Ms = performance.now() - began;
    else await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await socket.waitFor((e: HubEvent): e is HubEvent => e.type === 'sync.status' && e.payload.state === 'idle', 600_000);
  const ms = performance.now() - began;
  return { serve, socket, account: added.body.account, ms, newest50Ms, peakMb: await peakRssMb(serve.child.pid!) };
}

export async function benchFirstSync(): Promise<SyncFigures> {
  const keyring = await startKeyringSession();
  const dovecot = await startDovecot({ corpus: syntheticMessages(COUNT) });
  const dataDir = await mkdtemp(join(tmpdir(), 'mailmind-bench-sync-'));
  let serve: ServeProcess | null = null;
  try {
    // Warm Dovecot's index and caches first so that neither side pays for them. Each first sync
    // has a floor right before and right after it: this machine's speed drifts by half within
    // minutes, and one floor measured a minute away from the hub can flatter or darken the ratio.
    await floorFetch(dovecot);
    let floorBefore = await floorFetch(dovecot);
    const rounds: FirstSyncRound[] = [];
    let last: HubFirstSync | null = null;
    let peak = 0;
    for (let round = 0; round < FIRST_SYNCS; round += 1) {
      // Each round into a new store; the last one's is kept for the resync and push below.
      const roundDir = round === FIRST_SYNCS - 1 ? dataDir : await mkdtemp(join(tmpdir(), 'mailmind-bench-sync-'));
      const synced = await hubFirstSync(dovecot, roundDir, keyring.env);
      serve = synced.serve;
      // The floor again, with the hub stopped (it would prefetch bodies beside it).
      synced.socket.ws.close(1000);
      await synced.serve.stop();
      serve = null;
      if (roundDir !== dataDir) await rm(roundDir, { recursive: true, force: true });
      const floorAfter = await floorFetch(dovecot);
      rounds.push({
        hubMs: synced.ms,
        floorBeforeMs: floorBefore.ms,
        floorAfterMs: floorAfter.ms,
        floorWithLoginMs: (floorBefore.withLoginMs + floorAfter.withLoginMs) / 2,
        newest50Ms: synced.newest50Ms,
      });
      floorBefore = floorAfter;
      last = synced;
      peak = Math.max(peak, synced.peakMb);
    }
    const { account } = last!;

    // Restarts alternate with a bare client's resync: the machine's speed drifts within minutes.
    const hubResyncs: Resynced[] = [];
    const bareResyncs: number[] = [];
    for (let i = 0; i < RESYNCS; i += 1) {
      if (i > 0) {
        serve = null;
        hubResyncs[i - 1]!.socket.ws.close(1000);
        await hubResyncs[i - 1]!.serve.stop();
      }
      hubResyncs.push(await restartHub(dataDir, keyring.env, account.id));
      serve = hubResyncs[i]!.serve;
      bareResyncs.push(await bareResync(dovecot));
    }
    const { socket: resyncSocket, serve: resynced } = hubResyncs[RESYNCS - 1]!;
    const noChangeResyncMs = percentile(hubResyncs.map((r) => r.ms), 50);
    const loginMs = percentile(hubResyncs.map((r) => r.loginMs), 50);
    const bareResyncMs = percentile(bareResyncs, 50);
    // Push latency: another, already logged-in client APPENDs; the hub's socket client sees
    // email.new. Baseline, for the same APPEND: a bare imapflow client IDLEing on INBOX sees
    // 'exists' (Dovecot itself delays IDLE notifications by up to about half a second).
    const { other, bare } = await pushClients(dovecot);
    await bare.mailboxOpen('INBOX');
    const pushes: number[] = [];
    const barePushes: number[] = [];
    for (let i = 0; i < PUSHES; i += 1) {
      // Let both connections settle into IDLE, as they are between real arrivals.
      await new Promise((resolve) => setTimeout(resolve, 400));
      const id = `<bench-push-${i}@test>`;
      const sent = performance.now();
      const bareSeen = new Promise<number>((resolve) => bare.once('exists', () => resolve(performance.now() - sent)));
      await other.append('INBOX', pushMessage(i, 'push'));
      await resyncSocket.waitFor((e: HubEvent): e is HubEvent => e.type === 'email.new' && e.payload.message.messageId === id, 10_000);
      pushes.push(performance.now() - sent);
      barePushes.push(await bareSeen);
    }
    await bare.logout();
    await other.logout();
    // Every pushed message must be stored before the counts are checked below.
    for (let waited = 0; waited < 10_000; waited += 20) {
      const boxes = await api<{ mailboxes: Mailbox[] }>(resynced, '/api/mailboxes');
      if (boxes.body.mailboxes.find((m) => m.specialUse === '\\Inbox')?.total === COUNT + PUSHES) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    // Search latency over the whole store, through the API.
    const words = ['budget', 'review', 'onboarding', 'roadmap', 'invoice', 'lunch', 'migration', 'Ada', 'Lovelace', 'design'];
    const searches: number[] = [];
    for (let i = 0; i < 100; i += 1) {
      const sent = performance.now();
      const result = await api<MessagePageResponse>(resynced, `/api/search?q=${encodeURIComponent(words[i % words.length]!)}&limit=50`);
      if (result.status !== 200) throw new Error('search failed');
      searches.push(performance.now() - sent);
    }
    const mailboxes = await api<{ mailboxes: Mailbox[] }>(resynced, '/api/mailboxes');
    if (mailboxes.body.mailboxes.find((m) => m.specialUse === '\\Inbox')?.total !== COUNT + PUSHES) throw new Error('resync lost messages');
    resyncSocket.ws.close(1000);
    await resynced.stop();
    serve = null;
    const bareFetchPushes = await barePushWithFetch(dovecot);

    return {
      count: COUNT,
      rounds,
      ratio: percentile(rounds.map((r) => r.hubMs / ((r.floorBeforeMs + r.floorAfterMs) / 2)), 50),
      ratioWithLogin: percentile(rounds.map((r) => r.hubMs / r.floorWithLoginMs), 50),
      newest50Ms: percentile(rounds.map((r) => r.newest50Ms), 50),
      noChangeResyncMs,
      loginMs,
      bareResyncMs,
      pushP95Ms: percentile(pushes, 95),
      pushMedianMs: percentile(pushes, 50),
      barePushP95Ms: percentile(barePushes, 95),
      barePushMedianMs: percentile(barePushes, 50),
      bareFetchPushP95Ms: percentile(bareFetchPushes, 95),
      bareFetchPushMedianMs: percentile(bareFetchPushes, 50),
      searchP95Ms: percentile(searches, 95),
      peakRssMb: peak,
    };
  } finally {
    if (serve) await serve.kill();
    await dovecot.destroy();
    await keyring.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
