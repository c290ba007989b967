// A folder another client renames keeps its id, its messages' ids and their cached state in the
// hub, and the user's actions queued on them meanwhile reach the server in the folder's new
// place. Taken for a deletion and a new folder, the rename downloaded the folder again under new
// ids, and a queued delete failed as "no longer on the server" while the message stayed there.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { actionEnded, mailboxesOf, messagesOf, postAction } from '../../support/hub-actions';
import { waitForSyncState } from '../../support/hub-api';
import { serverCopies } from '../../support/mail/server-copies';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';

let s: SyncedAccount;

beforeAll(async () => {
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(6) }, folders: ['Projects', 'Projects/Sub'], hub: { sync: { pollMs: 600_000 } } });
});
afterAll(() => s?.stop());

it('keeps a folder renamed elsewhere, with its subfolder, its messages and the actions queued on them', async () => {
  const { t, socket, account, dovecot } = s;
  const boxes = await mailboxesOf(t, account.id);
  const inbox = boxes.find((m) => m.specialUse === '\\Inbox')!;
  const projects = boxes.find((m) => m.path === 'Projects')!;
  const sub = boxes.find((m) => m.path === 'Projects/Sub')!;
  const moved = await postAction(t, { type: 'move', messageIds: (await messagesOf(t, inbox.id)).slice(0, 3).map((m) => m.id), targetMailboxId: projects.id });
  expect((await actionEnded(socket, moved.body.actionId)).payload.state).toBe('applied');
  const before = await messagesOf(t, projects.id);
  expect(before).toHaveLength(3);
  expect(before.every((m) => m.uid !== null)).toBe(true);

  await s.goOffline();
  const deleted = await postAction(t, { type: 'delete', messageIds: [before[0]!.id] });
  const flagged = await postAction(t, { type: 'flag', messageIds: [before[1]!.id] });
  await withImapClient(dovecot, (client) => client.mailboxRename('Projects', 'Projects 2026'));
  const from = socket.events.length;
  s.goOnline();

  expect((await actionEnded(socket, deleted.body.actionId)).payload.state).toBe('applied');
  expect((await actionEnded(socket, flagged.body.actionId)).payload.state).toBe('applied');
  await waitForSyncState(socket, account.id, 'idle');

  const after = await mailboxesOf(t, account.id);
  expect(after.find((m) => m.id === projects.id)?.path).toBe('Projects 2026');
  expect(after.find((m) => m.id === sub.id)?.path).toBe('Projects 2026/Sub');
  expect(after.map((m) => m.path)).not.toContain('Projects');
  const kept = await messagesOf(t, projects.id);
  expect(kept.map((m) => m.id).sort()).toEqual([before[1]!.id, before[2]!.id].sort());
  expect(kept.find((m) => m.id === before[1]!.id)?.flags).toContain('\\Flagged');
  // Not downloaded again, not taken out of the lists (the deleted one left them when it was deleted).
  const events = socket.events.slice(from) as HubEvent[];
  expect(events.filter((e) => e.type === 'email.new')).toEqual([]);
  expect(events.filter((e) => e.type === 'email.deleted')).toEqual([]);

  const copies = await serverCopies(dovecot);
  expect(copies.get(before[0]!.messageId!)?.map((copy) => copy.path)).toEqual(['Trash']);
  expect(copies.get(before[1]!.messageId!)).toEqual([expect.objectContaining({ path: 'Projects 2026', flags: expect.arrayContaining(['\\Flagged']) })]);
});

