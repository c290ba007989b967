// User actions against a real Dovecot: 100 mixed actions (flags, moves,
// archive, delete, delete for good) applied locally at once while Dovecot is
// stopped, kept across a hub restart while offline, replayed exactly once when
// the server is back (the server ends in exactly the expected state); failed
// with a reason when the message is gone; undo.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_TYPES, type ActionAccepted, type UndoResponse } from '../../../shared/actions';
import type { ApiErrorBody, MessagePageResponse } from '../../../shared/api';
import type { Account, Mailbox, MessageSummary } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import { openKeychainVault } from '../../../electron/hub/vault/keychain-vault';
import { createLogger } from '../../../electron/hub/logger';
import { syntheticMessages } from '../../support/corpus';
import { mailboxesOf, messagesOf, postAction } from '../../support/hub-actions';
import { serverCopies } from '../../support/mail/server-copies';
import { actualPlaces, planActions } from '../../support/mixed-actions';
import { withImapClient } from '../../support/synced-account';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { startKeyringSession, type KeyringSession } from '../../support/keyring-session';
import { accountRequest, callApi, waitForSyncState } from '../../support/hub-api';
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
  t = await startTestHub({ dataDir, vault, sync: { pollMs: 60_000, backoff: { baseMs: 100, maxMs: 400 } } });
  socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
}

async function stopHubHere(): Promise<void> {
  socket.ws.close(1000);
  await t.hub.stop(); // keeps the data folder, unlike t.stop()
}

async function inboxMessages(): Promise<MessageSummary[]> {
  const { body } = await callApi<{ mailboxes: Mailbox[] }>(t, `/api/mailboxes?accountId=${account.id}`);
  const inbox = body.mailboxes.find((m) => m.specialUse === '\\Inbox')!;
  return (await callApi<MessagePageResponse>(t, `/api/mailboxes/${inbox.id}/messages?limit=500`)).body.messages;
}

