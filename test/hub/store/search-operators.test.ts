// Gmail's search habits over the real store (SQLite, FTS5): phrases, OR, and the operators
// from: to: cc: subject: is: has: after: before: older_than: newer_than:, each with "-".
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../electron/hub/store/open-store';
import { ftsQuery } from '../../../electron/hub/store/search-query';
import type { MailboxRecord, NewMessage } from '../../../electron/hub/store/store-types';
import { newMessage, openTestStore, type TestStore } from '../../support/store-fixtures';

let opened: TestStore;
let store: Store;
let inbox: MailboxRecord;

const ann = { name: 'Ann Lee', address: 'ann@north.example' };
const bob = { name: 'Bob Stone', address: 'bob@south.example' };
const carol = { name: 'Carol Zoë Ünal', address: 'carol@west.example' };
const DAY = 86_400_000;

beforeEach(async () => {
  opened = await openTestStore();
  store = opened.store;
  inbox = store.writes.upsertMailbox('a1', { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: '\\Inbox', sortKey: 0 });
});

afterEach(() => opened?.close());

const insert = (...messages: NewMessage[]) => store.writes.insertMessages(inbox, messages);
/** The UIDs a search finds, newest first. */
const found = (query: string, limit = 50): number[] => store.reads.search(query, limit).messages.map((m) => m.uid ?? -1);

describe('people', () => {
  beforeEach(() => {
    insert(
      newMessage(1, { from: ann, to: [bob], cc: [], subject: 'Budget' }),
      newMessage(2, { from: bob, to: [ann], cc: [carol], subject: 'Re: Budget' }),
      newMessage(3, { from: carol, to: [bob], cc: [ann], subject: 'Lunch' }),
    );
  });

  it('from: finds what a person sent, not what they received', () => {
    expect(found('from:ann')).toEqual([1]);
    expect(found('from:bob')).toEqual([2]);
    // Prefix, full address, a name with spaces in quotes, and the domain.
    expect(found('from:an')).toEqual([1]);
    expect(found('from:ann@north.example')).toEqual([1]);
    expect(found('from:"Ann Lee"')).toEqual([1]);
    expect(found('from:"Lee Ann"')).toEqual([]);
    expect(found('from:south.example')).toEqual([2]);
    // Letter case and diacritics, as the plain search does.
    expect(found('From:ZOE')).toEqual([3]);
    expect(found('from:unal')).toEqual([3]);
  });

  it('to: finds To and Cc (as in Gmail), cc: only Cc', () => {
    expect(found('to:ann')).toEqual([3, 2]);
    expect(found('cc:ann')).toEqual([3]);
    expect(found('to:carol')).toEqual([2]);
    expect(found('cc:bob')).toEqual([]);
  });

  it('combines with words, and a "-" leaves the person out', () => {
    expect(found('from:bob budget')).toEqual([2]);
    expect(found('from:ann lunch')).toEqual([]);
    expect(found('budget -from:ann')).toEqual([2]);
    expect(found('-from:ann')).toEqual([3, 2]);
  });
});

describe('subject and phrases', () => {
  beforeEach(() => {
    insert(
      newMessage(1, { subject: 'Quarterly report', snippet: 'see attached' }),
      newMessage(2, { subject: 'Hello', snippet: 'the quarterly figures and the report' }),
      newMessage(3, { subject: 'Report, quarterly', snippet: '' }),
    );
  });

  it('subject: looks in the subject only', () => {
    expect(found('subject:quarterly')).toEqual([3, 1]);
    expect(found('subject:hello')).toEqual([2]);
    expect(found('subject:figures')).toEqual([]);
    expect(found('figures')).toEqual([2]);
  });

  it('finds a quoted phrase only with its words together and in order', () => {
    expect(found('quarterly report')).toEqual([3, 2, 1]);
    expect(found('"quarterly report"')).toEqual([1]);
    expect(found('subject:"report quarterly"')).toEqual([3]);
    // A phrase is whole words: "quarter" is not "quarterly".
    expect(found('"quarter report"')).toEqual([]);
    expect(found('-"quarterly report"')).toEqual([3, 2]);
  });
});

