// The hub's real events pass the protocol's own check (parseHubEvent), which the
// renderer applies to every frame: a hub on a private Dovecot, driven through
// every change that raises an event, and a socket that keeps the frames the check
// refused. A check stricter than what the hub sends would drop real events.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { UndoResponse } from '../../../shared/actions';
import type { HubEvent, HubEventOf } from '../../../shared/protocol';
import { HUB_EVENT_TYPES } from '../../../shared/protocol';
import { buildCorpus } from '../../support/corpus';
import { callApi, waitForSyncState } from '../../support/hub-api';
import { actionEnded, mailboxesOf, messagesOf, postAction } from '../../support/hub-actions';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';

let s: SyncedAccount;

/** The first event of `type` that matches; a timeout names the frames the check refused (the likely reason). */
async function raised<T extends HubEvent['type']>(type: T, match: (event: HubEventOf<T>) => boolean = () => true): Promise<HubEventOf<T>> {
  try {
    return await s.socket.waitFor((event: HubEvent): event is HubEventOf<T> => event.type === type && match(event as HubEventOf<T>), 20_000);
  } catch (error) {
    throw new Error(`${String(error)} (${type}); frames parseHubEvent refused: ${s.socket.rejected.slice(0, 3).join(' | ') || 'none'}`, { cause: error });
  }
}

beforeAll(async () => {
  // Small chunks: the first sync reports progress (sync.status with done/total).
  s = await startSyncedAccount({
    dovecot: { corpus: buildCorpus() },
    folders: ['Projects'],
    hub: { sync: { pollMs: 300, firstChunkSize: 3, chunkSize: 4, backoff: { baseMs: 50, maxMs: 200 } } },
  });
});

afterAll(async () => {
  await s?.stop();
});

it('sends only events that parseHubEvent accepts, of every type, through sync, changes elsewhere, actions, an outage and a removal', async () => {
  const user = s.dovecot.users[0]!.user;
  const mailboxes = await mailboxesOf(s.t, s.account.id);
  const inbox = mailboxes.find((m) => m.specialUse === '\\Inbox')!;
  const projects = mailboxes.find((m) => m.path === 'Projects')!;
  await raised('sync.status', (event) => event.payload.progress !== undefined);

  // New mail from another client: email.new.
  await s.dovecot.appendRaw(user, 'INBOX', 'From: Nina <nina@example.test>\r\nSubject: Arrived later\r\nMessage-ID: <later-1@test>\r\n\r\nbody\r\n');
  const arrived = await raised('email.new', (event) => event.payload.message.messageId === '<later-1@test>');

  // A flag set by another client: email.updated.
  await withImapClient(s.dovecot, async (client) => {
    const lock = await client.getMailboxLock('INBOX');
    try {
      await client.messageFlagsAdd({ header: { 'message-id': '<later-1@test>' } }, ['\\Flagged']);
    } finally {
      lock.release();
    }
  });
  await raised('email.updated', (event) => event.payload.message.id === arrived.payload.message.id && event.payload.message.flags.includes('\\Flagged'));

  // A move through the hub: action.status, email.deleted at the source, email.updated (uid null) at the target.
  const moved = (await messagesOf(s.t, inbox.id))[1]!;
  const move = await postAction(s.t, { type: 'move', messageIds: [moved.id], targetMailboxId: projects.id });
  expect((await actionEnded(s.socket, move.body.actionId)).payload.state).toBe('applied');
  await raised('email.deleted', (event) => event.payload.mailboxId === inbox.id && event.payload.ids.includes(moved.id));
  await raised('email.updated', (event) => event.payload.message.id === moved.id && event.payload.message.mailboxId === projects.id && event.payload.message.uid === null);

  // An action undone before it reached the server: action.status failed, with an error.
  await s.goOffline();
  const read = await postAction(s.t, { type: 'markRead', messageIds: [arrived.payload.message.id] });
  const undo = await callApi<UndoResponse>(s.t, `/api/actions/${read.body.actionId}/undo`, { method: 'POST' });
  expect(undo.body.cancelled).toBe(true);
  expect((await actionEnded(s.socket, read.body.actionId)).payload.error?.code).toBe('cancelled');
  s.goOnline();
  await waitForSyncState(s.socket, s.account.id, 'idle');

  // The server goes away and comes back: sync.status offline with an error, then idle again.
  const idleBefore = s.socket.events.length;
  await s.dovecot.stop();
  await raised('sync.status', (event) => event.payload.state === 'offline' && event.payload.error !== undefined);
  await s.dovecot.start();
  await s.socket.waitFor(
    (event: HubEvent): event is HubEventOf<'sync.status'> => s.socket.events.indexOf(event) > idleBefore && event.type === 'sync.status' && event.payload.state === 'idle',
    30_000,
  );

  // The account removed: account.removed.
  expect((await callApi(s.t, `/api/accounts/${s.account.id}`, { method: 'DELETE' })).status).toBe(204);
  await raised('account.removed', (event) => event.payload.accountId === s.account.id);

  expect(s.socket.rejected).toEqual([]);
  expect(new Set(s.socket.events.map((event) => event.type))).toEqual(new Set(HUB_EVENT_TYPES));
  expect(s.socket.events.length).toBeGreaterThan(20);
});
