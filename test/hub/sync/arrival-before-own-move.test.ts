// Mail that reaches a folder from elsewhere (a phone's archive, a filter) while the hub is
// offline, before the user's own queued move into that folder is replayed: the replayed move
// gets its UID from the server, above that mail, and a sync that fetched new mail from the
// highest stored UID + 1 never fetched it (lost for good, with the folder's count off by one).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Mailbox } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { actionEnded, mailboxesOf, messagesOf, postAction } from '../../support/hub-actions';
import { waitForSyncState } from '../../support/hub-api';
import { serverCopies } from '../../support/mail/server-copies';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';

let s: SyncedAccount;

beforeAll(async () => {
  // Older mail in Archive already, so that the store's highest UID there is not 0. No poll within the test.
  s = await startSyncedAccount({
    dovecot: { corpus: syntheticMessages(8, { mailbox: (index) => (index < 3 ? 'Archive' : 'INBOX') }) },
    hub: { sync: { pollMs: 600_000 } },
  });
});

afterAll(() => s?.stop());

it('shows mail another client filed into Archive while offline, beside the message the user archived meanwhile', async () => {
  const { t, socket, account, dovecot } = s;
  const mailboxes = await mailboxesOf(t, account.id);
  const archive = mailboxes.find((m) => m.specialUse === '\\Archive')!;
  const inbox = mailboxes.find((m) => m.specialUse === '\\Inbox')!;
  expect(archive.path).toBe('Archive');
  const [mine] = await messagesOf(t, inbox.id);

  await s.goOffline();
  const filed = await dovecot.appendRaw(
    dovecot.users[0]!.user,
    'Archive',
    'From: Phone <phone@example.test>\r\nSubject: Filed on the phone\r\nMessage-ID: <filed-on-phone@mailmind.test>\r\n\r\nbody\r\n',
  );
  const archived = await postAction(t, { type: 'archive', messageIds: [mine!.id] });
  expect(archived.status).toBe(202);
  socket.events.length = 0;
  s.goOnline();

  expect((await actionEnded(socket, archived.body.actionId)).payload.state).toBe('applied');
  await waitForSyncState(socket, account.id, 'idle');
  // The replayed move went above the filed message: the case a fetch from the highest stored UID missed.
  const moved = (await serverCopies(dovecot)).get(mine!.messageId!)!;
  expect(moved).toEqual([expect.objectContaining({ path: 'Archive' })]);
  expect(moved[0]!.uid).toBeGreaterThan(filed.uid);

  const shown = await messagesOf(t, archive.id);
  expect(shown.filter((m) => m.messageId === '<filed-on-phone@mailmind.test>')).toEqual([expect.objectContaining({ uid: filed.uid, subject: 'Filed on the phone' })]);
  expect(
    socket.events.some((e: HubEvent) => e.type === 'email.new' && e.payload.message.messageId === '<filed-on-phone@mailmind.test>' && e.payload.message.mailboxId === archive.id),
  ).toBe(true);
  // Found by the new-mail fetch itself, from where the last sync of Archive stopped: the UID
  // comparison, a fallback for counts that still differ after a sync, had nothing left to fetch.
  expect(t.logs.filter((entry) => entry.message === 'messages found missing from the store; fetching them').map((entry) => entry.fields)).toEqual([]);
  // The archived message once, with its id and the UID the server gave it.
  expect(shown.filter((m) => m.messageId === mine!.messageId)).toEqual([expect.objectContaining({ id: mine!.id, uid: moved[0]!.uid })]);
  const serverTotal = await withImapClient(dovecot, async (client) => {
    const status = await client.status('Archive', { messages: true });
    if (!status || status.messages === undefined) throw new Error('STATUS Archive was refused');
    return status.messages;
  });
  const archiveNow: Mailbox = (await mailboxesOf(t, account.id)).find((m) => m.id === archive.id)!;
  expect(archiveNow.total).toBe(serverTotal);
  expect(shown).toHaveLength(serverTotal);
});