describe('OR', () => {
  beforeEach(() => {
    insert(
      newMessage(1, { subject: 'kiwi tart' }),
      newMessage(2, { subject: 'mango tart' }),
      newMessage(3, { subject: 'mango pie' }),
      newMessage(4, { subject: 'plum pie', from: ann }),
    );
  });

  it('finds either term, and binds tighter than the words around it', () => {
    expect(found('kiwi OR mango')).toEqual([3, 2, 1]);
    expect(found('tart kiwi OR mango')).toEqual([2, 1]);
    expect(found('kiwi OR plum OR pie')).toEqual([4, 3, 1]);
    // Mixed with operators: each side is checked on its own.
    expect(found('kiwi OR from:ann')).toEqual([4, 1]);
    expect(found('is:unread OR kiwi')).toEqual([4, 3, 2, 1]);
    // "or" in lower case is a word, as in Gmail; a dangling OR is ignored.
    expect(found('kiwi or mango')).toEqual([]);
    expect(found('OR kiwi OR')).toEqual([1]);
  });
});

describe('flags, attachments and dates', () => {
  const now = Date.now();
  beforeEach(() => {
    insert(
      newMessage(1, { flags: ['\\Seen'], receivedAt: Date.UTC(2023, 5, 1, 12), subject: 'old read' }),
      newMessage(2, { flags: ['\\Flagged'], hasAttachments: true, receivedAt: Date.UTC(2024, 0, 15, 12), subject: 'starred unread' }),
      newMessage(3, { flags: ['\\Seen', '\\Flagged'], receivedAt: now - 2 * DAY, subject: 'recent starred' }),
      newMessage(4, { flags: [], receivedAt: now - 20 * DAY, subject: 'recent unread' }),
    );
  });

  it('is: reads the flags, has:attachment the structure', () => {
    expect(found('is:unread')).toEqual([4, 2]);
    expect(found('is:read')).toEqual([3, 1]);
    expect(found('is:starred')).toEqual([3, 2]);
    expect(found('is:flagged -is:read')).toEqual([2]);
    expect(found('has:attachment')).toEqual([2]);
    expect(found('recent is:unread')).toEqual([4]);
  });

  it('after: and before: take days (this machine’s time), older_than: and newer_than: spans', () => {
    expect(found('after:2024/01/01')).toEqual([3, 4, 2]);
    expect(found('before:2024-01-01')).toEqual([1]);
    expect(found('after:2023/06/01 before:2024/01/16')).toEqual([2, 1]);
    expect(found('newer_than:7d')).toEqual([3]);
    expect(found('newer_than:1m')).toEqual([3, 4]);
    expect(found('older_than:1y')).toEqual([2, 1]);
  });

  it('searches an operator it does not know, or a value it cannot read, as words', () => {
    expect(found('is:important')).toEqual([]);
    expect(found('after:yesterday')).toEqual([]);
    insert(newMessage(5, { subject: 'after yesterday' }));
    expect(found('after:yesterday')).toEqual([5]);
    expect(found('size:big read')).toEqual([]);
    expect(found('old:read')).toEqual([1]);
  });
});

describe('folders', () => {
  const inFolders = (query: string): string[] => store.reads.search(query, 50).messages.map((m) => store.reads.getMailbox(m.mailboxId)?.path ?? '?');
  beforeEach(() => {
    const folders: Array<[string, string | null]> = [['Sent', '\\Sent'], ['Trash', '\\Trash'], ['Junk', '\\Junk'], ['Projects/Q1', null]];
    insert(newMessage(1, { subject: 'kiwi' }));
    folders.forEach(([path, specialUse], i) => {
      const folder = store.writes.upsertMailbox('a1', { path, name: path.split('/').pop()!, delimiter: '/', specialUse: specialUse as never, sortKey: i + 1 });
      store.writes.insertMessages(folder, [newMessage(i + 2, { subject: 'kiwi' })]);
    });
  });

  it('leaves out Trash and Junk, as Gmail does, unless an in: names the folders', () => {
    expect(inFolders('kiwi')).toEqual(['Projects/Q1', 'Sent', 'INBOX']);
    expect(inFolders('kiwi in:trash')).toEqual(['Trash']);
    expect(inFolders('in:spam')).toEqual(['Junk']);
    expect(inFolders('kiwi in:anywhere')).toEqual(['Projects/Q1', 'Junk', 'Trash', 'Sent', 'INBOX']);
    expect(inFolders('in:trash OR in:inbox')).toEqual(['Trash', 'INBOX']);
  });

  it('finds a folder by its special use, its name or its path, in any case', () => {
    expect(inFolders('in:sent')).toEqual(['Sent']);
    expect(inFolders('in:Q1')).toEqual(['Projects/Q1']);
    expect(inFolders('in:"projects/q1" kiwi')).toEqual(['Projects/Q1']);
    expect(inFolders('kiwi -in:sent')).toEqual(['Projects/Q1', 'INBOX']);
    expect(inFolders('kiwi in:nosuchfolder')).toEqual([]);
  });
});

