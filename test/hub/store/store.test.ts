import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/hub/store/open-store';
import { BadCursorError } from '../../../electron/hub/store/store-reads';
import { newId } from '../../../electron/hub/store/store-writes';
import type { MailboxRecord } from '../../../electron/hub/store/store-types';
import { newMessage, openTestStore, type TestStore } from '../../support/store-fixtures';

let opened: TestStore;
let store: Store;
let inbox: MailboxRecord;
const message = newMessage;

beforeEach(async () => {
  opened = await openTestStore();
  store = opened.store;
  inbox = store.writes.upsertMailbox('a1', { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: '\\Inbox', sortKey: 0 });
});

afterEach(() => opened.close());

describe('store', () => {
  it('lists newest first with an opaque cursor, ties broken by uid', () => {
    store.writes.insertMessages(inbox, [1, 2, 3, 4, 5].map((uid) => message(uid)));
    store.writes.insertMessages(inbox, [message(6, { receivedAt: Date.UTC(2024, 0, 1, 0, 5) })]);
    const first = store.reads.listMessages(inbox.id, 3);
    expect(first.messages.map((m) => m.uid)).toEqual([6, 5, 4]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = store.reads.listMessages(inbox.id, 3, first.nextCursor ?? undefined);
    expect(second.messages.map((m) => m.uid)).toEqual([3, 2, 1]);
    expect(second.nextCursor).toBeNull();
    expect(() => store.reads.listMessages(inbox.id, 3, 'garbage')).toThrow(BadCursorError);
  });

  it('keeps ids stable, ignores a uid already stored, and reports flag changes only when they differ', () => {
    const [stored] = store.writes.insertMessages(inbox, [message(1)]);
    expect(store.writes.insertMessages(inbox, [message(1)])).toEqual([]);
    expect(store.writes.applyFlags(inbox.id, [{ uid: 1, flags: [], modseq: 2n }])).toEqual([]);
    const [changed] = store.writes.applyFlags(inbox.id, [{ uid: 1, flags: ['\\Seen'], modseq: 3n }]);
    expect(changed?.id).toBe(stored?.id);
    expect(store.reads.getMessage(stored!.id)?.flags).toEqual(['\\Seen']);
  });

  it('counts total and unread', () => {
    store.writes.insertMessages(inbox, [message(1, { flags: ['\\Seen'] }), message(2), message(3)]);
    expect(store.writes.refreshCounts(inbox.id)).toMatchObject({ total: 3, unread: 2 });
    store.writes.deleteByUids(inbox.id, [2]);
    expect(store.writes.refreshCounts(inbox.id)).toMatchObject({ total: 2, unread: 1 });
  });

  it('searches subjects, names, addresses, snippets and cached bodies, without FTS syntax errors', () => {
    const [a] = store.writes.insertMessages(inbox, [message(1, { subject: 'Quarterly café report' }), message(2)]);
    expect(store.reads.search('cafe', 10).messages.map((m) => m.uid)).toEqual([1]);
    expect(store.reads.search('sender2@example', 10).messages.map((m) => m.uid)).toEqual([2]);
    expect(store.reads.search('Sender', 10).messages.map((m) => m.uid)).toEqual([2, 1]);
    expect(store.reads.search('zebra', 10).messages).toEqual([]);
    store.writes.saveBody(a!, Buffer.from('raw'), 'the zebra crossing');
    expect(store.reads.search('zebra', 10).messages.map((m) => m.uid)).toEqual([1]);
    for (const hostile of ['"', 'AND OR NOT', '*', 'a:b', '(((', "'; DROP TABLE messages; --"]) {
      expect(() => store.reads.search(hostile, 10)).not.toThrow();
    }
    store.writes.deleteByUids(inbox.id, [1]);
    expect(store.reads.search('zebra', 10).messages).toEqual([]);
  });

  it('does not cache a body whose message went while it was fetched, even under a reused rowid', () => {
    const [gone] = store.writes.insertMessages(inbox, [message(1, { subject: 'Old one' })]);
    store.writes.deleteByUids(inbox.id, [1]);
    // The newest row went: SQLite gives its rowid to the next message stored.
    const [next] = store.writes.insertMessages(inbox, [message(2, { subject: 'New one' })]);
    expect(next!.rowid).toBe(gone!.rowid);
    expect(store.writes.saveBody(gone!, Buffer.from('old raw'), 'quokka')).toBe(false);
    expect(store.reads.bodyOf(next!.rowid)).toBeNull();
    expect(store.reads.search('quokka', 10).messages).toEqual([]);
    expect(store.writes.saveBody(next!, Buffer.from('new raw'), 'wombat')).toBe(true);
    expect(store.reads.search('wombat', 10).messages.map((m) => m.id)).toEqual([next!.id]);
  });

  it('stores and finds copies with the same INTERNALDATE and UID in other mailboxes, each once', () => {
    // Their preferred search keys are equal: each copy takes the next free key below.
    const copies = ['Archive', 'Sent', 'Trash'].map((path, i) => store.writes.upsertMailbox('a1', { path, name: path, delimiter: '/', specialUse: null, sortKey: i + 1 }));
    const twin = message(7, { subject: 'Twin budget' });
    for (const mailbox of [inbox, ...copies]) expect(store.writes.insertMessages(mailbox, [twin])).toHaveLength(1);
    // The same UID again in a mailbox that has it: nothing stored.
    expect(store.writes.insertMessages(copies[0]!, [twin])).toEqual([]);
    const found = store.reads.search('twin', 10).messages;
    expect(found.map((m) => m.mailboxId).sort()).toEqual([inbox, ...copies].map((m) => m.id).sort());
    for (const mailbox of [inbox, ...copies]) expect(store.reads.listMessages(mailbox.id, 10).messages.map((m) => m.uid)).toEqual([7]);
  });

  it('finds messages dated after 2038 (an import that set a future INTERNALDATE), newest first, and pages past them', () => {
    store.writes.insertMessages(inbox, [
      message(1, { subject: 'mango now', receivedAt: Date.UTC(2026, 0, 1) }),
      message(2, { subject: 'mango 2040', receivedAt: Date.UTC(2040, 0, 1) }),
      message(3, { subject: 'mango 2099', receivedAt: Date.UTC(2099, 11, 31) }),
    ]);
    expect(store.reads.search('mango', 10).messages.map((m) => m.subject)).toEqual(['mango 2099', 'mango 2040', 'mango now']);
    const first = store.reads.search('mango', 1);
    expect(first.messages.map((m) => m.subject)).toEqual(['mango 2099']);
    const rest = store.reads.search('mango', 10, first.nextCursor!);
    expect(rest.messages.map((m) => m.subject)).toEqual(['mango 2040', 'mango now']);
  });

  it('finds each message of a batch whose dates run against its UIDs (imported mail) by its own words', () => {
    // Indexed in key order, not in the batch's: each message must still be found by its own words.
    const batch = Array.from({ length: 40 }, (_, i) => message(i + 1, { subject: `papaya w${i}x`, receivedAt: Date.UTC(2025, 0, 40 - i) }));
    store.writes.insertMessages(inbox, batch);
    for (const [i, sent] of batch.entries()) expect(store.reads.search(`w${i}x`, 5).messages.map((m) => m.uid)).toEqual([sent.uid]);
    expect(store.reads.search('papaya', 50).messages.map((m) => m.uid)).toEqual(batch.map((m) => m.uid));
  });

  it('pages search results newest first, same INTERNALDATE second ordered by uid', () => {
    const sameSecond = Date.UTC(2024, 0, 2);
    store.writes.insertMessages(inbox, [
      ...[1, 2, 3, 4, 5].map((uid) => message(uid, { subject: `kiwi ${uid}` })),
      message(7, { subject: 'kiwi 7', receivedAt: sameSecond }),
      message(6, { subject: 'kiwi 6', receivedAt: sameSecond }),
    ]);
    const first = store.reads.search('kiwi', 4);
    expect(first.messages.map((m) => m.uid)).toEqual([7, 6, 5, 4]);
    const second = store.reads.search('kiwi', 4, first.nextCursor ?? undefined);
    expect(second.messages.map((m) => m.uid)).toEqual([3, 2, 1]);
    expect(second.nextCursor).toBeNull();
    expect(() => store.reads.search('kiwi', 4, 'bogus')).toThrow(BadCursorError);
  });

  it('names, among the newest messages only, those whose body is not cached', () => {
    const records = store.writes.insertMessages(inbox, [1, 2, 3, 4, 5].map((uid) => message(uid, { size: uid === 4 ? 10_000 : 100 })));
    expect(store.reads.recentWithoutBody(inbox.id, 3, 1000).map((m) => m.uid)).toEqual([5, 3]);
    store.writes.saveBody(records[4]!, Buffer.from('x'), 'x');
    expect(store.reads.recentWithoutBody(inbox.id, 3, 1000).map((m) => m.uid)).toEqual([3]);
    store.writes.saveBody(records[2]!, Buffer.from('x'), 'x');
    // Older uncached messages are not reached for: the window stays the newest three.
    expect(store.reads.recentWithoutBody(inbox.id, 3, 1000)).toEqual([]);
  });

  it('removes an account with its mailboxes, messages and index entries', () => {
    store.writes.insertMessages(inbox, [message(1, { subject: 'unique-word' })]);
    expect(store.writes.deleteAccount('a1')).toBe(true);
    expect(store.reads.listMailboxes()).toEqual([]);
    expect(store.reads.search('unique', 10).messages).toEqual([]);
    expect(store.integrityCheck()).toBe('ok');
  });
});

describe('message ids', () => {
  it('are unique 22-character base64url strings that begin with the time they were made', async () => {
    const made = Date.now();
    const ids = Array.from({ length: 10_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // Made together, they share their first characters: the unique index on ids takes a
    // batch's inserts in adjacent pages (see newId).
    const madeAt = (id: string): number => Buffer.from(id, 'base64url').readUIntBE(0, 6);
    expect(madeAt(ids[0]!)).toBeGreaterThanOrEqual(made);
    expect(madeAt(ids.at(-1)!)).toBeLessThanOrEqual(Date.now());
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(madeAt(newId())).toBeGreaterThan(madeAt(ids[0]!));
  });
});
