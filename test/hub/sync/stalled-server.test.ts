// A server that stops answering while the hub is connected (a laptop woken up, a NAT that
// dropped the line, a hung server): the socket's own timeout takes five minutes, all that
// time the account showed 'idle' and "Check mail now" queued behind the stuck command. A check
// that hears not one byte back within the stall time closes the session: 'offline', then a
// reconnect, and 'idle' again once the server answers. Dovecot's sessions are stopped with
// SIGSTOP: the real server, really not answering.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { actionEnded, mailboxesOf, messagesOf, postAction } from '../../support/hub-actions';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';

const STALL_MS = 1500;
let s: SyncedAccount;

beforeAll(async () => {
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(5) }, hub: { sync: { pollMs: 600_000, stallMs: STALL_MS, backoff: { baseMs: 100, maxMs: 300 } } } });
});

afterAll(async () => {
  s?.dovecot.signalSessions('SIGCONT');
  await s?.stop();
});

type StatusEvent = Extract<HubEvent, { type: 'sync.status' }>;
const state = (wanted: string) => (e: HubEvent): e is StatusEvent => e.type === 'sync.status' && e.payload.accountId === s.account.id && e.payload.state === wanted;

it('reports offline within the stall time after "Check mail now" finds the server silent, and is idle again once it answers', async () => {
  expect(s.t.hub.sync.status(s.account.id).state).toBe('idle');
  expect(s.dovecot.signalSessions('SIGSTOP')).toBeGreaterThan(0);
  s.socket.events.length = 0;
  const began = performance.now();
  s.t.hub.sync.get(s.account.id)!.checkNow();
  const offline = await s.socket.waitFor(state('offline'), 10_000);
  expect(performance.now() - began).toBeLessThan(STALL_MS + 5_000);
  expect(offline.payload.error?.code).toBeTruthy();

  s.dovecot.signalSessions('SIGCONT');
  await s.socket.waitFor(state('idle'), 20_000);
  expect(s.t.hub.sync.status(s.account.id).state).toBe('idle');
});

it('reports offline within the stall time when an action finds the server silent, and applies it once the server answers', async () => {
  expect(s.t.hub.sync.status(s.account.id).state).toBe('idle');
  const inbox = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Inbox')!;
  const [message] = await messagesOf(s.t, inbox.id);
  expect(s.dovecot.signalSessions('SIGSTOP')).toBeGreaterThan(0);
  s.socket.events.length = 0;
  const began = performance.now();
  // The folder poll is 10 minutes away here: only the action's own wait can find the silence.
  const accepted = await postAction(s.t, { type: 'flag', messageIds: [message!.id] });
  expect(accepted.status).toBe(202);
  await s.socket.waitFor(state('offline'), 10_000);
  expect(performance.now() - began).toBeLessThan(STALL_MS + 5_000);

  s.dovecot.signalSessions('SIGCONT');
  expect((await actionEnded(s.socket, accepted.body.actionId)).payload.state).toBe('applied');
  const flagged = await withImapClient(s.dovecot, async (client) => {
    await client.mailboxOpen('INBOX');
    const found = await client.fetchOne(String(message!.uid), { flags: true }, { uid: true });
    return found ? [...(found.flags ?? [])] : [];
  });
  expect(flagged).toContain('\\Flagged');
});

it('finds a silent server at the next check of the folders too, with no one asking', async () => {
  const polled = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(3) }, hub: { sync: { pollMs: 500, stallMs: STALL_MS, backoff: { baseMs: 100, maxMs: 300 } } } });
  try {
    const offline = (e: HubEvent): e is StatusEvent => e.type === 'sync.status' && e.payload.accountId === polled.account.id && e.payload.state === 'offline';
    expect(polled.dovecot.signalSessions('SIGSTOP')).toBeGreaterThan(0);
    polled.socket.events.length = 0;
    await polled.socket.waitFor(offline, 500 + STALL_MS + 5_000);
  } finally {
    polled.dovecot.signalSessions('SIGCONT');
    await polled.stop();
  }
});

it('keeps a session whose connection is quiet only because a first sync streams over the second one', async () => {
  // A folder of 3,000 messages shows up after the pass (renamed elsewhere): its first sync goes
  // over the second connection while the main one holds the folder and hears nothing.
  const quiet = await startSyncedAccount({
    dovecot: { corpus: syntheticMessages(3000, { mailbox: () => 'Staging' }) },
    hub: { sync: { pollMs: 100, stallMs: 150, backoff: { baseMs: 100, maxMs: 300 } } },
  });
  try {
    const offline = (e: HubEvent): e is StatusEvent => e.type === 'sync.status' && e.payload.accountId === quiet.account.id && e.payload.state === 'offline';
    // Renamed while the hub's connection has it selected (prefetching its newest bodies after the
    // pass), the server ends that session: the rename waits until the hub's log is quiet.
    for (let count = -1; count !== quiet.t.logs.length; ) {
      count = quiet.t.logs.length;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    quiet.socket.events.length = 0;
    await withImapClient(quiet.dovecot, (client) => client.mailboxRename('Staging', 'Moved here'));
    for (let waited = 0; waited < 30_000; waited += 100) {
      const moved = (await mailboxesOf(quiet.t, quiet.account.id)).find((m) => m.path === 'Moved here');
      if (moved?.total === 3000 && quiet.t.hub.sync.status(quiet.account.id).state === 'idle') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await mailboxesOf(quiet.t, quiet.account.id)).find((m) => m.path === 'Moved here')?.total).toBe(3000);
    expect(quiet.socket.events.filter(offline)).toEqual([]);
    expect(quiet.t.logs.filter((entry) => entry.message === 'bulk fetch failed; going on over the main connection')).toEqual([]);
  } finally {
    await quiet.stop();
  }
}, 60_000);
