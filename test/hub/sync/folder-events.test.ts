// Folders other than INBOX and the one open change on the server too: a server-side filter
// (Sieve) files mail into them, another client flags, moves, creates or renames folders.
// Where the server has NOTIFY (Dovecot does), the hub hears of it at once (folder-notify.ts)
// and checks its folders then, not at its next poll (ten minutes away here).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Mailbox } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { mailboxesOf } from '../../support/hub-actions';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';
import { eventually } from '../../support/test-hub';

let s: SyncedAccount;
let mailboxes: Mailbox[];
const byPath = (path: string): Mailbox => mailboxes.find((m) => m.path === path)!;

beforeAll(async () => {
  s = await startSyncedAccount({
    dovecot: { corpus: syntheticMessages(4, { mailbox: (index) => (index < 2 ? 'Projects' : 'INBOX') }) },
    folders: ['Projects', 'Travel'],
    hub: { sync: { pollMs: 600_000 } },
  });
  mailboxes = await mailboxesOf(s.t, s.account.id);
});
afterAll(() => s?.stop());

it('stores mail filed into a folder nobody has open within seconds, and tells the clients', async () => {
  const travel = byPath('Travel');
  s.socket.events.length = 0;
  await withImapClient(s.dovecot, (client) => client.append('Travel', 'From: agent@example.test\r\nSubject: Your itinerary\r\nMessage-ID: <itinerary@example.test>\r\n\r\nSee attached.\r\n'));
  const arrived = await s.socket.waitFor(
    (e: HubEvent): e is Extract<HubEvent, { type: 'email.new' }> => e.type === 'email.new' && e.payload.message.mailboxId === travel.id,
    5_000,
  );
  expect(arrived.payload.message.subject).toBe('Your itinerary');
  await eventually(() => s.t.hub.store.reads.getMailbox(travel.id)?.total === 1, 'the folder count', 2_000);
});

it('shows flags set elsewhere on a folder nobody has open within seconds', async () => {
  const projects = byPath('Projects');
  const [message] = s.t.hub.store.reads.listMessages(projects.id, 1).messages;
  await withImapClient(s.dovecot, async (client) => {
    await client.mailboxOpen('Projects');
    await client.messageFlagsAdd({ uid: String(message!.uid) }, ['\\Flagged'], { uid: true });
  });
  await eventually(() => s.t.hub.store.reads.getMessage(message!.id)?.flags.includes('\\Flagged') === true, 'the flag in the store', 5_000);
});

it('lists a folder another client creates, and follows one it renames, within seconds', async () => {
  await withImapClient(s.dovecot, (client) => client.mailboxCreate('Receipts'));
  await eventually(() => s.t.hub.store.reads.getMailboxByPath(s.account.id, 'Receipts') !== null, 'the new folder', 5_000);
  const travel = byPath('Travel');
  await withImapClient(s.dovecot, (client) => client.mailboxRename('Travel', 'Trips'));
  await eventually(() => s.t.hub.store.reads.getMailbox(travel.id)?.path === 'Trips', 'the renamed folder under its new name', 5_000);
});