it('keeps a special folder renamed elsewhere that the server creates again at once under its old name', async () => {
  const { t, socket, account, dovecot } = s;
  const before = await mailboxesOf(t, account.id);
  const inbox = before.find((m) => m.specialUse === '\\Inbox')!;
  const archive = before.find((m) => m.specialUse === '\\Archive')!;
  const [message] = await messagesOf(t, inbox.id);
  const archived = await postAction(t, { type: 'archive', messageIds: [message!.id] });
  expect((await actionEnded(socket, archived.body.actionId)).payload.state).toBe('applied');

  await s.goOffline();
  const flagged = await postAction(t, { type: 'flag', messageIds: [message!.id] });
  // This Dovecot creates its special folders whenever they are missing (auto = subscribe).
  await withImapClient(dovecot, async (client) => {
    await client.mailboxRename('Archive', 'Archive 2025');
    expect((await client.list()).map((entry) => entry.path)).toContain('Archive');
  });
  const from = socket.events.length;
  s.goOnline();
  expect((await actionEnded(socket, flagged.body.actionId)).payload.state).toBe('applied');
  await waitForSyncState(socket, account.id, 'idle');

  const after = await mailboxesOf(t, account.id);
  expect(after.find((m) => m.id === archive.id)?.path).toBe('Archive 2025');
  const fresh = after.find((m) => m.path === 'Archive')!;
  expect(fresh.id).not.toBe(archive.id);
  expect(fresh.specialUse).toBe('\\Archive');
  expect((await messagesOf(t, archive.id)).map((m) => m.id)).toEqual([message!.id]);
  expect(socket.events.slice(from).filter((e: HubEvent) => e.type === 'email.new' || e.type === 'email.deleted')).toEqual([]);
  expect((await serverCopies(dovecot)).get(message!.messageId!)).toEqual([expect.objectContaining({ path: 'Archive 2025', flags: expect.arrayContaining(['\\Flagged']) })]);
});

