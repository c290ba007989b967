// User actions against a real Dovecot: applied locally at once, kept across a
// hub restart while offline, replayed exactly once when the server is back,
// and failed with a reason when the message is gone.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionAccepted, FlagActionType, UndoResponse } from '../../../shared/actions';
import type { ApiErrorBody, MessagePageResponse } from '../../../shared/api';
import type { Account, Mailbox, MessageSummary } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import { flagsAfter } from '../../../electron/hub/store/operation-log';
import { openKeychainVault } from '../../../electron/hub/vault/keychain-vault';
import { createLogger } from '../../../electron/hub/logger';
import { syntheticMessages } from '../../support/corpus';
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

async function serverFlags(): Promise<Map<string, string[]>> {
  const client = new ImapFlow(dovecot.imapOptions());
  client.on('error', () => {});
  await client.connect();
  const lock = await client.getMailboxLock('INBOX');
  const flags = new Map<string, string[]>();
  try {
    for await (const message of client.fetch('1:*', { uid: true, flags: true, envelope: true })) {
      flags.set(message.envelope?.messageId ?? '', [...(message.flags ?? [])].filter((f) => f !== '\\Recent').sort());
    }
  } finally {
    lock.release();
    await client.logout();
  }
  return flags;
}

const act = (type: string, messageIds: string[]) => callApi<ActionAccepted & ApiErrorBody>(t, '/api/actions', { method: 'POST', body: { type, messageIds } });
const pendingCount = () => t.hub.store.operations.pending(account.id).length;

beforeAll(async () => {
  [keyring, dovecot] = await Promise.all([startKeyringSession(), startDovecot({ corpus: syntheticMessages(40) })]);
  keyring.enter();
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
  it('keeps 100 actions through a hub restart and replays them in order when the server is back', async () => {
    await dovecot.stop();
    await waitForSyncState(socket, account.id, 'offline');
    const messages = await inboxMessages();
    const expected = new Map(messages.map((m) => [m.id, m.flags]));
    const types: FlagActionType[] = ['markRead', 'flag', 'markUnread', 'unflag', 'flag', 'markRead'];
    for (let i = 0; i < 100; i += 1) {
      const ids = [messages[(i * 7) % messages.length]!.id, messages[(i * 11 + 3) % messages.length]!.id];
      const type = types[i % types.length]!;
      expect((await act(type, ids)).status).toBe(202);
      for (const id of new Set(ids)) expected.set(id, flagsAfter(type, expected.get(id)!));
    }
    const local = new Map((await inboxMessages()).map((m) => [m.id, m.flags]));
    expect(local).toEqual(expected);
    expect(pendingCount()).toBe(100);

    await stopHubHere();
    await startHubHere();
    expect(pendingCount()).toBe(100);
    expect(new Map((await inboxMessages()).map((m) => [m.id, m.flags]))).toEqual(expected);

    await dovecot.start();
    await eventually(() => pendingCount() === 0, 'every action to be replayed', 30_000);
    expect(t.hub.store.operations.pending(account.id)).toEqual([]);
    const onServer = await serverFlags();
    for (const message of messages) expect(onServer.get(message.messageId!), message.subject).toEqual(expected.get(message.id));
    await waitForSyncState(socket, account.id, 'idle');
    expect(new Map((await inboxMessages()).map((m) => [m.id, m.flags]))).toEqual(expected);
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
