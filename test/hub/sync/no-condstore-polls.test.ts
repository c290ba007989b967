// A server without CONDSTORE (Exchange and others): STATUS cannot tell a flag change, so every
// check of the folders used to select every folder and read every flag, every minute. A folder
// whose STATUS is unchanged and whose flags were read not long ago is left alone; its flags are
// read again once that is longer ago than the sweep interval, so a change made elsewhere still
// arrives. Dovecot told to advertise neither CONDSTORE nor QRESYNC.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { mailboxesOf, messagesOf } from '../../support/hub-actions';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';

const CAPABILITIES = 'IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT NAMESPACE UIDPLUS CHILDREN LIST-EXTENDED LIST-STATUS ESEARCH SPECIAL-USE MOVE UNSELECT';
const POLL_MS = 200;
const SWEEP_MS = 3000;
let s: SyncedAccount;

beforeAll(async () => {
  s = await startSyncedAccount({
    dovecot: { corpus: syntheticMessages(6, { mailbox: (index) => (index < 3 ? 'Archive' : 'INBOX') }), imapCapability: CAPABILITIES },
    hub: { sync: { pollMs: POLL_MS, flagSweepMs: SWEEP_MS, backoff: { baseMs: 100, maxMs: 300 } } },
  });
});

afterAll(() => s?.stop());

it('leaves an unchanged folder alone at the checks within the sweep interval, and reads its flags again after it', async () => {
  const archive = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Archive')!;
  const syncsOfArchive = () => s.t.logs.filter((entry) => entry.message === 'mailbox sync' && entry.fields.mailboxId === archive.id).length;
  const before = syncsOfArchive();
  // About five checks of the folders, all well within the sweep interval.
  await new Promise((resolve) => setTimeout(resolve, POLL_MS * 5));
  expect(syncsOfArchive()).toBe(before);

  // A flag changed elsewhere in that folder still arrives, once the sweep interval is over.
  const [target] = await messagesOf(s.t, archive.id);
  await withImapClient(s.dovecot, async (client) => {
    await client.mailboxOpen('Archive');
    await client.messageFlagsAdd(String(target!.uid), ['\\Flagged'], { uid: true });
  });
  const updated = await s.socket.waitFor(
    (e: HubEvent): e is Extract<HubEvent, { type: 'email.updated' }> => e.type === 'email.updated' && e.payload.message.id === target!.id && e.payload.message.flags.includes('\\Flagged'),
    SWEEP_MS + 5_000,
  );
  expect(updated.payload.message.mailboxId).toBe(archive.id);
});
