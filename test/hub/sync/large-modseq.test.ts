// A server whose modseqs are above 2^53 (RFC 7162 allows 63 bits; some servers use timestamps).
// The hub kept modseqs as JavaScript numbers: 2^54 + 1 read as 2^54, so a flag change that took
// a folder from 2^54 to 2^54 + 1 looked like no change at all, and was never synced. Such a folder
// was then synced as on a server without CONDSTORE: every flag of it read again at each check (of
// a large INBOX, at each arrival). Modseqs are now kept exactly, as bigints in the hub and 64-bit
// integers in SQLite. Dovecot's own modseq is raised with `doveadm mailbox update --min-highest-modseq`.
import { setTimeout as delay } from 'node:timers/promises';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { mailboxesOf, messagesOf } from '../../support/hub-actions';
import { waitForSyncState } from '../../support/hub-api';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';

const TWO_TO_54 = 2n ** 54n;
let s: SyncedAccount;

beforeAll(async () => {
  s = await startSyncedAccount({
    dovecot: { corpus: syntheticMessages(6, { mailbox: (index) => (index < 3 ? 'Archive' : 'INBOX') }) },
    hub: { sync: { pollMs: 600_000, flagSweepMs: 0, backoff: { baseMs: 100, maxMs: 300 } } },
  });
});

afterAll(() => s?.stop());

/** Archive's HIGHESTMODSEQ as the server reports it to a STATUS. */
async function archiveModseq(client: ImapFlow): Promise<bigint | undefined> {
  const status = await client.status('Archive', { highestModseq: true });
  if (!status) throw new Error('STATUS Archive was refused');
  return status.highestModseq;
}

it('syncs a flag change in a folder whose modseq is above 2^53', async () => {
  const archive = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Archive')!;
  const [target] = await messagesOf(s.t, archive.id);
  await s.goOffline();
  await s.dovecot.doveadm(['mailbox', 'update', '-u', s.dovecot.users[0]!.user, '--min-highest-modseq', String(TWO_TO_54), 'Archive']);
  const highest = await withImapClient(s.dovecot, archiveModseq);
  expect(highest).toBe(TWO_TO_54);
  s.socket.events.length = 0;
  s.goOnline();
  await waitForSyncState(s.socket, s.account.id, 'idle');

  // One change: the server's modseq goes to 2^54 + 1, which a JavaScript number cannot tell from 2^54.
  await withImapClient(s.dovecot, async (client) => {
    await client.mailboxOpen('Archive');
    await client.messageFlagsAdd(String(target!.uid), ['\\Flagged'], { uid: true });
    expect(await archiveModseq(client)).toBe(TWO_TO_54 + 1n);
  });
  s.t.hub.sync.get(s.account.id)!.checkNow();
  const updated = await s.socket.waitFor(
    (e: HubEvent): e is Extract<HubEvent, { type: 'email.updated' }> => e.type === 'email.updated' && e.payload.message.id === target!.id && e.payload.message.flags.includes('\\Flagged'),
    10_000,
  );
  expect(updated.payload.message.mailboxId).toBe(archive.id);
});

it('keeps the modseq exactly, and a check with nothing changed leaves the folder unopened', async () => {
  const archive = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Archive')!;
  const serverModseq = await withImapClient(s.dovecot, archiveModseq);
  expect(s.t.hub.store.reads.getMailbox(archive.id)!.highestModseq).toBe(serverModseq);
  // flagSweepMs is 0: a folder the hub cannot compare by modseq is read again at every check.
  const archiveSyncs = (): number => s.t.logs.filter((entry) => entry.message === 'mailbox sync' && entry.fields?.mailboxId === archive.id).length;
  const before = archiveSyncs();
  s.t.hub.sync.get(s.account.id)!.checkNow();
  await delay(2000);
  expect(archiveSyncs()).toBe(before);
});

it('keeps syncing a folder whose modseq is beyond 63 bits (RFC 4551 allowed 64), as one without CONDSTORE', async () => {
  const inbox = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Inbox')!;
  await s.goOffline();
  await s.dovecot.doveadm(['mailbox', 'update', '-u', s.dovecot.users[0]!.user, '--min-highest-modseq', String(2n ** 63n + 1000n), 'INBOX']);
  await s.dovecot.appendRaw(s.dovecot.users[0]!.user, 'INBOX', 'From: a@mailmind.test\r\nSubject: After a 64-bit modseq\r\nMessage-ID: <beyond-63-bits@mailmind.test>\r\n\r\nStill here\r\n');
  s.socket.events.length = 0;
  s.goOnline();
  await waitForSyncState(s.socket, s.account.id, 'idle');
  const arrived = (await messagesOf(s.t, inbox.id)).find((m) => m.subject === 'After a 64-bit modseq');
  expect(arrived, 'the message that came with the 64-bit modseq').toBeDefined();
  expect(s.t.logs.filter((entry) => entry.message === 'mailbox sync failed')).toEqual([]);
});
