// Searching mail written in scripts without spaces between words, and leaving words out.
// unicode61 made a whole run of Chinese, Japanese or Thai one token: a word inside a run was never
// found. And "-word" searched for the word instead of leaving it out.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { newMessage, openTestStore, type TestStore } from '../../support/store-fixtures';

let test: TestStore;
beforeEach(async () => {
  test = await openTestStore();
  const { writes, reads } = test.store;
  writes.upsertMailbox('a1', { path: 'INBOX', name: 'Inbox', delimiter: '/', specialUse: '\\Inbox', sortKey: 0 });
  const inbox = reads.getMailboxByPath('a1', 'INBOX')!;
  writes.transaction(() =>
    writes.insertMessages(inbox, [
      newMessage(1, { subject: '東京の天気予報', snippet: '' }),
      newMessage(2, { subject: '会议纪要 下周项目', snippet: '' }),
      newMessage(3, { subject: 'ข่าวภาษาไทยวันนี้', snippet: '' }),
      newMessage(4, { subject: '서울에서 회의', snippet: '' }),
      newMessage(5, { subject: 'Quarterly report', snippet: 'the draft numbers' }),
      newMessage(6, { subject: 'Quarterly report', snippet: 'final numbers' }),
      newMessage(7, { subject: 'Invoice - March 2024', snippet: '' }),
      newMessage(8, { subject: 'กา นา', snippet: '' }),
      newMessage(9, { subject: 'ฉันกินข้าว', snippet: '' }),
    ]),
  );
});
afterEach(() => test.close());

const found = (query: string): number[] => test.store.reads.search(query, 50).messages.map((m) => m.uid as number).sort();

it('finds a word inside a run of Chinese, Japanese, Thai or Korean text', () => {
  expect(found('天気')).toEqual([1]);
  expect(found('予報')).toEqual([1]);
  expect(found('東京')).toEqual([1]);
  expect(found('纪要')).toEqual([2]);
  expect(found('项目')).toEqual([2]);
  expect(found('ภาษาไทย')).toEqual([3]);
  expect(found('서울')).toEqual([4]);
  // Thai vowel marks stay with their letter: กิน is not ก and น anywhere.
  expect(found('กิน')).toEqual([9]);
  expect(found('회의')).toEqual([4]);
});

it('matches those characters only next to each other, in order', () => {
  expect(found('京天')).toEqual([]);
  expect(found('報予')).toEqual([]);
  expect(found('天気 纪要')).toEqual([]);
});

it('finds a subject pasted with its dashes', () => {
  expect(found('Invoice - March')).toEqual([7]);
});

it('leaves out messages with a word written "-word"', () => {
  expect(found('report')).toEqual([5, 6]);
  expect(found('report -draft')).toEqual([6]);
  expect(found('quarterly -final -draft')).toEqual([]);
});

it('finds everything but the words for a search of "-word"s alone, newest first and paged', () => {
  expect(found('-draft')).toEqual([1, 2, 3, 4, 6, 7, 8, 9]);
  expect(found('-draft -final -天気')).toEqual([2, 3, 4, 7, 8, 9]);
  const { reads } = test.store;
  const first = reads.search('-quarterly', 4);
  expect(first.messages.map((m) => m.uid)).toEqual([9, 8, 7, 4]);
  expect(reads.search('-quarterly', 4, first.nextCursor!).messages.map((m) => m.uid)).toEqual([3, 2, 1]);
});

it('finds Greek with or without its accents, in capitals too, as Gmail does', () => {
  const { writes, reads } = test.store;
  const inbox = reads.getMailboxByPath('a1', 'INBOX')!;
  writes.transaction(() =>
    writes.insertMessages(inbox, [
      newMessage(20, { subject: 'Καλημέρα από την Αθήνα', snippet: '' }),
      newMessage(21, { subject: 'ΠΡΟΣΦΟΡΑ ΓΙΑ ΤΑ ΕΙΣΙΤΗΡΙΑ', snippet: '' }),
      newMessage(22, { subject: 'Re:', snippet: 'τα εισιτήρια είναι έτοιμα' }),
      newMessage(23, { subject: 'Ἀθῆναι', snippet: '' }),
    ]),
  );
  // Typed without the tonos, or with it, or in capitals: the same words.
  expect(found('καλημερα')).toEqual([20]);
  expect(found('καλημέρα')).toEqual([20]);
  expect(found('ΚΑΛΗΜΕΡΑ')).toEqual([20]);
  expect(found('αθηνα')).toEqual([20, 23]); // a word is a prefix: Αθήνα and Ἀθῆναι
  expect(found('εισιτηρια')).toEqual([21, 22]);
  expect(found('εισιτήρια')).toEqual([21, 22]);
  expect(found('subject:εισιτήρια')).toEqual([21]);
  expect(found('"ετοιμα"')).toEqual([22]);
  // Polytonic breathings and circumflexes come off too; prefixes still work.
  expect(found('αθηναι')).toEqual([23]);
  expect(found('καλημ')).toEqual([20]);
});

it('still finds Greek indexed with its accents (before they were taken off) when the term is typed with them', () => {
  const { writes, reads } = test.store;
  const inbox = reads.getMailboxByPath('a1', 'INBOX')!;
  const [record] = writes.transaction(() => writes.insertMessages(inbox, [newMessage(30, { subject: 'Ημερήσια αναφορά', snippet: '' })]));
  // As an older hub indexed it: the accents kept.
  const older = new Database(test.path);
  older.prepare('DELETE FROM messages_fts WHERE rowid = ?').run(record!.searchKey);
  older.prepare("INSERT INTO messages_fts (rowid, subject, names, addresses, snippet, body) VALUES (?, 'Ημερήσια αναφορά', '', '', '', '')").run(record!.searchKey);
  older.close();
  expect(found('αναφορά')).toEqual([30]);
  expect(found('ΗΜΕΡΉΣΙΑ')).toEqual([30]);
});