describe('scripts written without spaces', () => {
  it('finds words inside a subject or a name in Japanese', () => {
    insert(
      newMessage(1, { subject: '東京の天気予報', from: { name: '田中太郎', address: 'tanaka@example.jp' } }),
      newMessage(2, { subject: '大阪', from: { name: '山田花子', address: 'yamada@example.jp' }, to: [{ name: '田中太郎', address: 'tanaka@example.jp' }] }),
    );
    expect(found('subject:天気')).toEqual([1]);
    expect(found('subject:大阪')).toEqual([2]);
    expect(found('from:太郎')).toEqual([1]);
    expect(found('to:太郎')).toEqual([2]);
  });
});

describe('paging and hostile text', () => {
  it('pages a search by flags alone, and one with words and a check, without repeats', () => {
    insert(...Array.from({ length: 30 }, (_, i) => newMessage(i + 1, { flags: i % 3 === 0 ? ['\\Seen'] : [], subject: `item ${i + 1}` })));
    for (const query of ['is:unread', 'item is:unread']) {
      const seen: number[] = [];
      let cursor: string | undefined;
      do {
        const page = store.reads.search(query, 4, cursor);
        seen.push(...page.messages.map((m) => m.uid ?? -1));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen, query).toEqual(Array.from({ length: 30 }, (_, i) => 30 - i).filter((uid) => (uid - 1) % 3 !== 0));
    }
  });

  it('never fails on operator syntax', () => {
    insert(newMessage(1, { subject: 'anything' }));
    for (const hostile of ['from:', 'from:"', 'subject:"""', 'is:', '-', 'OR', 'OR OR', '"', '""', 'to:""', 'from:*', 'subject:(a', '-from:"x OR', 'has:', 'after:2024/02/30', 'newer_than:99999999d', 'cc:NEAR(']) {
      expect(() => store.reads.search(hostile, 10), hostile).not.toThrow();
    }
    expect(found('after:2024/02/30 anything')).toEqual([]);
  });

  it('writes each operator as FTS5 narrowing where the index can', () => {
    expect(ftsQuery('from:ann budget')).toBe('{names addresses} : "ann"* AND "budget"*');
    expect(ftsQuery('subject:"a b" c OR d')).toBe('subject : "a b" AND ("c"* OR "d"*)');
    expect(ftsQuery('is:unread')).toBeNull();
    expect(ftsQuery('kiwi -"sour plum"')).toBe('("kiwi"*) NOT "sour plum"');
  });
});

describe('groups, AND, and what a review found', () => {
  beforeEach(() => {
    const carol = { name: 'Carol', address: 'carol@west.example' };
    insert(
      newMessage(1, { from: ann, to: [carol], subject: 'kiwi tart' }),
      newMessage(2, { from: bob, to: [carol], subject: 'mango pie' }),
      newMessage(3, { from: carol, to: [bob], subject: 'plum cake' }),
      newMessage(4, { from: carol, to: [carol], subject: 'kiwi pie' }),
    );
  });

  it('reads ( ) as a group, -( ) as leaving the whole group out, and op:( ) as the operator on each', () => {
    expect(found('-(kiwi pie)')).toEqual([3, 2, 1]);
    expect(found('kiwi -(tart)')).toEqual([4]);
    expect(found('(kiwi tart) OR plum')).toEqual([3, 1]);
    expect(found('from:(ann OR bob)')).toEqual([2, 1]);
    expect(found('-from:(ann OR bob)')).toEqual([4, 3]);
    expect(found('subject:(kiwi pie)')).toEqual([4]);
    expect(found('(kiwi')).toEqual([4, 1]);
    expect(found('kiwi)')).toEqual([4, 1]);
  });

  it('takes AND as terms side by side', () => {
    expect(found('from:ann AND kiwi')).toEqual([1]);
    expect(found('kiwi AND pie')).toEqual([4]);
  });

  it('keeps an OR of more alternatives than it looks up, and conditions past the limit', () => {
    const letters = 'abcdefghijklmnopqrstuvwxy'.split('').map((c) => `${c}zz`);
    expect(found(['kiwi', 'mango', ...letters].join(' OR '))).toEqual([4, 2, 1]);
    expect(found(`${letters.join(' ')} kiwi`)).toEqual([]);
    expect(found(`${Array(20).fill('to:carol').join(' ')} kiwi`)).toEqual([4, 1]);
    expect(found(`${Array(20).fill('pie').join(' ')} -from:carol`)).toEqual([2]);
  });

  it('never fails on control characters, NUL included', () => {
    for (const text of ['"a\u0000b"', 'subject:"x\u0000y"', 'from:"a\u0000b"', '\u0000', 'kiwi\u0007']) {
      expect(() => store.reads.search(text, 10), JSON.stringify(text)).not.toThrow();
    }
    expect(found('kiwi\u0000tart')).toEqual([1]);
  });
});

