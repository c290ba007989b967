// How an open waits for the folder check, told by the store. The real sync is in
// open-after-folder-renamed.test.ts; here the check is a stand-in, for a check that fails or
// never ends, which Dovecot does not do on cue.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { placeOf, waitForFolderCheck } from '../../../electron/hub/api/folder-check-wait';
import type { MailboxRecord, MessageRecord } from '../../../electron/hub/store/store-types';
import type { AccountSync } from '../../../electron/hub/sync/account-sync';
import { newMessage, openTestStore, type TestStore } from '../../support/store-fixtures';

let s: TestStore;
let mailbox: MailboxRecord;
let message: MessageRecord;

beforeEach(async () => {
  s = await openTestStore();
  mailbox = s.store.writes.upsertMailbox('a1', { path: 'Travel', name: 'Travel', delimiter: '/', specialUse: null, sortKey: 1 });
  s.store.writes.setSyncState(mailbox.id, { uidValidity: 7 });
  message = s.store.writes.transaction(() => s.store.writes.insertMessages(s.store.reads.getMailbox(mailbox.id)!, [newMessage(1)]))[0]!;
});

afterEach(() => s?.close());

/** A stand-in for the account's folder check (named as such): the real one is in open-after-folder-renamed.test.ts. */
const standIn = (checkFolders: () => Promise<boolean>): Pick<AccountSync, 'checkFolders'> => ({ checkFolders });

it('a check that left the message where it was means gone, at once; a check that failed means unknown', async () => {
  const place = placeOf(s.store, message.id);
  const started = performance.now();
  const checked = standIn(() => new Promise((resolve) => setTimeout(() => resolve(true), 50)));
  expect(await waitForFolderCheck({ store: s.store, account: checked, messageId: message.id, place, timeoutMs: 5000 })).toBe('gone');
  expect(performance.now() - started).toBeLessThan(1000);
  expect(await waitForFolderCheck({ store: s.store, account: standIn(() => Promise.resolve(false)), messageId: message.id, place, timeoutMs: 5000 })).toBe('unknown');
  expect(await waitForFolderCheck({ store: s.store, account: standIn(() => Promise.reject(new Error('connection lost'))), messageId: message.id, place, timeoutMs: 5000 })).toBe('unknown');
});

it('a check that renamed the folder means moved; one that removed the message means gone', async () => {
  const place = placeOf(s.store, message.id);
  const renaming = standIn(async () => {
    s.store.writes.renameMailbox(mailbox.id, 'Travel 2026');
    return true;
  });
  expect(await waitForFolderCheck({ store: s.store, account: renaming, messageId: message.id, place, timeoutMs: 5000 })).toBe('moved');
  const removing = standIn(async () => {
    s.store.writes.transaction(() => s.store.writes.deleteByUids(mailbox.id, [1]));
    return true;
  });
  expect(await waitForFolderCheck({ store: s.store, account: removing, messageId: message.id, place: placeOf(s.store, message.id), timeoutMs: 5000 })).toBe('gone');
});

it('answers unknown once the bound is over, when the check has not ended', async () => {
  const started = performance.now();
  const stuck = standIn(() => new Promise(() => {}));
  expect(await waitForFolderCheck({ store: s.store, account: stuck, messageId: message.id, place: placeOf(s.store, message.id), timeoutMs: 200 })).toBe('unknown');
  expect(performance.now() - started).toBeGreaterThanOrEqual(190);
});
