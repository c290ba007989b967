// One recent message the server cannot read (its Maildir file chmod 000: Dovecot answers its
// FETCH with "BYE FETCH failed" and ends the session). The background prefetch used to fetch
// the 50 newest in one command on the sync's connection: it lost every body, and the account
// went offline and reconnected about once a second, for ever. Now the other bodies are cached,
// the account stays idle, the message itself is a 502 the reader can explain, and the hub
// stops asking the server for it after three failed passes.
//
// The file is made unreadable after the first sync has read the message's headers (Dovecot
// keeps them in its cache), before its body is fetched: the named holding proxy holds the
// first body FETCH meanwhile. Every byte the hub receives is the real server's.
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../../shared/api';
import type { Account, Mailbox, MessageSummary } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import { PREFETCH_COUNT, PREFETCH_MAX_FAILURES } from '../../../electron/hub/sync/body-prefetch';
import { syntheticMessages } from '../../support/corpus';
import type { DovecotInstance } from '../../support/mail/dovecot';
import { startHoldingProxy, type HoldingProxy } from '../../support/mail/holding-proxy';
import { setReadable } from '../../support/mail/maildir-files';
import { callApi } from '../../support/hub-api';
import { mailboxesOf, messagesOf } from '../../support/hub-actions';
import { startSyncedAccount, type SyncedAccount } from '../../support/synced-account';
import { eventually, type TestHub } from '../../support/test-hub';
import type { EventSocket } from '../../support/ws-client';

const COUNT = 60;
/** Among the newest ten: in the prefetch's first batch, with messages before and after it. */
const BROKEN_UID = COUNT - 5;

let s: SyncedAccount;
let dovecot: DovecotInstance;
let proxy: HoldingProxy;
let t: TestHub;
let socket: EventSocket;
let account: Account;
let inbox: Mailbox;
let broken: MessageSummary;

const cached = (id: string): boolean => {
  const record = t.hub.store.reads.getMessage(id);
  return record !== null && t.hub.store.reads.bodyOf(record.rowid) !== null;
};
/** Lines of Dovecot's log about a message file it could not open. */
const readFailures = async (): Promise<number> => (await dovecot.readLog()).split('\n').filter((line) => /Permission denied/.test(line)).length;
/** The hub's word that a prefetch pass failed on a message (how the test knows a pass is over). */
const prefetchFailures = (): number => t.logs.filter((entry) => entry.message.startsWith('the server would not send a body')).length;

beforeAll(async () => {
  s = await startSyncedAccount({
    dovecot: { corpus: syntheticMessages(COUNT) },
    // A short backoff: the reconnect loop this guards against ran at once per backoff step.
    hub: { sync: { pollMs: 600_000, backoff: { baseMs: 200, maxMs: 1000 } } },
    through: async (port) => {
      proxy = await startHoldingProxy(port);
      proxy.holdNext(/BODY\.PEEK\[\]/);
      return proxy;
    },
  });
  ({ t, socket, account, dovecot } = s);
  await proxy.held();
  await setReadable(dovecot, BROKEN_UID, false);
  proxy.release();
  inbox = (await mailboxesOf(t, account.id)).find((m) => m.specialUse === '\\Inbox')!;
  broken = (await messagesOf(t, inbox.id)).find((m) => m.uid === BROKEN_UID)!;
}, 60_000);

afterAll(() => s?.stop());

it('caches every other recent body, and the account stays idle', async () => {
  const newest = (await messagesOf(t, inbox.id)).slice(0, PREFETCH_COUNT);
  const others = newest.filter((m) => m.id !== broken.id);
  await eventually(() => others.every((m) => cached(m.id)), 'every recent body but the unreadable one to be cached', 15_000);
  expect(cached(broken.id)).toBe(false);

  socket.events.length = 0;
  await delay(3000);
  const changes = socket.events.filter((e: HubEvent) => e.type === 'sync.status' && e.payload.accountId === account.id && e.payload.state !== 'idle');
  expect(changes, 'the account left idle').toEqual([]);
  expect((await callApi<{ accounts: Account[] }>(t, '/api/accounts')).body.accounts[0]!.status.state).toBe('idle');
});

it('answers 502 body_fetch_failed with the server’s words for the unreadable message, not "offline"', async () => {
  const opened = await callApi<ApiErrorBody>(t, `/api/messages/${broken.id}`);
  expect(opened.status).toBe(502);
  expect(opened.body.error.code).toBe('body_fetch_failed');
  expect(opened.body.error.message).toMatch(/FETCH failed/);
  expect(t.logs.filter((entry) => entry.level === 'error')).toEqual([]);
  expect((await callApi<{ accounts: Account[] }>(t, '/api/accounts')).body.accounts[0]!.status.state).toBe('idle');
});

it(`stops asking the server for it after ${PREFETCH_MAX_FAILURES} failed passes`, async () => {
  // Each arrival in INBOX syncs it and prefetches again: the broken message is still among the newest.
  const arrive = async (n: number): Promise<void> => {
    const messageId = `<arrival-${n}@mailmind.test>`;
    await dovecot.appendRaw(dovecot.users[0]!.user, 'INBOX', `From: a@mailmind.test\r\nSubject: Arrival ${n}\r\nMessage-ID: ${messageId}\r\n\r\nHello ${n}\r\n`);
    const event = await socket.waitFor((e: HubEvent): e is Extract<HubEvent, { type: 'email.new' }> => e.type === 'email.new' && e.payload.message.messageId === messageId, 10_000);
    await eventually(() => cached(event.payload.message.id), `arrival ${n} to be prefetched`, 10_000);
  };
  // The first pass failed already (after the first sync); the open above does not count.
  for (let n = 2; n <= PREFETCH_MAX_FAILURES; n++) {
    await arrive(n);
    await eventually(() => prefetchFailures() === n, `prefetch pass ${n} to fail on the unreadable message`, 10_000);
  }
  // One pass more first: Dovecot's log process may still be writing the last failure's lines.
  await arrive(PREFETCH_MAX_FAILURES + 1);
  const failuresSoFar = await readFailures();
  expect(failuresSoFar).toBeGreaterThan(0);
  await arrive(PREFETCH_MAX_FAILURES + 2);
  await arrive(PREFETCH_MAX_FAILURES + 3);
  expect(await readFailures()).toBe(failuresSoFar);
  expect(prefetchFailures()).toBe(PREFETCH_MAX_FAILURES);
  expect(cached(broken.id)).toBe(false);

  // Readable again (restored from a backup, say): opening it works.
  await setReadable(dovecot, BROKEN_UID, true);
  expect((await callApi(t, `/api/messages/${broken.id}`)).status).toBe(200);
});
