// A stored HIGHESTMODSEQ above the server's: the server's modseqs started over while UIDVALIDITY
// stayed (an index rebuilt, a migration), which RFC 7162 does not allow but servers do. A
// CHANGEDSINCE from the stored value reports nothing, and the flag changes and expunges made
// meanwhile were lost for good (the stored modseq then caught up with the server's). Dovecot
// cannot be made to restart its modseqs on cue, so the store is set ahead of it instead.
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { mailboxesOf, messagesOf } from '../../support/hub-actions';
import { waitForSyncState } from '../../support/hub-api';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';

let s: SyncedAccount;

beforeAll(async () => {
  // No poll within the test: only the reconnect's sync can bring the changes.
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(6) }, hub: { sync: { pollMs: 600_000 } } });
});

afterAll(() => s?.stop());

/** INBOX's STATUS as another client reads it. */
async function inboxStatus(client: ImapFlow): Promise<{ messages: number; highestModseq: bigint }> {
  const status = await client.status('INBOX', { messages: true, highestModseq: true });
  if (!status || status.messages === undefined || status.highestModseq === undefined) throw new Error('STATUS INBOX was refused or lacks HIGHESTMODSEQ');
  return { messages: status.messages, highestModseq: status.highestModseq };
}

it('shows a flag set and a message expunged elsewhere when the stored modseq is above the server\'s', async () => {
  const { t, socket, account, dovecot } = s;
  const inbox = (await mailboxesOf(t, account.id)).find((m) => m.specialUse === '\\Inbox')!;
  const before = await messagesOf(t, inbox.id);
  const flagged = before.find((m) => !m.flags.includes('\\Flagged'))!;
  const doomed = before.find((m) => m.id !== flagged.id)!;

  await s.goOffline();
  const serverModseq = (await withImapClient(dovecot, inboxStatus)).highestModseq;
  expect(t.hub.store.reads.getMailbox(inbox.id)!.highestModseq).toBe(serverModseq);
  t.hub.store.writes.setSyncState(inbox.id, { highestModseq: serverModseq + 1000n });
  const server = await withImapClient(dovecot, async (client) => {
    const lock = await client.getMailboxLock('INBOX');
    try {
      await client.messageFlagsAdd(String(flagged.uid), ['\\Flagged'], { uid: true });
      await client.messageDelete(String(doomed.uid), { uid: true });
    } finally {
      lock.release();
    }
    return inboxStatus(client);
  });
  // Still below what the store holds: the case a CHANGEDSINCE from the stored modseq misses.
  expect(server.highestModseq).toBeLessThan(serverModseq + 1000n);

  socket.events.length = 0;
  s.goOnline();
  await waitForSyncState(socket, account.id, 'idle');

  const updates = socket.events.flatMap((e: HubEvent) => (e.type === 'email.updated' && e.payload.message.id === flagged.id ? [e.payload.message.flags] : []));
  expect(updates).toContainEqual(expect.arrayContaining(['\\Flagged']));
  const deleted = socket.events.flatMap((e: HubEvent) => (e.type === 'email.deleted' && e.payload.mailboxId === inbox.id ? e.payload.ids : []));
  expect(deleted).toContain(doomed.id);

  const after = await messagesOf(t, inbox.id);
  expect(after.find((m) => m.id === flagged.id)?.flags).toContain('\\Flagged');
  expect(after.map((m) => m.id)).not.toContain(doomed.id);
  expect(after).toHaveLength(server.messages);
  expect((await mailboxesOf(t, account.id)).find((m) => m.id === inbox.id)!.total).toBe(server.messages);
});