/** The flags of each INBOX message on the server, by Message-ID. */
async function serverFlags(): Promise<Map<string, string[]>> {
  const inbox = [...(await serverCopies(dovecot))].flatMap(([id, copies]) => copies.filter((c) => c.path === 'INBOX').map((c) => [id, c.flags] as const));
  return new Map(inbox);
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

const act = (type: string, messageIds: string[]) => callApi<ActionAccepted & ApiErrorBody>(t, '/api/actions', { method: 'POST', body: { type, messageIds } });
const pendingCount = () => t.hub.store.operations.pending(account.id).length;

beforeAll(async () => {
  [keyring, dovecot] = await Promise.all([startKeyringSession(), startDovecot({ corpus: syntheticMessages(40) })]);
  keyring.enter();
  await withImapClient(dovecot, (client) => client.mailboxCreate('Projects'));
  dataDir = await mkdtemp(join(tmpdir(), 'mailmind-actions-'));
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

describe('actions online', () => {
  it('marks read at once (email.updated, pending) and on the server (applied)', async () => {
    const target = (await inboxMessages()).find((m) => !m.flags.includes('\\Seen'))!;
    const accepted = await act('markRead', [target.id]);
    expect(accepted.status).toBe(202);
    const { actionId } = accepted.body;
    const updated = await socket.waitFor((e: HubEvent): e is Extract<HubEvent, { type: 'email.updated' }> => e.type === 'email.updated' && e.payload.message.id === target.id);
    expect(updated.payload.message.flags).toContain('\\Seen');
    await socket.waitFor((e: HubEvent): e is HubEvent => e.type === 'action.status' && e.payload.actionId === actionId && e.payload.state === 'applied');
    expect((await serverFlags()).get(target.messageId!)).toContain('\\Seen');
  });

  it('refuses bad requests and queues nothing', async () => {
    const before = pendingCount();
    const [one] = await inboxMessages();
    expect((await act('explode', [one!.id])).status).toBe(400);
    const unknown = await act('flag', [one!.id, 'no-such-id']);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('unknown_messages');
    expect((await act('flag', [])).status).toBe(400);
    const noTarget = await act('move', [one!.id]);
    expect(noTarget.status).toBe(400);
    expect(noTarget.body.error.message).toMatch(/targetMailboxId/);
    expect(pendingCount()).toBe(before);
    expect((await inboxMessages()).find((m) => m.id === one!.id)?.flags.includes('\\Flagged')).toBe(false);
  });
});

describe('actions offline', () => {
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
    await stopHubHere();
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

  it('fails an action whose message was expunged elsewhere, with a reason, and applies the others', async () => {
    const [doomed, kept] = await inboxMessages();
    // The hub is cut off (its sync loop stopped) while another client expunges a message.
    await t.hub.sync.stop(account.id);
    const lost = await act('flag', [doomed!.id]);
    const fine = await act('flag', [kept!.id]);
    await dovecot.doveadm(['expunge', '-u', dovecot.users[0]!.user, 'mailbox', 'INBOX', 'header', 'Message-ID', doomed!.messageId!]);
    socket.events.length = 0;
    t.hub.sync.start(t.hub.store.reads.getAccount(account.id)!, dovecot.users[0]!.password);
    const failed = await socket.waitFor(
      (e: HubEvent): e is Extract<HubEvent, { type: 'action.status' }> => e.type === 'action.status' && e.payload.actionId === lost.body.actionId && e.payload.state !== 'pending',
      30_000,
    );
    expect(failed.payload.state).toBe('failed');
    expect(failed.payload.error?.code).toBe('message_gone');
    await socket.waitFor((e: HubEvent): e is HubEvent => e.type === 'action.status' && e.payload.actionId === fine.body.actionId && e.payload.state === 'applied', 30_000);
    expect((await serverFlags()).get(kept!.messageId!)).toContain('\\Flagged');
  });
});

describe('undo', () => {
  it('cancels a pending action: its flag comes back locally and never reaches the server', async () => {
    const target = (await inboxMessages()).find((m) => !m.flags.includes('\\Flagged'))!;
    await t.hub.sync.stop(account.id);
    const queued = await act('flag', [target.id]);
    expect((await inboxMessages()).find((m) => m.id === target.id)?.flags).toContain('\\Flagged');
    const undo = await callApi<UndoResponse>(t, `/api/actions/${queued.body.actionId}/undo`, { method: 'POST' });
    expect(undo.status).toBe(200);
    expect(undo.body).toEqual({ actionId: queued.body.actionId, cancelled: true, actionIds: [] });
    expect((await inboxMessages()).find((m) => m.id === target.id)?.flags).not.toContain('\\Flagged');
    expect(t.hub.store.operations.get(queued.body.actionId)?.error?.code).toBe('cancelled');
    t.hub.sync.start(t.hub.store.reads.getAccount(account.id)!, dovecot.users[0]!.password);
    await waitForSyncState(socket, account.id, 'idle');
    expect(pendingCount()).toBe(0);
    expect((await serverFlags()).get(target.messageId!)).not.toContain('\\Flagged');
    // Undoing it again: it did not happen, there is nothing to undo.
    expect((await callApi(t, `/api/actions/${queued.body.actionId}/undo`, { method: 'POST' })).status).toBe(409);
    expect((await callApi(t, '/api/actions/no-such-action/undo', { method: 'POST' })).status).toBe(404);
  });

  it('does not bring back a message deleted twice (to Trash, then for good) by undoing the first delete: the deletion stands', async () => {
    const target = (await inboxMessages())[0]!;
    await t.hub.sync.stop(account.id);
    expect((await act('delete', [target.id])).status).toBe(202);
    // Delete again on the message now shown in Trash: for good.
    const forGood = await act('delete', [target.id]);
    expect(forGood.status).toBe(202);
    const first = t.hub.store.operations.pending(account.id).find((operation) => operation.kind === 'move' && operation.targets.some((x) => x.messageId === target.id))!;
    const undo = await callApi<UndoResponse & ApiErrorBody>(t, `/api/actions/${first.id}/undo`, { method: 'POST' });
    // Not "cancelled": the deletion for good would still reach the server.
    expect(undo.status).toBe(409);
    expect((await inboxMessages()).map((m) => m.id)).not.toContain(target.id);
    t.hub.sync.start(t.hub.store.reads.getAccount(account.id)!, dovecot.users[0]!.password);
    await waitForSyncState(socket, account.id, 'idle');
    for (let waited = 0; pendingCount() > 0 && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pendingCount()).toBe(0);
    expect((await serverCopies(dovecot)).get(target.messageId!) ?? []).toEqual([]);
    expect((await inboxMessages()).map((m) => m.id)).not.toContain(target.id);
  });

  it('queues the inverse of an applied action, which reaches the server', async () => {
    const [seen, unseen] = [(await inboxMessages()).find((m) => m.flags.includes('\\Seen'))!, (await inboxMessages()).find((m) => !m.flags.includes('\\Seen'))!];
    const applied = await act('markRead', [seen.id, unseen.id]);
    await socket.waitFor((e: HubEvent): e is HubEvent => e.type === 'action.status' && e.payload.actionId === applied.body.actionId && e.payload.state === 'applied');
    const undo = await callApi<UndoResponse>(t, `/api/actions/${applied.body.actionId}/undo`, { method: 'POST' });
    expect(undo.status).toBe(202);
    // Only the message that was unread before goes back to unread.
    expect(undo.body.actionIds).toHaveLength(1);
    await socket.waitFor((e: HubEvent): e is HubEvent => e.type === 'action.status' && e.payload.actionId === undo.body.actionIds[0] && e.payload.state === 'applied');
    const onServer = await serverFlags();
    expect(onServer.get(seen.messageId!)).toContain('\\Seen');
    expect(onServer.get(unseen.messageId!)).not.toContain('\\Seen');
  });
});
