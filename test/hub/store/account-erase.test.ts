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
