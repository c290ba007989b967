// Moves, archive and delete against a real Dovecot: shown in their new place
// at once (same id, no UID), replayed with UID MOVE, the new UID learned from
// COPYUID, never a second copy; undo of pending and applied moves; a message
// expunged elsewhere fails its action with a reason; queued actions survive a
// UIDVALIDITY change; a concurrent change by another client keeps its flags.
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UndoResponse } from '../../../shared/actions';
import type { Account, Mailbox, MessageSummary } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { actionEnded, mailboxesOf, messagesOf, postAction } from '../../support/hub-actions';
import { callApi, waitForSyncState } from '../../support/hub-api';
import type { DovecotInstance } from '../../support/mail/dovecot';
import { serverCopies } from '../../support/mail/server-copies';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';
import { eventually, type TestHub } from '../../support/test-hub';
import type { EventSocket } from '../../support/ws-client';

let s: SyncedAccount;
let dovecot: DovecotInstance;
let t: TestHub;
let socket: EventSocket;
let account: Account;
let mailboxes: Mailbox[];

const mailbox = (use: string): Mailbox => mailboxes.find((m) => m.specialUse === use || m.path === use)!;
const inbox = () => mailbox('\\Inbox');
const withClient = <T>(work: (client: ImapFlow) => Promise<T>): Promise<T> => withImapClient(dovecot, work);
const goOffline = () => s.goOffline();
const goOnline = () => s.goOnline();

/** Waits until every queued action is done. */
async function settled(): Promise<void> {
  await eventually(() => t.hub.store.operations.pending(account.id).length === 0, 'the queue to drain', 30_000);
}

beforeAll(async () => {
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(40) }, hub: { sync: { pollMs: 300, backoff: { baseMs: 100, maxMs: 400 } } }, folders: ['Projects'] });
  ({ dovecot, t, socket, account } = s);
  mailboxes = await mailboxesOf(t, account.id);
});

afterAll(() => s?.stop());

describe('moves', () => {
  it('shows a moved message in its target at once, then moves it on the server exactly once', async () => {
    const [message] = await messagesOf(t, inbox().id);
    const projects = mailbox('Projects');
    socket.events.length = 0;
    const accepted = await postAction(t, { type: 'move', messageIds: [message!.id], targetMailboxId: projects.id });
    expect(accepted.status).toBe(202);
    // At once: gone from INBOX (email.deleted there), in Projects with the same id and no UID.
    await socket.waitFor((e: HubEvent): e is HubEvent => e.type === 'email.deleted' && e.payload.mailboxId === inbox().id && e.payload.ids.includes(message!.id));
    const shown = await socket.waitFor(
      (e: HubEvent): e is Extract<HubEvent, { type: 'email.updated' }> => e.type === 'email.updated' && e.payload.message.id === message!.id,
    );
    expect(shown.payload.message.mailboxId).toBe(projects.id);
    expect((await messagesOf(t, inbox().id)).map((m) => m.id)).not.toContain(message!.id);

    expect((await actionEnded(socket, accepted.body.actionId)).payload.state).toBe('applied');
    const copies = (await serverCopies(dovecot)).get(message!.messageId!)!;
    expect(copies.map((copy) => copy.path)).toEqual(['Projects']);
    const moved = (await messagesOf(t, projects.id)).filter((m) => m.messageId === message!.messageId);
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ id: message!.id, uid: copies[0]!.uid, flags: message!.flags });

    // Later syncs of both mailboxes neither bring it back to INBOX nor add a second copy to Projects.
    await withClient((client) => client.append('Projects', 'Subject: nudge\r\nMessage-ID: <nudge@mailmind.test>\r\n\r\nx\r\n'));
    await eventually(() => t.hub.store.reads.getMailbox(projects.id)!.total === 2, 'Projects to sync the nudge', 10_000);
    expect((await messagesOf(t, projects.id)).filter((m) => m.messageId === message!.messageId)).toHaveLength(1);
    expect((await messagesOf(t, inbox().id)).map((m) => m.id)).not.toContain(message!.id);
  });

  it('archives into \\Archive and deletes into \\Trash; a delete in Trash removes the message for good', async () => {
    const [toArchive, toDelete] = await messagesOf(t, inbox().id);
    const archived = await postAction(t, { type: 'archive', messageIds: [toArchive!.id] });
    const trashed = await postAction(t, { type: 'delete', messageIds: [toDelete!.id] });
    expect((await actionEnded(socket, archived.body.actionId)).payload.state).toBe('applied');
    expect((await actionEnded(socket, trashed.body.actionId)).payload.state).toBe('applied');
    let copies = await serverCopies(dovecot);
    expect(copies.get(toArchive!.messageId!)!.map((c) => c.path)).toEqual(['Archive']);
    expect(copies.get(toDelete!.messageId!)!.map((c) => c.path)).toEqual(['Trash']);
    expect((await messagesOf(t, mailbox('\\Trash').id)).map((m) => m.id)).toContain(toDelete!.id);

    const forGood = await postAction(t, { type: 'delete', messageIds: [toDelete!.id] });
    expect(forGood.status).toBe(202);
    expect((await messagesOf(t, mailbox('\\Trash').id)).map((m) => m.id)).not.toContain(toDelete!.id);
    expect((await callApi(t, `/api/actions/${forGood.body.actionId}/undo`, { method: 'POST' })).status).toBe(409);
    expect((await actionEnded(socket, forGood.body.actionId)).payload.state).toBe('applied');
    copies = await serverCopies(dovecot);
    expect(copies.has(toDelete!.messageId!)).toBe(false);
    expect((await callApi(t, `/api/messages/${toDelete!.id}`)).status).toBe(404);
  });

  it('refuses a move without a valid target, and archiving what is already archived, queuing nothing', async () => {
    const [message] = await messagesOf(t, inbox().id);
    const pendingBefore = t.hub.store.operations.pending(account.id).length;
    expect((await postAction(t, { type: 'move', messageIds: [message!.id] })).status).toBe(400);
    const unknown = await postAction(t, { type: 'move', messageIds: [message!.id], targetMailboxId: 'no-such-mailbox' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('unknown_mailbox');
    const [archivedOne] = await messagesOf(t, mailbox('\\Archive').id);
    expect((await postAction(t, { type: 'archive', messageIds: [archivedOne!.id] })).body.error).toMatchObject({ code: 'already_there', message: 'The message is already in Archive' });
    expect(t.hub.store.operations.pending(account.id).length).toBe(pendingBefore);
    expect((await messagesOf(t, inbox().id)).map((m) => m.id)).toContain(message!.id);
  });
});

