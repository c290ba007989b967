// A folder the server refuses to open: the account is not reported 'idle' (every mailbox
// synced) but 'error', naming the folder, while INBOX is still watched; it is 'idle' again
// once the folder syncs.
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Mailbox, MessageSummary } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import { callApi } from '../../support/hub-api';
import { actionEnded, messagesOf, postAction } from '../../support/hub-actions';
import { syntheticMessages } from '../../support/corpus';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';

let s: SyncedAccount;
let brokenDir: string;

beforeAll(async () => {
  // A refused action is tried again after 1.5-3 s, then 3-6 s: room to change the folder in between.
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(3) }, folders: ['Broken'], hub: { sync: { pollMs: 600_000, backoff: { baseMs: 3000, maxMs: 6000 } } } });
  // Maildir++: the folder's files (and Dovecot's index of it) live in <maildir>/.Broken.
  brokenDir = join(s.dovecot.mailDir(s.dovecot.users[0]!.user), '.Broken');
});

afterAll(async () => {
  await chmod(brokenDir, 0o700).catch(() => {});
  await s?.stop();
});

type StatusEvent = Extract<HubEvent, { type: 'sync.status' }>;
const state = (wanted: string) => (e: HubEvent): e is StatusEvent => e.type === 'sync.status' && e.payload.accountId === s.account.id && e.payload.state === wanted;
const arrived = (messageId: string) => (e: HubEvent): e is HubEvent => e.type === 'email.new' && e.payload.message.messageId === messageId;

it('reports error naming the folder while the server refuses it, keeps watching INBOX, and is idle once the folder syncs', async () => {
  const user = s.dovecot.users[0]!.user;
  await s.dovecot.appendRaw(user, 'Broken', 'From: Bo <bo@example.test>\r\nSubject: Stuck\r\nMessage-ID: <broken-1@test>\r\n\r\nbody\r\n');
  await chmod(brokenDir, 0o000);
  s.socket.events.length = 0;
  s.t.hub.sync.get(s.account.id)!.checkNow();
  const failed = await s.socket.waitFor(state('error'), 10_000);
  expect(failed.payload.error?.code).toBe('mailbox_sync_failed');
  expect(failed.payload.error?.message).toContain('Broken');
  expect(s.t.hub.sync.status(s.account.id).state).toBe('error');

  // INBOX is still watched meanwhile; its new mail does not hide the folder's failure.
  await s.dovecot.appendRaw(user, 'INBOX', 'From: In <in@example.test>\r\nSubject: Still here\r\nMessage-ID: <inbox-1@test>\r\n\r\nbody\r\n');
  await s.socket.waitFor(arrived('<inbox-1@test>'), 10_000);
  expect(s.t.hub.sync.status(s.account.id).state).toBe('error');

  await chmod(brokenDir, 0o700);
  s.t.hub.sync.get(s.account.id)!.checkNow();
  await s.socket.waitFor(state('idle'), 10_000);
  const broken = (await callApi<{ mailboxes: Mailbox[] }>(s.t, `/api/mailboxes?accountId=${s.account.id}`)).body.mailboxes.find((m) => m.path === 'Broken');
  expect(broken?.total).toBe(1);
});

/** The Broken folder's one message, as the hub lists it. */
async function brokenMessage(): Promise<MessageSummary> {
  const broken = (await callApi<{ mailboxes: Mailbox[] }>(s.t, `/api/mailboxes?accountId=${s.account.id}`)).body.mailboxes.find((m) => m.path === 'Broken')!;
  const [message] = await messagesOf(s.t, broken.id);
  return message!;
}

/** The flags the server has on a message of Broken. */
const serverFlagsInBroken = (uid: number | null): Promise<string[]> =>
  withImapClient(s.dovecot, async (client) => {
    await client.mailboxOpen('Broken');
    return [...((await client.fetchOne(String(uid), { flags: true }, { uid: true })) || { flags: new Set<string>() }).flags!];
  });

it('keeps an action on a message of that folder queued while the server refuses the folder, and sends it once it opens, by itself', async () => {
  const message = await brokenMessage();
  expect(message.flags).not.toContain('\\Seen');
  await chmod(brokenDir, 0o000);
  const accepted = await postAction(s.t, { type: 'markRead', messageIds: [message.id] });
  expect(accepted.status).toBe(202);
  // Refused (the folder does not open) and tried again after a backoff: still pending.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(s.socket.events.some((e) => e.type === 'action.status' && e.payload.actionId === accepted.body.actionId && e.payload.state !== 'pending')).toBe(false);

  // The folder opens again; nobody acts, nothing reconnects: the next try sends it.
  await chmod(brokenDir, 0o700);
  expect((await actionEnded(s.socket, accepted.body.actionId, 15_000)).payload.state).toBe('applied');
  const flags = await serverFlagsInBroken(message.uid);
  expect(flags).toContain('\\Seen');
});

it('keeps an action queued on a message of that folder through a UIDVALIDITY change: the replay finds the message again', async () => {
  const message = await brokenMessage();
  expect(message.flags).not.toContain('\\Flagged');
  await chmod(brokenDir, 0o000);
  const accepted = await postAction(s.t, { type: 'flag', messageIds: [message.id] });
  expect(accepted.status).toBe(202);
  // Refused once; before the next try the folder opens again with a new UIDVALIDITY (rebuilt
  // on the server), and the hub rebuilds it too: the queued action's message row goes.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await chmod(brokenDir, 0o700);
  await s.dovecot.doveadm(['mailbox', 'update', '-u', s.dovecot.users[0]!.user, '--uid-validity', '777777', 'Broken']);
  s.t.hub.sync.get(s.account.id)!.checkNow();
  await s.socket.waitFor((e): e is HubEvent => e.type === 'email.deleted' && e.payload.ids.includes(message.id), 10_000);

  const ended = await actionEnded(s.socket, accepted.body.actionId, 20_000);
  expect(ended.payload).toMatchObject({ state: 'applied' });
  const flags = await serverFlagsInBroken(message.uid);
  expect(flags).toContain('\\Flagged');
  // The old location, pinned for the action, went with it.
  expect(s.t.hub.store.operations.locate(message.id)).toBeNull();
});

it('is idle again once a folder that failed is deleted elsewhere, without waiting for a new session', async () => {
  const user = s.dovecot.users[0]!.user;
  await withImapClient(s.dovecot, (client) => client.mailboxCreate('Shaky'));
  await s.dovecot.appendRaw(user, 'Shaky', 'From: Sh <sh@example.test>\r\nSubject: Shaky\r\nMessage-ID: <shaky-1@test>\r\n\r\nbody\r\n');
  const shakyDir = join(s.dovecot.mailDir(user), '.Shaky');
  await chmod(shakyDir, 0o000);
  try {
    s.socket.events.length = 0;
    s.t.hub.sync.get(s.account.id)!.checkNow();
    const failed = await s.socket.waitFor(state('error'), 10_000);
    expect(failed.payload.error?.message).toContain('Shaky');
  } finally {
    await chmod(shakyDir, 0o700);
  }
  await withImapClient(s.dovecot, (client) => client.mailboxDelete('Shaky'));
  s.socket.events.length = 0;
  s.t.hub.sync.get(s.account.id)!.checkNow();
  await s.socket.waitFor(state('idle'), 10_000);
  expect(s.t.hub.sync.status(s.account.id).state).toBe('idle');
});
