// Search keys of messages that share a second and a UID (search-key.ts): a folder copied on the
// server into a new one, or mail received in 1970's first second or before (all keyed as second
// 0). Each copy takes the next free key below its preferred one.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Store } from '../../../electron/hub/store/open-store';
import type { MailboxRecord, NewMessage } from '../../../electron/hub/store/store-types';
import { newMessage, openTestStore, type TestStore } from '../../support/store-fixtures';

let opened: TestStore;
let store: Store;

beforeEach(async () => {
  opened = await openTestStore();
  store = opened.store;
});

afterEach(() => opened.close());

const folder = (path: string, sortKey: number): MailboxRecord => store.writes.upsertMailbox('a1', { path, name: path, delimiter: '/', specialUse: null, sortKey });

/** Every page of a search, `limit` at a time, following the cursors handed out. */
function searchAll(text: string, limit: number) {
  const found = [];
  let before: string | undefined;
  do {
    const page = store.reads.search(text, limit, before);
    found.push(...page.messages);
    before = page.nextCursor ?? undefined;
  } while (before);
  return found;
}

it('stores a folder copied on the server (same INTERNALDATEs, same UIDs) in well under a second, and lists and finds each copy once', () => {
  const COUNT = 2000;
  const second = Date.UTC(2025, 5, 1, 12);
  const copies = Array.from({ length: COUNT }, (_, i) => newMessage(i + 1, { subject: `ledger ${i + 1}`, receivedAt: second }));
  const original = folder('Projects', 1);
  const copy = folder('Projects copy', 2);
  // Messages the copies' keys must not be pushed past: one a second newer, one a second older.
  store.writes.insertMessages(original, [newMessage(COUNT + 1, { subject: 'ledger newer', receivedAt: second + 1000 }), newMessage(COUNT + 2, { subject: 'ledger older', receivedAt: second - 1000 })]);

  // Newest first into the original, oldest first into the copy: a sync hands batches either way.
  for (const [mailbox, batch] of [
    [original, [...copies].reverse()],
    [copy, copies],
  ] as Array<[MailboxRecord, NewMessage[]]>) {
    const started = performance.now();
    const inserted = store.writes.transaction(() => store.writes.insertMessages(mailbox, batch));
    const elapsed = performance.now() - started;
    expect(inserted).toHaveLength(COUNT);
    expect(elapsed, `${mailbox.path}: ${COUNT} messages in ${elapsed.toFixed(0)} ms`).toBeLessThan(1000);
  }

  const newestFirst = Array.from({ length: COUNT }, (_, i) => COUNT - i);
  expect(store.reads.listMessages(copy.id, COUNT + 10).messages.map((m) => m.uid)).toEqual(newestFirst);
  expect(store.reads.listMessages(original.id, COUNT + 10).messages.map((m) => m.uid)).toEqual([COUNT + 1, ...newestFirst, COUNT + 2]);

  const found = searchAll('ledger', 333);
  expect(found).toHaveLength(2 * COUNT + 2);
  expect(new Set(found.map((m) => m.id)).size).toBe(found.length);
  expect(found[0]!.subject).toBe('ledger newer');
  expect(found.at(-1)!.subject).toBe('ledger older');
  // The original's keys are the preferred ones: its messages come in list order.
  expect(found.filter((m) => m.mailboxId === original.id && m.receivedAt === new Date(second).toISOString()).map((m) => m.uid)).toEqual(newestFirst);
  expect(found.filter((m) => m.mailboxId === copy.id)).toHaveLength(COUNT);
});

it('pages a search through messages received at 1970-01-01T00:00:00Z and before, whose keys go below zero', () => {
  const mailboxes = [folder('Imported', 1), folder('Imported copy', 2), folder('Imported again', 3)];
  for (const mailbox of mailboxes) {
    store.writes.insertMessages(mailbox, [
      newMessage(1, { subject: 'relic epoch', receivedAt: 0 }),
      newMessage(2, { subject: 'relic 1969', receivedAt: Date.UTC(1969, 6, 20) }),
      newMessage(3, { subject: 'relic 1901', receivedAt: Date.UTC(1901, 0, 1) }),
    ]);
  }
  const found = searchAll('relic', 1);
  expect(found).toHaveLength(9);
  expect(new Set(found.map((m) => m.id)).size).toBe(9);
});

it('still refuses a search cursor that is not one of ours', () => {
  store.writes.insertMessages(folder('Inbox', 1), [newMessage(1, { subject: 'relic' }), newMessage(2, { subject: 'relic' })]);
  for (const forged of ['s-', 's--1', 's1.5', 's-1x', 's 1', `s${'9'.repeat(20)}`, 's-0x1', '-1']) {
    expect(() => store.reads.search('relic', 1, Buffer.from(forged).toString('base64url')), forged).toThrow('Invalid cursor');
  }
});
