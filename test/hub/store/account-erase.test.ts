// An account erased from the store (eraseAccount, what removing an account does) leaves none of
// its mail in the files, including what was freed before the removal: the store runs with
// secure_delete FAST, which leaves the pages a delete frees as they were (a cached body's
// overflow pages), so an expunged message's body was still on disk when its account went.
import { dirname } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { MailboxRecord } from '../../../electron/hub/store/store-types';
import { filesContaining } from '../../support/files-containing';
import { newMessage, openTestStore, storeLocalAccount, type TestStore } from '../../support/store-fixtures';

let opened: TestStore;
let inbox: MailboxRecord;

beforeEach(async () => {
  opened = await openTestStore();
  inbox = opened.store.writes.upsertMailbox('a1', { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: '\\Inbox', sortKey: 0 });
});

afterEach(() => opened.close());

/** A body of some pages (stored on overflow pages) with `word` in it. */
const body = (word: string): string => `Dear Alice, the word is ${word}. `.repeat(400);

it('zeroes what earlier deletes of the account’s mail left in free pages, and keeps the other account’s mail', async () => {
  const { store } = opened;
  const dir = dirname(opened.path);
  const records = store.writes.insertMessages(inbox, [1, 2, 3].map((uid) => newMessage(uid)));
  for (const [i, record] of records.entries()) store.writes.saveBody(record, Buffer.from(body(`expungedsecret${i}`)), '');
  // Expunged on the server: the rows go, the bodies' pages stay in the file as they were.
  store.writes.deleteByUids(inbox.id, [1, 2, 3]);
  const other = storeLocalAccount(store);
  const [kept] = store.writes.insertMessages(other.inbox, [newMessage(1)]);
  store.writes.saveBody(kept!, Buffer.from(body('keptwordofbob')), 'keptwordofbob');
  await store.checkpointsSettled();
  expect(await filesContaining(dir, 'expungedsecret')).not.toEqual([]);

  expect(await store.eraseAccount('a1')).toEqual({ removed: true, walTruncated: true });
  expect(await filesContaining(dir, 'expungedsecret')).toEqual([]);
  expect(store.reads.search('keptwordofbob', 10).messages.map((m) => m.id)).toEqual([kept!.id]);
  expect(store.integrityCheck()).toBe('ok');
  expect(await store.eraseAccount('a1')).toEqual({ removed: false, walTruncated: false });
});

it('goes back to FAST once done: a later delete leaves its freed pages unwritten, as before the removal', async () => {
  const { store } = opened;
  const dir = dirname(opened.path);
  const other = storeLocalAccount(store);
  expect(await store.eraseAccount('a1')).toEqual({ removed: true, walTruncated: true });
  // Under ON (left so by a removal that restored the mode as a number), every later delete wrote
  // its freed pages with zeros: 12-100% more writes for every sync, move and expunge.
  const [record] = store.writes.insertMessages(other.inbox, [newMessage(7)]);
  store.writes.saveBody(record!, Buffer.from(body('laterdeletedword')), '');
  // In a transaction, as the sync deletes: its commit has the WAL checkpointed into the file.
  store.writes.transaction(() => store.writes.deleteByUids(other.inbox.id, [7]));
  await store.checkpointsSettled();
  // In the database file itself (the WAL may keep the page as it was written either way).
  expect((await filesContaining(dir, 'laterdeletedword')).some((file) => file.endsWith('.db'))).toBe(true);
});
