// The first sync's writer: batches written by the worker thread are visible to
// the main thread's store at once; a worker that cannot start is reported once
// and the writes happen in process instead, nothing lost.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorkerInserter } from '../../../electron/hub/store/batch-inserter';
import { createLogger } from '../../../electron/hub/logger';
import { openStore, type Store } from '../../../electron/hub/store/open-store';
import type { MailboxRecord, NewMessage } from '../../../electron/hub/store/store-types';
import { INSERT_WORKER } from '../../support/test-hub';

let dir: string;
let store: Store;
let inbox: MailboxRecord;
const errors: string[] = [];
const logger = createLogger((level, message) => {
  if (level === 'error') errors.push(message);
});

const message = (uid: number): NewMessage => ({
  uid,
  messageId: `<w${uid}@test>`,
  inReplyTo: null,
  references: [],
  subject: `worker ${uid} pineapple`,
  from: { name: 'W', address: 'w@example.test' },
  to: [],
  cc: [],
  date: null,
  receivedAt: Date.UTC(2024, 0, 1) + uid * 1000,
  flags: uid % 2 === 0 ? ['\\Seen'] : [],
  size: 10,
  hasAttachments: false,
  snippet: '',
  modseq: null,
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailmind-inserter-'));
  store = openStore(join(dir, 'store.db'));
  store.writes.insertAccount({ id: 'a', email: 'a@x', displayName: 'A', imap: { host: 'h', port: 1, security: 'none', user: 'u' }, persistent: true, createdAt: 0 });
  inbox = store.writes.upsertMailbox('a', { path: 'INBOX', name: 'Inbox', delimiter: '/', specialUse: '\\Inbox', sortKey: 0 });
  errors.length = 0;
});

afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('worker inserter', () => {
  it('writes batches on the worker thread, visible to the main store, in call order', async () => {
    const inserter = createWorkerInserter(INSERT_WORKER, join(dir, 'store.db'), store, logger);
    const batches = await Promise.all([1, 2, 3].map((n) => inserter.insert(inbox, [0, 1, 2].map((i) => message(n * 10 + i)))));
    expect(batches.map((records) => records.map((r) => r.uid))).toEqual([[10, 11, 12], [20, 21, 22], [30, 31, 32]]);
    expect(await inserter.insert(inbox, [message(10)])).toEqual([]);
    expect(store.reads.uidsOf(inbox.id)).toHaveLength(9);
    expect(store.reads.getMailbox(inbox.id)).toMatchObject({ total: 9, unread: 3 });
    expect(store.reads.search('pineapple', 50).messages).toHaveLength(9);
    await inserter.close();
    expect(errors).toEqual([]);
  });

  it('falls back to writing in process when the worker cannot start', async () => {
    const broken = { url: new URL('file:///nonexistent/insert-worker.js') };
    const inserter = createWorkerInserter(broken, join(dir, 'store.db'), store, logger);
    // The first batch may be lost to the dying worker (it is rejected, never silently dropped); later ones land.
    await inserter.insert(inbox, [message(1)]).catch(() => []);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const records = await inserter.insert(inbox, [message(2), message(3)]);
    expect(records.map((r) => r.uid)).toEqual([2, 3]);
    expect(errors).toEqual(['store insert worker failed; writing on the main thread']);
    await inserter.close();
  });
});
