// Stored-message fixtures for store tests: a message as the sync engine hands
// it to the store, a store on a temp file with one account, and an account of
// this session only with its inbox (what API tests without a server need).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store, type StoreOptions } from '../../electron/hub/store/open-store';
import type { MailboxRecord, NewMessage } from '../../electron/hub/store/store-types';
import { newId } from '../../electron/hub/store/store-writes';

/** Message `uid`: received `uid` minutes after 2024-01-01, from "Sender uid". */
export const newMessage = (uid: number, overrides: Partial<NewMessage> = {}): NewMessage => ({
  uid,
  messageId: `<m${uid}@test>`,
  inReplyTo: null,
  references: [],
  subject: `Subject ${uid}`,
  from: { name: `Sender ${uid}`, address: `sender${uid}@example.test` },
  to: [{ name: 'Alice', address: 'alice@example.test' }],
  cc: [],
  date: new Date(Date.UTC(2024, 0, 1, 0, uid)).toISOString(),
  receivedAt: Date.UTC(2024, 0, 1, 0, uid),
  flags: [],
  size: 100,
  hasAttachments: false,
  snippet: `snippet ${uid}`,
  modseq: BigInt(uid),
  ...overrides,
});

export interface TestStore {
  store: Store;
  /** The database file (for a second connection: what an older hub wrote). */
  path: string;
  close(): Promise<void>;
}

/** A store in a new temp folder holding account `a1`. */
export async function openTestStore(options: StoreOptions = {}): Promise<TestStore> {
  const dir = await mkdtemp(join(tmpdir(), 'mailmind-store-'));
  const path = join(dir, 'store.db');
  const store = openStore(path, options);
  store.writes.insertAccount({
    id: 'a1',
    email: 'alice@example.test',
    displayName: 'Alice',
    imap: { host: '127.0.0.1', port: 143, security: 'none', user: 'alice' },
    persistent: true,
    createdAt: 1,
  });
  return {
    store,
    path,
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An account of this session only (no keyring, no server to sync with) and its INBOX, stored in `store`. */
export function storeLocalAccount(store: Store): { accountId: string; inbox: MailboxRecord } {
  const accountId = newId();
  store.writes.insertAccount({ id: accountId, email: 'a@example.test', displayName: 'A', imap: { host: '127.0.0.1', port: 143, security: 'none', user: 'a' }, persistent: false, createdAt: Date.now() });
  const inbox = store.writes.upsertMailbox(accountId, { path: 'INBOX', name: 'Inbox', delimiter: '/', specialUse: '\\Inbox', sortKey: 0 });
  return { accountId, inbox };
}
