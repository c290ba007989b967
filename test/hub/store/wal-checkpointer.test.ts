// The WAL is checkpointed by a worker thread with its own SQLite connection:
// what the hub commits reaches the database file without the hub's connection
// doing it, and a worker that cannot start leaves SQLite's own checkpoints on.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, WAL_SIZE_LIMIT_BYTES, type Store, type StoreOptions } from '../../../electron/hub/store/open-store';
import { newMessage } from '../../support/store-fixtures';

const MESSAGES = 8000;
// 8,000 messages with their index rows: well above SQLite's default checkpoint (1,000 pages,
// 4 MB) and well below the backstop the hub's own connection keeps beside the worker (40 MB).
const snippet = (uid: number): string => `message ${uid} `.repeat(40);

let dir: string | null = null;
let store: Store | null = null;

afterEach(async () => {
  await store?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  [dir, store] = [null, null];
});

async function fill(options: StoreOptions): Promise<{ path: string; dbBytes: number; walBytes: number }> {
  dir = await mkdtemp(join(tmpdir(), 'mailmind-wal-'));
  const path = join(dir, 'store.db');
  store = openStore(path, options);
  store.writes.insertAccount({ id: 'a1', email: 'a@example.test', displayName: 'A', imap: { host: '127.0.0.1', port: 143, security: 'none', user: 'a' }, persistent: true, createdAt: 1 });
  const mailbox = store.writes.upsertMailbox('a1', { path: 'INBOX', name: 'Inbox', delimiter: '/', specialUse: '\\Inbox', sortKey: 0 });
  const s = store;
  for (let start = MESSAGES; start > 0; start -= 500) {
    const batch = Array.from({ length: 500 }, (_, i) => newMessage(start - i, { snippet: snippet(start - i) }));
    s.writes.transaction(() => s.writes.insertMessages(mailbox, batch));
  }
  await s.checkpointsSettled();
  return { path, dbBytes: (await stat(path)).size, walBytes: (await stat(`${path}-wal`)).size };
}

describe('WAL checkpoints on a worker thread', () => {
  it('bring what the hub commits into the database file, the WAL staying far below the backstop', async () => {
    let failure: string | null = null;
    const { dbBytes, walBytes } = await fill({ backgroundCheckpoints: { onFailure: (reason) => (failure = reason) } });
    expect(failure).toBeNull();
    // Without a checkpoint the database file would still be the few pages of the empty schema.
    expect(dbBytes).toBeGreaterThan(4 * 1024 * 1024);
    expect(walBytes).toBeLessThan(40 * 1024 * 1024);
  });

  it('leave a WAL file cut back to its limit at the next commit, not at the size it once reached', async () => {
    const { path, walBytes } = await fill({});
    expect(walBytes).toBeGreaterThan(WAL_SIZE_LIMIT_BYTES);
    const s = store!;
    const mailbox = s.reads.listMailboxes('a1')[0]!;
    s.writes.transaction(() => s.writes.insertMessages(mailbox, [newMessage(MESSAGES + 1)]));
    expect((await stat(`${path}-wal`)).size).toBeLessThanOrEqual(WAL_SIZE_LIMIT_BYTES);
    expect(s.reads.uidsOf(mailbox.id)).toHaveLength(MESSAGES + 1);
  });

  it('are over when closing the store is: the WAL is folded in and removed, and the folder can go', async () => {
    const { path } = await fill({});
    await store!.close();
    store = null;
    // SQLite removes the WAL when the last connection closes; the worker's closed last.
    await expect(stat(`${path}-wal`)).rejects.toThrow(/ENOENT/);
    await expect(stat(`${path}-shm`)).rejects.toThrow(/ENOENT/);
    await rm(dir!, { recursive: true });
    dir = null;
  });

  it('keep every message when the store is closed and opened again', async () => {
    const { path } = await fill({});
    await store?.close();
    store = null;
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT COUNT(*) AS n FROM messages').get()).toEqual({ n: MESSAGES });
      expect(db.prepare("SELECT COUNT(*) AS n FROM messages_fts WHERE messages_fts MATCH 'message'").get()).toEqual({ n: MESSAGES });
    } finally {
      db.close();
    }
  });

  it('fall back to SQLite’s own checkpoints when the worker cannot start, and the store goes on', async () => {
    let failure: string | null = null;
    const { dbBytes } = await fill({ backgroundCheckpoints: { driver: '/nonexistent/better-sqlite3.js', onFailure: (reason) => (failure = reason) } });
    expect(failure).toMatch(/Cannot find module/);
    expect(store?.reads.uidsOf(store.reads.listMailboxes('a1')[0]!.id)).toHaveLength(MESSAGES);
    // The hub's connection checkpoints again (every 1,000 pages), so the file holds the data.
    expect(dbBytes).toBeGreaterThan(4 * 1024 * 1024);
  });
});
