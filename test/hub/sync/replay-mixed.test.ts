// 100 mixed actions (flags, moves, archive, delete, delete for good) while
// Dovecot is stopped: all visible locally at once, intact across a hub
// restart while still offline, and when Dovecot is back the server ends in
// exactly the expected state: every message in one mailbox, once, with the
// expected flags.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACTION_TYPES } from '../../../shared/actions';
import type { Account, Mailbox, MessageSummary } from '../../../shared/model';
import { createLogger } from '../../../electron/hub/logger';
import { openKeychainVault } from '../../../electron/hub/vault/keychain-vault';
import { syntheticMessages } from '../../support/corpus';
import { mailboxesOf, messagesOf, postAction } from '../../support/hub-actions';
import { accountRequest, callApi, waitForSyncState } from '../../support/hub-api';
import { startKeyringSession, type KeyringSession } from '../../support/keyring-session';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { serverCopies } from '../../support/mail/server-copies';
import { actualPlaces, planActions } from '../../support/mixed-actions';
import { eventually, startTestHub, type TestHub } from '../../support/test-hub';
import { eventsUrl, openEventSocket, type EventSocket } from '../../support/ws-client';

let keyring: KeyringSession;
let dovecot: DovecotInstance;
let dataDir: string;
let t: TestHub;
let socket: EventSocket;
let account: Account;

async function startHubHere(): Promise<void> {
  const vault = await openKeychainVault({ logger: createLogger(() => {}) });
  t = await startTestHub({ dataDir, vault, sync: { pollMs: 500, backoff: { baseMs: 100, maxMs: 400 } } });
  socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
}

/** Every message the hub shows, with the path of the mailbox it shows it in. */
async function localPlaces(mailboxes: Mailbox[]): Promise<Map<string, { path: string; flags: string[]; uid: number | null }[]>> {
  const places = new Map<string, { path: string; flags: string[]; uid: number | null }[]>();
  for (const mailbox of mailboxes) {
    for (const m of await messagesOf(t, mailbox.id)) {
      places.set(m.messageId!, [...(places.get(m.messageId!) ?? []), { path: mailbox.path, flags: [...m.flags].sort(), uid: m.uid }]);
    }
  }
  return places;
}

beforeAll(async () => {
  [keyring, dovecot] = await Promise.all([startKeyringSession(), startDovecot({ corpus: syntheticMessages(40) })]);
  keyring.enter();
  const client = new ImapFlow(dovecot.imapOptions());
  client.on('error', () => {});
  await client.connect();
  await client.mailboxCreate('Projects');
  await client.logout();
  dataDir = await mkdtemp(join(tmpdir(), 'mailmind-mixed-'));
  await startHubHere();
  account = (await callApi<{ account: Account }>(t, '/api/accounts', { method: 'POST', body: accountRequest(dovecot) })).body.account;
  await waitForSyncState(socket, account.id, 'idle');
});

afterAll(async () => {
  socket?.ws.close(1000);
  await t?.hub.stop().catch(() => undefined);
  await dovecot?.destroy();
  await keyring?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

it('replays 100 mixed offline actions exactly once, across a hub restart', async () => {
  const mailboxes = (await mailboxesOf(t, account.id)).filter((m) => ['INBOX', 'Projects', 'Archive', 'Trash'].includes(m.path));
  const inbox = mailboxes.find((m) => m.path === 'INBOX')!;
  const messages: MessageSummary[] = await messagesOf(t, inbox.id);
  const plan = planActions(messages, mailboxes, 100);
  // The mix covers every kind of action, including deleting for good.
  expect(new Set(plan.requests.map((r) => r.type))).toEqual(new Set(ACTION_TYPES));
  expect([...plan.expected.values()]).toContain(null);

  await dovecot.stop();
  await waitForSyncState(socket, account.id, 'offline');
  for (const request of plan.requests) expect((await postAction(t, request)).status, JSON.stringify(request)).toBe(202);
  // Visible locally at once: each message where the plan puts it (no UID yet for the moved ones).
  const expectedLocal = new Map([...plan.expected].filter(([, place]) => place !== null).map(([id, place]) => [id, [place!.path, place!.flags]]));
  const shown = async () => new Map([...(await localPlaces(mailboxes))].map(([id, places]) => [id, places.length === 1 ? [places[0]!.path, places[0]!.flags] : places]));
  expect(await shown()).toEqual(expectedLocal);
  const queued = t.hub.store.operations.pending(account.id).length;
  expect(queued).toBe(100);

  // Restarted while still offline: the queue and the local state are intact.
  socket.ws.close(1000);
  await t.hub.stop();
  await startHubHere();
  expect(t.hub.store.operations.pending(account.id)).toHaveLength(queued);
  expect(await shown()).toEqual(expectedLocal);

  await dovecot.start();
  await eventually(() => t.hub.store.operations.pending(account.id).length === 0, 'the queue to drain', 60_000);
  expect(socket.events.filter((e) => e.type === 'action.status' && e.payload.state === 'failed')).toEqual([]);
  expect(actualPlaces(plan.expected, await serverCopies(dovecot))).toEqual(plan.expected);
  // And the hub agrees, with the server's UIDs, once it has synced again.
  await waitForSyncState(socket, account.id, 'idle');
  await eventually(() => t.hub.store.operations.pending(account.id).length === 0, 'nothing queued', 10_000);
  const local = await localPlaces(mailboxes);
  expect(new Map([...local].map(([id, places]) => [id, places.length === 1 ? [places[0]!.path, places[0]!.flags] : places]))).toEqual(expectedLocal);
  expect([...local.values()].flat().every((place) => place.uid !== null)).toBe(true);
});
