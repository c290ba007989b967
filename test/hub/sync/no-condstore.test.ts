// A server without CONDSTORE/QRESYNC (Dovecot told to advertise neither):
// flags changed elsewhere are found by a flag sweep and expunges by a UID
// diff, and a resync still converges.
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import type { DovecotInstance } from '../../support/mail/dovecot';
import { waitForSyncState } from '../../support/hub-api';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';
import { eventually, type TestHub } from '../../support/test-hub';
import type { EventSocket } from '../../support/ws-client';

const CAPABILITIES = 'IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT NAMESPACE UIDPLUS CHILDREN LIST-EXTENDED LIST-STATUS ESEARCH SPECIAL-USE MOVE UNSELECT';
let s: SyncedAccount;
let dovecot: DovecotInstance;
let t: TestHub;
let socket: EventSocket;
let account: Account;

/** Another client, with INBOX selected. */
function onServer(work: (client: ImapFlow) => Promise<void>): Promise<void> {
  return withImapClient(dovecot, async (client) => {
    const lock = await client.getMailboxLock('INBOX');
    try {
      await work(client);
    } finally {
      lock.release();
    }
  });
}

beforeAll(async () => {
  s = await startSyncedAccount({
    dovecot: { corpus: syntheticMessages(30), imapCapability: CAPABILITIES },
    hub: { sync: { pollMs: 60_000, backoff: { baseMs: 100, maxMs: 300 } } },
  });
  ({ dovecot, t, socket, account } = s);
});

afterAll(() => s?.stop());

describe('server without CONDSTORE', () => {
  it('synced without modseqs', () => {
    const inbox = t.hub.store.reads.getMailboxByPath(account.id, 'INBOX')!;
    expect(inbox.total).toBe(30);
    expect(inbox.highestModseq).toBeNull();
  });

  it('finds a flag changed and a message expunged elsewhere', async () => {
    const inbox = t.hub.store.reads.getMailboxByPath(account.id, 'INBOX')!;
    const [first, second] = t.hub.store.reads.uidsOf(inbox.id);
    const flagged = t.hub.store.reads.getMessageByUid(inbox.id, first!)!;
    const doomed = t.hub.store.reads.getMessageByUid(inbox.id, second!)!;
    await onServer(async (client) => {
      await client.messageFlagsAdd(String(first), ['\\Flagged'], { uid: true });
      await client.messageDelete(String(second), { uid: true });
    });
    const updated = await socket.waitFor(
      (e: HubEvent): e is Extract<HubEvent, { type: 'email.updated' }> => e.type === 'email.updated' && e.payload.message.id === flagged.id,
    );
    expect(updated.payload.message.flags).toContain('\\Flagged');
    await socket.waitFor((e: HubEvent): e is HubEvent => e.type === 'email.deleted' && e.payload.ids.includes(doomed.id));
  });

  it('converges after a reconnect with changes made while away', async () => {
    const inbox = t.hub.store.reads.getMailboxByPath(account.id, 'INBOX')!;
    const third = t.hub.store.reads.uidsOf(inbox.id)[1]!;
    const record = t.hub.store.reads.getMessageByUid(inbox.id, third)!;
    await dovecot.stop();
    await waitForSyncState(socket, account.id, 'offline');
    socket.events.length = 0;
    await dovecot.start();
    await onServer((client) => client.messageFlagsAdd(String(third), ['\\Seen'], { uid: true }).then(() => undefined));
    await waitForSyncState(socket, account.id, 'idle', 30_000);
    // Whether the change landed before the reconnect (found by the sweep) or after (pushed by IDLE).
    await eventually(() => t.hub.store.reads.getMessage(record.id)?.flags.includes('\\Seen') === true, 'the \\Seen flag to be stored');
  });
});
