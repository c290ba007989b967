// DESIGN: the stored modseq advances only in the transaction that stores the changes it
// covers. If storing flag changes fails, the modseq stays behind, and the next sync brings
// the same changes again; had it advanced alone, CHANGEDSINCE would never report them again.
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createLogger } from '../../../electron/hub/logger';
import { syncMailbox } from '../../../electron/hub/sync/mailbox-sync';
import type { SyncContext } from '../../../electron/hub/sync/sync-context';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { syntheticMessages } from '../../support/mail/synthetic-corpus';
import { openTestStore, type TestStore } from '../../support/store-fixtures';
import { withImapClient } from '../../support/synced-account';

let dovecot: DovecotInstance;
let test: TestStore;
let client: ImapFlow;

beforeAll(async () => {
  dovecot = await startDovecot({ corpus: syntheticMessages(20) });
  test = await openTestStore();
  client = new ImapFlow(dovecot.imapOptions());
  client.on('error', () => {});
  await client.connect();
}, 60_000);

afterAll(async () => {
  await client?.logout().catch(() => client.close());
  await test?.close();
  await dovecot?.destroy();
});

const context = (): SyncContext => ({
  accountId: 'a1',
  store: test.store,
  publish: () => {},
  logger: createLogger(() => undefined),
  chunkSize: 200,
  firstChunkSize: 20,
  batchSize: 50,
  bulkMinMessages: 100_000,
});

it('keeps the stored modseq when storing the flag changes fails, and the next sync applies them', async () => {
  test.store.writes.upsertMailbox('a1', { path: 'INBOX', name: 'Inbox', delimiter: '/', specialUse: '\\Inbox', sortKey: 0 });
  const inbox = () => test.store.reads.getMailboxByPath('a1', 'INBOX')!;
  await syncMailbox(context(), client, inbox());
  const before = inbox().highestModseq;
  expect(before).not.toBeNull();

  // Another client flags three messages: the server's modseq moves on.
  await withImapClient(dovecot, async (other) => {
    await other.mailboxOpen('INBOX');
    await other.messageFlagsAdd('1:3', ['\\Flagged'], { uid: true });
  });
  const flagged = () => [1, 2, 3].map((uid) => test.store.reads.getMessageByUid(inbox().id, uid)?.flags.includes('\\Flagged'));

  // Storing them fails (a named fake: a disk error, which neither SQLite nor Dovecot produces on cue).
  const applyFlags = vi.spyOn(test.store.writes, 'applyFlags').mockImplementationOnce(() => {
    throw new Error('SQLITE_IOERR: disk I/O error');
  });
  await expect(syncMailbox(context(), client, inbox())).rejects.toThrow(/disk I\/O error/);
  expect(inbox().highestModseq).toBe(before);
  expect(flagged()).toEqual([false, false, false]);

  applyFlags.mockRestore();
  await syncMailbox(context(), client, inbox());
  expect(flagged()).toEqual([true, true, true]);
  expect(inbox().highestModseq).toBeGreaterThan(before!);
});
