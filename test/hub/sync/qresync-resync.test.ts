// Reconnecting after another client expunged mail: with QRESYNC (RFC 7162) the
// CHANGEDSINCE fetch reports the expunged UIDs (VANISHED (EARLIER)), so they
// leave the store without a UID SEARCH of the whole mailbox.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Account, MessageSummary } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { mailboxesOf, messagesOf } from '../../support/hub-actions';
import { waitForSyncState } from '../../support/hub-api';
import type { DovecotInstance } from '../../support/mail/dovecot';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';
import type { TestHub } from '../../support/test-hub';
import type { EventSocket } from '../../support/ws-client';

let s: SyncedAccount;
let dovecot: DovecotInstance;
let t: TestHub;
let socket: EventSocket;
let account: Account;

beforeAll(async () => {
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(30) }, hub: { sync: { pollMs: 60_000, backoff: { baseMs: 100, maxMs: 300 } } } });
  ({ dovecot, t, socket, account } = s);
});

afterAll(() => s?.stop());

it('removes messages expunged while the hub was away, as QRESYNC reports them', async () => {
  const inbox = (await mailboxesOf(t, account.id)).find((m) => m.path === 'INBOX')!;
  const [first, second, third]: MessageSummary[] = await messagesOf(t, inbox.id);
  await s.goOffline();
  await withImapClient(dovecot, async (client) => {
    const lock = await client.getMailboxLock('INBOX');
    try {
      await client.messageDelete(`${first!.uid},${second!.uid}`, { uid: true });
      await client.messageFlagsAdd(String(third!.uid), ['\\Flagged'], { uid: true });
    } finally {
      lock.release();
    }
  });
  socket.events.length = 0;
  s.goOnline();
  const deleted = await socket.waitFor((e: HubEvent): e is Extract<HubEvent, { type: 'email.deleted' }> => e.type === 'email.deleted');
  expect(deleted.payload.ids.sort()).toEqual([first!.id, second!.id].sort());
  await waitForSyncState(socket, account.id, 'idle');
  const now = await messagesOf(t, inbox.id);
  expect(now.map((m) => m.id)).not.toContain(first!.id);
  expect(now.find((m) => m.id === third!.id)!.flags).toContain('\\Flagged');
  expect(t.hub.store.reads.getMailbox(inbox.id)!.total).toBe(28);
  expect(t.logs.find((entry) => entry.message === 'expunges reported by QRESYNC')?.fields).toMatchObject({ count: 2 });
});
