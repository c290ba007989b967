// A store an older hub wrote, with Greek indexed with its accents (before greek-accents.ts):
// migration 11 queued those rows, and the hub indexes them again in the background after start,
// cached bodies included (their text is in the contentless index only, so the raw body is parsed
// again). Then a search typed without accents finds them, as it finds new mail.
import Database from 'better-sqlite3';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openStore } from '../../../electron/hub/store/open-store';
import { newMessage } from '../../support/store-fixtures';
import { startTestHub, type TestHub } from '../../support/test-hub';

let t: TestHub | null = null;
afterEach(() => t?.stop());

const BODY = 'Το εισιτήριο είναι έτοιμο';

/** A data folder as an older hub left it: two Greek messages indexed with their accents, one with its body cached. */
async function olderHubData(): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mailmind-older-'));
  const path = join(dataDir, 'mailmind.db');
  const store = openStore(path);
  store.writes.insertAccount({ id: 'a1', email: 'alice@example.test', displayName: 'Alice', imap: { host: '127.0.0.1', port: 1, security: 'none', user: 'alice' }, persistent: true, createdAt: 1 });
  const inbox = store.writes.upsertMailbox('a1', { path: 'INBOX', name: 'Inbox', delimiter: '/', specialUse: '\\Inbox', sortKey: 0 });
  const [greeting, ticket] = store.writes.transaction(() =>
    store.writes.insertMessages(inbox, [newMessage(1, { subject: 'Καλημέρα από την Αθήνα', snippet: '' }), newMessage(2, { subject: 'Travel', snippet: '' })]),
  );
  store.writes.saveBody(ticket!, Buffer.from(`Subject: Travel\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${BODY}\r\n`), BODY);
  await store.close();
  // What the older hub's index held, and what migration 11 queued.
  const older = new Database(path);
  const index = older.prepare('INSERT INTO messages_fts (rowid, subject, names, addresses, snippet, body) VALUES (?, ?, ?, ?, ?, ?)');
  older.prepare('DELETE FROM messages_fts').run();
  index.run(greeting!.searchKey, greeting!.subject, '', '', '', '');
  index.run(ticket!.searchKey, ticket!.subject, '', '', '', BODY);
  older.prepare('INSERT INTO reindex_queue (message_rowid) VALUES (?), (?)').run(greeting!.rowid, ticket!.rowid);
  older.close();
  return dataDir;
}

const found = (query: string): string[] => t!.hub.store.reads.search(query, 50).messages.map((m) => m.subject);

it('indexes them again after start: found without accents, by their subject and by their cached body', async () => {
  t = await startTestHub({ dataDir: await olderHubData() });
  expect(await t.hub.searchIndexUpToDate).toBe(2);
  expect(found('καλημερα')).toEqual(['Καλημέρα από την Αθήνα']);
  expect(found('εισιτηριο')).toEqual(['Travel']);
  // Typed with accents, and the words in Latin, as before.
  expect(found('καλημέρα')).toEqual(['Καλημέρα από την Αθήνα']);
  expect(found('travel')).toEqual(['Travel']);
  // Nothing left queued: the next start has nothing to do.
  await t.hub.stop();
  t = await startTestHub({ dataDir: t.dataDir });
  expect(await t.hub.searchIndexUpToDate).toBe(0);
  expect(found('καλημερα')).toEqual(['Καλημέρα από την Αθήνα']);
});