describe('addresses, me, dates and folders as Gmail writes them', () => {
  it('from: a whole address is that address, not one ending or starting like it', () => {
    insert(
      newMessage(1, { from: { name: 'Ann', address: 'ann@north.example' } }),
      newMessage(2, { from: { name: 'Jim', address: 'jim.ann@north.example' } }),
      newMessage(3, { from: { name: 'Eve', address: 'ann@north.example.evil.test' } }),
    );
    expect(found('from:ann@north.example')).toEqual([1]);
    expect(found('from:ANN@North.Example')).toEqual([1]);
    expect(found('from:north.example')).toEqual([3, 2, 1]);
  });

  it('from:me and to:me are the accounts’ own addresses', () => {
    const me = { name: 'Alice', address: 'alice@example.test' };
    insert(newMessage(1, { from: me, to: [bob] }), newMessage(2, { from: bob, to: [me] }), newMessage(3, { from: bob, to: [ann], cc: [me] }));
    expect(found('from:me')).toEqual([1]);
    expect(found('to:me')).toEqual([3, 2]);
    expect(found('-from:me')).toEqual([3, 2]);
  });

  it('reads dates as 01/31/2024 and as seconds since 1970', () => {
    insert(newMessage(1, { receivedAt: Date.UTC(2023, 11, 1, 12) }), newMessage(2, { receivedAt: Date.UTC(2024, 1, 1, 12) }));
    expect(found('after:01/15/2024')).toEqual([2]);
    expect(found(`before:${Math.floor(Date.UTC(2024, 0, 1) / 1000)}`)).toEqual([1]);
  });

  it('matches a Greek name with a final sigma, as plain search does', () => {
    insert(newMessage(1, { from: { name: 'Κώστας Παππάς', address: 'kostas@example.gr' } }));
    expect(found('ΚΏΣ')).toEqual([1]);
    expect(found('from:ΚΏΣ')).toEqual([1]);
    expect(found('from:Κώστας')).toEqual([1]);
    expect(found('from:ΠΑΠΠΆΣ')).toEqual([1]);
  });

  it('finds a folder by a name in other letters, and by a path written with "/" on a server that uses "." under INBOX', () => {
    const receipts = store.writes.upsertMailbox('a1', { path: 'Überweisungen', name: 'Überweisungen', delimiter: '.', specialUse: null, sortKey: 1 });
    const nested = store.writes.upsertMailbox('a1', { path: 'INBOX.Projects.Q1', name: 'Q1', delimiter: '.', specialUse: null, sortKey: 2 });
    store.writes.insertMessages(receipts, [newMessage(1)]);
    store.writes.insertMessages(nested, [newMessage(2)]);
    expect(found('in:überweisungen')).toEqual([1]);
    expect(found('in:UBERWEISUNGEN')).toEqual([1]);
    expect(found('in:Projects/Q1')).toEqual([2]);
    expect(found('in:inbox/projects/q1')).toEqual([2]);
  });

  it('takes a folder written as Gmail writes labels in a search: "/" and spaces as "-", and label: for in:', () => {
    const alpha = store.writes.upsertMailbox('a1', { path: 'Projects/Alpha', name: 'Alpha', delimiter: '/', specialUse: null, sortKey: 1 });
    const renamed = store.writes.upsertMailbox('a1', { path: 'Bulletins Renamed', name: 'Bulletins Renamed', delimiter: '/', specialUse: null, sortKey: 2 });
    const dotted = store.writes.upsertMailbox('a1', { path: 'INBOX.Old Trips.2019', name: '2019', delimiter: '.', specialUse: null, sortKey: 3 });
    store.writes.insertMessages(alpha, [newMessage(1)]);
    store.writes.insertMessages(renamed, [newMessage(2)]);
    store.writes.insertMessages(dotted, [newMessage(3)]);
    expect(found('in:projects-alpha')).toEqual([1]);
    expect(found('label:Projects/Alpha')).toEqual([1]);
    expect(found('in:bulletins-renamed')).toEqual([2]);
    expect(found('label:"Bulletins Renamed"')).toEqual([2]);
    expect(found('label:old-trips-2019')).toEqual([3]);
    expect(found('-label:projects-alpha')).toEqual([3, 2]);
  });
});