it('follows folders whose names moved around between two checks (two swapped, one renamed while a new one took its name)', async () => {
  const { t, socket, account, dovecot } = s;
  const user = dovecot.users[0]!.user;
  for (const folder of ['Red', 'Blue', 'Green']) {
    await withImapClient(dovecot, (client) => client.mailboxCreate(folder));
    await dovecot.appendRaw(user, folder, `From: Cy <cy@example.test>\r\nSubject: In ${folder}\r\nMessage-ID: <${folder}-1@test>\r\n\r\nbody\r\n`);
  }
  t.hub.sync.get(account.id)!.checkNow();
  const synced = async () => (await mailboxesOf(t, account.id)).filter((m) => ['Red', 'Blue', 'Green'].includes(m.path) && m.total === 1).length === 3;
  for (let waited = 0; waited < 10_000 && !(await synced()); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  const boxes = await mailboxesOf(t, account.id);
  const [red, blue, green] = ['Red', 'Blue', 'Green'].map((path) => boxes.find((m) => m.path === path)!);
  const [one, two, three] = await Promise.all([red, blue, green].map(async (folder) => (await messagesOf(t, folder!.id))[0]));

  await s.goOffline();
  const flagged = await postAction(t, { type: 'flag', messageIds: [one!.id] });
  await withImapClient(dovecot, async (client) => {
    // Red and Blue swap names; Green goes to "Teal", and a new, empty Green appears.
    await client.mailboxRename('Red', 'Swap');
    await client.mailboxRename('Blue', 'Red');
    await client.mailboxRename('Swap', 'Blue');
    await client.mailboxRename('Green', 'Teal');
    await client.mailboxCreate('Green');
  });
  const from = socket.events.length;
  s.goOnline();
  expect((await actionEnded(socket, flagged.body.actionId)).payload.state).toBe('applied');
  await waitForSyncState(socket, account.id, 'idle');

  const after = await mailboxesOf(t, account.id);
  expect(after.find((m) => m.id === red!.id)?.path).toBe('Blue');
  expect(after.find((m) => m.id === blue!.id)?.path).toBe('Red');
  expect(after.find((m) => m.id === green!.id)?.path).toBe('Teal');
  expect(after.find((m) => m.path === 'Green')?.id).not.toBe(green!.id);
  expect((await messagesOf(t, red!.id)).map((m) => m.id)).toEqual([one!.id]);
  expect((await messagesOf(t, blue!.id)).map((m) => m.id)).toEqual([two!.id]);
  expect((await messagesOf(t, green!.id)).map((m) => m.id)).toEqual([three!.id]);
  expect(socket.events.slice(from).filter((e: HubEvent) => e.type === 'email.new' || e.type === 'email.deleted')).toEqual([]);
  expect((await serverCopies(dovecot)).get(one!.messageId!)).toEqual([expect.objectContaining({ path: 'Blue', flags: expect.arrayContaining(['\\Flagged']) })]);
});

it('sends an action on a folder renamed elsewhere moments before to its new place, not failing it as refused', async () => {
  const { t, socket, account, dovecot } = s;
  const boxes = await mailboxesOf(t, account.id);
  const projects = boxes.find((m) => m.specialUse === null && /^Projects( 2026)?$/.test(m.path))!;
  // From the store, not the list API: a list asked for makes the folder the one open, which a
  // connection of its own watches (view-watch.ts), and that one would hear of the rename.
  const [message] = t.hub.store.reads.listMessages(projects.id, 1).messages;
  const renamedTo = `${projects.path} renamed`;
  // The hub has not heard of the rename (its poll is 10 minutes away) when the user stars a message
  // there: the STORE's SELECT names the old path, and the server refuses it.
  await withImapClient(dovecot, (client) => client.mailboxRename(projects.path, renamedTo));
  const flagged = await postAction(t, { type: 'flag', messageIds: [message!.id] });
  const ended = await actionEnded(socket, flagged.body.actionId, 15_000);
  expect(ended.payload).toEqual({ actionId: flagged.body.actionId, state: 'applied' });
  expect((await mailboxesOf(t, account.id)).find((m) => m.id === projects.id)?.path).toBe(renamedTo);
  const copies = await serverCopies(dovecot);
  expect(copies.get(message!.messageId!)).toEqual([expect.objectContaining({ path: renamedTo, flags: expect.arrayContaining(['\\Flagged']) })]);
});

it('fails a move queued into a folder deleted elsewhere meanwhile saying the folder is gone, and leaves the message where it was', async () => {
  const { t, socket, account, dovecot } = s;
  await withImapClient(dovecot, (client) => client.mailboxCreate('Short-lived'));
  s.t.hub.sync.get(account.id)!.checkNow();
  let target: Awaited<ReturnType<typeof mailboxesOf>>[number] | undefined;
  for (let waited = 0; !target && waited < 10_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    target = (await mailboxesOf(t, account.id)).find((m) => m.path === 'Short-lived');
  }
  const inbox = (await mailboxesOf(t, account.id)).find((m) => m.specialUse === '\\Inbox')!;
  const [message] = t.hub.store.reads.listMessages(inbox.id, 1).messages;
  await s.goOffline();
  const moved = await postAction(t, { type: 'move', messageIds: [message!.id], targetMailboxId: target!.id });
  await withImapClient(dovecot, (client) => client.mailboxDelete('Short-lived'));
  s.goOnline();
  const ended = await actionEnded(socket, moved.body.actionId, 15_000);
  expect(ended.payload.state).toBe('failed');
  expect(ended.payload.error).toEqual({ code: 'mailbox_gone', message: 'The folder Short-lived no longer exists on the server' });
  // Back in INBOX, as on the server; and the folder leaves the views at the next check.
  expect(t.hub.store.reads.getMessage(message!.id)?.mailboxId).toBe(inbox.id);
  s.t.hub.sync.get(account.id)!.checkNow();
  for (let waited = 0; t.hub.store.reads.getMailbox(target!.id) && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(t.hub.store.reads.getMailbox(target!.id)).toBeNull();
});

it('moves into a folder renamed elsewhere moments before, at its new place, not failing it as gone', async () => {
  const { t, socket, account, dovecot } = s;
  await withImapClient(dovecot, (client) => client.mailboxCreate('Destination'));
  s.t.hub.sync.get(account.id)!.checkNow();
  let target: Awaited<ReturnType<typeof mailboxesOf>>[number] | undefined;
  for (let waited = 0; !target && waited < 10_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    target = (await mailboxesOf(t, account.id)).find((m) => m.path === 'Destination');
  }
  const inbox = (await mailboxesOf(t, account.id)).find((m) => m.specialUse === '\\Inbox')!;
  const [message] = t.hub.store.reads.listMessages(inbox.id, 1).messages;
  // The hub has not heard of the rename when the user moves the message there: the MOVE names the old path.
  await withImapClient(dovecot, (client) => client.mailboxRename('Destination', 'Destination 2026'));
  const moved = await postAction(t, { type: 'move', messageIds: [message!.id], targetMailboxId: target!.id });
  const ended = await actionEnded(socket, moved.body.actionId, 15_000);
  expect(ended.payload).toEqual({ actionId: moved.body.actionId, state: 'applied' });
  expect(t.hub.store.reads.getMailbox(target!.id)?.path).toBe('Destination 2026');
  expect((await serverCopies(dovecot)).get(message!.messageId!)).toEqual([expect.objectContaining({ path: 'Destination 2026' })]);
});
