// A server without MOVE and UIDPLUS (Dovecot told to advertise neither) and
// without an Archive folder: a move becomes COPY + \Deleted + EXPUNGE, still
// one copy in the end; archiving creates the Archive folder first.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Account } from '../../../shared/model';
import { syntheticMessages } from '../../support/corpus';
import { actionEnded, mailboxesOf, messagesOf, postAction } from '../../support/hub-actions';
import type { DovecotInstance } from '../../support/mail/dovecot';
import { serverCopies } from '../../support/mail/server-copies';
import { startSyncedAccount, type SyncedAccount } from '../../support/synced-account';
import { eventually, type TestHub } from '../../support/test-hub';
import type { EventSocket } from '../../support/ws-client';

const CAPABILITIES = 'IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT NAMESPACE CHILDREN LIST-EXTENDED LIST-STATUS ESEARCH SPECIAL-USE CONDSTORE UNSELECT';
let s: SyncedAccount;
let dovecot: DovecotInstance;
let t: TestHub;
let socket: EventSocket;
let account: Account;

beforeAll(async () => {
  s = await startSyncedAccount({
    dovecot: { corpus: syntheticMessages(20), imapCapability: CAPABILITIES, specialMailboxes: { Sent: '\\Sent', Trash: '\\Trash' } },
    hub: { sync: { pollMs: 300, backoff: { baseMs: 100, maxMs: 300 } } },
    folders: ['Projects'],
  });
  ({ dovecot, t, socket, account } = s);
});

afterAll(() => s?.stop());

it('archives into an Archive folder it creates, with one copy and the flags kept', async () => {
  expect((await mailboxesOf(t, account.id)).map((m) => m.path)).not.toContain('Archive');
  const inbox = (await mailboxesOf(t, account.id)).find((m) => m.path === 'INBOX')!;
  const [message] = await messagesOf(t, inbox.id);
  const archived = await postAction(t, { type: 'archive', messageIds: [message!.id] });
  expect(archived.status).toBe(202);
  // At once, locally: an Archive mailbox holding it.
  const archive = (await mailboxesOf(t, account.id)).find((m) => m.specialUse === '\\Archive')!;
  expect(archive.path).toBe('Archive');
  expect((await messagesOf(t, archive.id)).map((m) => m.id)).toEqual([message!.id]);

  expect((await actionEnded(socket, archived.body.actionId)).payload.state).toBe('applied');
  expect((await serverCopies(dovecot)).get(message!.messageId!)).toEqual([expect.objectContaining({ path: 'Archive', flags: [...message!.flags].sort() })]);
  // The next LIST keeps the folder (now on the server) and the message with its new UID.
  await eventually(() => t.hub.store.reads.getMailbox(archive.id)?.uidValidity !== null, 'Archive to be synced', 10_000);
  const stored = await messagesOf(t, archive.id);
  expect(stored.map((m) => [m.id, typeof m.uid])).toEqual([[message!.id, 'number']]);
});

it('moves with COPY, \\Deleted and EXPUNGE, leaving no deleted copy behind', async () => {
  const mailboxes = await mailboxesOf(t, account.id);
  const inbox = mailboxes.find((m) => m.path === 'INBOX')!;
  const projects = mailboxes.find((m) => m.path === 'Projects')!;
  const [first, second] = await messagesOf(t, inbox.id);
  const moved = await postAction(t, { type: 'move', messageIds: [first!.id, second!.id], targetMailboxId: projects.id });
  expect((await actionEnded(socket, moved.body.actionId)).payload.state).toBe('applied');
  const copies = await serverCopies(dovecot);
  for (const message of [first!, second!]) {
    expect(copies.get(message.messageId!)).toEqual([expect.objectContaining({ path: 'Projects' })]);
    expect(copies.get(message.messageId!)![0]!.flags).not.toContain('\\Deleted');
  }
  await eventually(() => t.hub.store.reads.getMailbox(projects.id)!.total === 2, 'Projects to show both', 10_000);
  expect((await messagesOf(t, projects.id)).map((m) => m.id).sort()).toEqual([first!.id, second!.id].sort());
  expect((await messagesOf(t, inbox.id)).map((m) => m.id)).not.toContain(first!.id);
});
