// A long search text (a pasted paragraph, a key held down) against a large store: every word
// is a prefix query that FTS5 expands over every token starting with it, once per word.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/hub/store/open-store';
import { ftsQuery, MAX_SEARCH_TERMS } from '../../../electron/hub/store/search-query';
import type { MailboxRecord } from '../../../electron/hub/store/store-types';
import { newMessage, openTestStore, type TestStore } from '../../support/store-fixtures';

let opened: TestStore;
let store: Store;
let inbox: MailboxRecord;
const COUNT = 20_000;

beforeAll(async () => {
  opened = await openTestStore();
  store = opened.store;
  inbox = store.writes.upsertMailbox('a1', { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: '\\Inbox', sortKey: 0 });
  // Each message has a word of its own for every letter: "w" stands for thousands of tokens.
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const messages = Array.from({ length: COUNT }, (_, i) =>
    newMessage(i + 1, {
      subject: i === 0 ? 'wombat worksheet' : `weekly w${i}`,
      snippet: [...letters].map((c) => `${c}${(i * 7919 + c.charCodeAt(0)) % 5000}x`).join(' '),
      receivedAt: Date.UTC(2020, 0, 1) + i * 1000,
    }),
  );
  for (let i = 0; i < COUNT; i += 1000) store.writes.transaction(() => store.writes.insertMessages(inbox, messages.slice(i, i + 1000)));
}, 60_000);

afterAll(() => opened?.close());

const timed = <T>(work: () => T): { result: T; ms: number } => {
  const started = performance.now();
  const result = work();
  return { result, ms: performance.now() - started };
};

it('answers 250 repeated words as fast as one, with the same messages', () => {
  const one = store.reads.search('w', 50);
  const { result, ms } = timed(() => store.reads.search(Array(250).fill('w').join(' '), 50));
  expect(ms, `${ms.toFixed(0)} ms`).toBeLessThan(300);
  expect(result).toEqual(one);
});

it('answers 250 different one-letter words quickly, using the first words only', () => {
  const text = Array.from({ length: 250 }, (_, i) => 'abcdefghijklmnopqrstuvwxyz0123456789'[i % 36]).join(' ');
  const { result, ms } = timed(() => store.reads.search(text, 50));
  expect(ms, `${ms.toFixed(0)} ms`).toBeLessThan(300);
  expect(result.messages).toHaveLength(50);
});

it('ignores the words past the first MAX_SEARCH_TERMS different ones, and only those', () => {
  const sixteen = 'wombat worksheet a b c d e f g h i j k l m n';
  expect(store.reads.search(sixteen, 10).messages.map((m) => m.uid)).toEqual([1]);
  expect(store.reads.search(`${sixteen} zzzzzz`, 10).messages.map((m) => m.uid)).toEqual([1]);
  // Repeated words do not use up the count: the word after them still narrows the search.
  const repeated = Array.from({ length: MAX_SEARCH_TERMS }, () => 'wombat worksheet').join(' ');
  expect(store.reads.search(repeated, 10).messages.map((m) => m.uid)).toEqual([1]);
  expect(store.reads.search(`${repeated} zzzzzz`, 10).messages).toEqual([]);
  // A word another one starts with adds nothing: "w" and "wo" are in every "wombat".
  expect(store.reads.search('w wo wombat', 10).messages.map((m) => m.uid)).toEqual([1]);
});

describe('ftsQuery', () => {
  it.each([
    ['w w W w', '"w"* AND "W"*'],
    ['w wo wor world wor', '"world"*'],
    ['wor w world', '"world"*'],
    ['world wor', '"world"*'],
    // A word with no token ("-" in "Invoice - March") would match nothing in FTS5: left out.
    ['- a-b', '"a-b"*'],
    ['Invoice - March', '"Invoice"* AND "March"*'],
    // "-word" leaves the word out; alone, it asks for nothing.
    ['- -foo', null],
    ['report -draft --old', '("report"*) NOT "draft"* NOT "old"*'],
    ['-draft', null],
    ['a.b a', '"a.b"*'],
    ['"*" NEAR(', '"NEAR"*'],
    ['***', null],
  ])('%s → %s', (text, query) => {
    expect(ftsQuery(text)).toBe(query);
  });

  it(`keeps at most ${MAX_SEARCH_TERMS} words`, () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}x`);
    expect(ftsQuery(words.join(' '))).toBe(words.slice(0, MAX_SEARCH_TERMS).map((w) => `"${w}"*`).join(' AND '));
  });
});