describe('undo of moves', () => {
  it('cancels a pending move: the message is back in its mailbox with its UID, and the server never moves it', async () => {
    const [message] = await messagesOf(t, inbox().id);
    await goOffline();
    const queued = await postAction(t, { type: 'archive', messageIds: [message!.id] });
    expect((await messagesOf(t, mailbox('\\Archive').id)).map((m) => m.id)).toContain(message!.id);
    const undo = await callApi<UndoResponse>(t, `/api/actions/${queued.body.actionId}/undo`, { method: 'POST' });
    expect(undo.body).toEqual({ actionId: queued.body.actionId, cancelled: true, actionIds: [] });
    const back = (await messagesOf(t, inbox().id)).find((m) => m.id === message!.id);
    expect(back).toMatchObject({ uid: message!.uid, mailboxId: inbox().id });
    expect((await messagesOf(t, mailbox('\\Archive').id)).map((m) => m.id)).not.toContain(message!.id);
    goOnline();
    await waitForSyncState(socket, account.id, 'idle');
    expect((await serverCopies(dovecot)).get(message!.messageId!)!.map((c) => c.path)).toEqual(['INBOX']);
    expect((await messagesOf(t, inbox().id)).filter((m) => m.messageId === message!.messageId)).toHaveLength(1);
  });

  it('moves an applied move back where it came from', async () => {
    const [message] = await messagesOf(t, inbox().id);
    const moved = await postAction(t, { type: 'delete', messageIds: [message!.id] });
    expect((await actionEnded(socket, moved.body.actionId)).payload.state).toBe('applied');
    const undo = await callApi<UndoResponse>(t, `/api/actions/${moved.body.actionId}/undo`, { method: 'POST' });
    expect(undo.status).toBe(202);
    expect(undo.body.actionIds).toHaveLength(1);
    expect((await actionEnded(socket, undo.body.actionIds[0]!)).payload.state).toBe('applied');
    expect((await serverCopies(dovecot)).get(message!.messageId!)!.map((c) => c.path)).toEqual(['INBOX']);
    const back = (await messagesOf(t, inbox().id)).filter((m) => m.messageId === message!.messageId);
    expect(back).toHaveLength(1);
    expect(back[0]!.id).toBe(message!.id);
    expect(back[0]!.uid).not.toBeNull();
  });
});

describe('replay against a changed server', () => {
  it('fails a move whose message was expunged elsewhere, with a reason, and applies the other', async () => {
    const [doomed, kept] = await messagesOf(t, inbox().id);
    await goOffline();
    const lost = await postAction(t, { type: 'archive', messageIds: [doomed!.id] });
    const fine = await postAction(t, { type: 'archive', messageIds: [kept!.id] });
    await dovecot.doveadm(['expunge', '-u', dovecot.users[0]!.user, 'mailbox', 'INBOX', 'header', 'Message-ID', doomed!.messageId!]);
    goOnline();
    const failed = await actionEnded(socket, lost.body.actionId);
    expect(failed.payload).toMatchObject({ state: 'failed', error: { code: 'message_gone' } });
    expect((await actionEnded(socket, fine.body.actionId)).payload.state).toBe('applied');
    const copies = await serverCopies(dovecot);
    expect(copies.has(doomed!.messageId!)).toBe(false);
    expect(copies.get(kept!.messageId!)!.map((c) => c.path)).toEqual(['Archive']);
    // The message the server no longer has is not shown anywhere.
    expect((await messagesOf(t, mailbox('\\Archive').id)).map((m) => m.id)).not.toContain(doomed!.id);
    expect((await callApi(t, `/api/messages/${doomed!.id}`)).status).toBe(404);
  });

  it('fails a move into a folder deleted elsewhere at its second try (after a folder check), saying so, and puts the message back', async () => {
    await withClient((client) => client.mailboxCreate('Doomed'));
    await goOffline();
    socket.events.length = 0;
    goOnline(); // the next session lists the new folder
    await waitForSyncState(socket, account.id, 'idle');
    const doomed = (await mailboxesOf(t, account.id)).find((m) => m.path === 'Doomed')!;
    const [message] = await messagesOf(t, inbox().id);
    await goOffline();
    const queued = await postAction(t, { type: 'move', messageIds: [message!.id], targetMailboxId: doomed.id });
    await withClient((client) => client.mailboxDelete('Doomed'));
    socket.events.length = 0;
    goOnline();
    const ended = await actionEnded(socket, queued.body.actionId);
    expect(ended.payload).toMatchObject({ state: 'failed', error: { code: 'mailbox_gone', message: 'The folder Doomed no longer exists on the server' } });
    // Not five refusals ending in "refused 5 times": the server says the folder is gone, and still
    // so after the folder check that would have found it renamed. (A move the server refuses for
    // another reason is retried: refused-move.test.ts.)
    expect(t.hub.store.operations.get(queued.body.actionId)!.attempts).toBe(2);
    const back = (await messagesOf(t, inbox().id)).find((m) => m.id === message!.id);
    expect(back).toMatchObject({ uid: message!.uid });
    expect((await serverCopies(dovecot)).get(message!.messageId!)!.map((c) => c.path)).toEqual(['INBOX']);
  });

  it('re-maps queued actions by Message-ID after a UIDVALIDITY change', async () => {
    const [flagged, moved] = await messagesOf(t, inbox().id);
    await goOffline();
    const flagAction = await postAction(t, { type: 'flag', messageIds: [flagged!.id] });
    const moveAction = await postAction(t, { type: 'move', messageIds: [moved!.id], targetMailboxId: mailbox('Projects').id });
    const validity = Number(t.hub.store.reads.getMailbox(inbox().id)!.uidValidity) + 1000;
    await dovecot.doveadm(['mailbox', 'update', '-u', dovecot.users[0]!.user, '--uid-validity', String(validity), 'INBOX']);
    goOnline();
    expect((await actionEnded(socket, flagAction.body.actionId)).payload.state).toBe('applied');
    expect((await actionEnded(socket, moveAction.body.actionId)).payload.state).toBe('applied');
    const copies = await serverCopies(dovecot);
    expect(copies.get(flagged!.messageId!)!).toEqual([expect.objectContaining({ path: 'INBOX', flags: expect.arrayContaining(['\\Flagged']) })]);
    expect(copies.get(moved!.messageId!)!.map((c) => c.path)).toEqual(['Projects']);
    // Nothing is left of the old locations pinned for the two actions.
    expect(t.hub.store.operations.locate(flagged!.id)).toBeNull();
    await waitForSyncState(socket, account.id, 'idle');
    await settled();
    const inboxNow = await messagesOf(t, inbox().id);
    expect(inboxNow.filter((m) => m.messageId === flagged!.messageId).map((m) => m.flags)).toEqual([expect.arrayContaining(['\\Flagged'])]);
    expect(inboxNow.map((m) => m.messageId)).not.toContain(moved!.messageId);
  });

  it('keeps another client\'s concurrent flags and applies the queued flag on top (last writer per flag)', async () => {
    const message: MessageSummary = (await messagesOf(t, inbox().id)).find((m) => !m.flags.includes('\\Seen') && !m.flags.includes('\\Flagged'))!;
    await goOffline();
    const queued = await postAction(t, { type: 'markRead', messageIds: [message.id] });
    // Meanwhile another client flags it, answers it, and marks it read then unread again.
    await withClient(async (client) => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        await client.messageFlagsAdd(String(message.uid), ['\\Flagged', '\\Answered', '\\Seen'], { uid: true });
        await client.messageFlagsRemove(String(message.uid), ['\\Seen'], { uid: true });
      } finally {
        lock.release();
      }
    });
    goOnline();
    expect((await actionEnded(socket, queued.body.actionId)).payload.state).toBe('applied');
    const expected = ['\\Answered', '\\Flagged', '\\Seen'];
    expect((await serverCopies(dovecot)).get(message.messageId!)![0]!.flags).toEqual(expected);
    await waitForSyncState(socket, account.id, 'idle');
    expect((await messagesOf(t, inbox().id)).find((m) => m.id === message.id)!.flags).toEqual(expected);
  });
});
