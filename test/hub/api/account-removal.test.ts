// Removing an account (DELETE /api/accounts/:id): every client is told (account.removed, so that
// other windows drop it at once), and none of its mail stays readable in the data folder, as
// `strings mailmind.db | grep` found it: the cached body, the snippet, and the terms of the
// full-text index, in the database file and in its WAL. The other account keeps its mail. A real
// hub on a private Dovecot with two users, each an account of the hub.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MessageDetailResponse, MessagePageResponse } from '../../../shared/api';
import type { Account } from '../../../shared/model';
import type { HubEvent, HubEventOf } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { filesContaining } from '../../support/files-containing';
import { accountRequest, callApi, waitForSyncState } from '../../support/hub-api';
import { startSyncedAccount, type SyncedAccount } from '../../support/synced-account';
import { eventsUrl, openEventSocket, type EventSocket } from '../../support/ws-client';

// One word each, so that the index holds it as one term. FTS5 stores a term after the one before
// it on its page as the characters it does not share with it: only a term's tail is sure to be in
// the file as such, so the files are searched for the tails.
const SECRET_WORD = 'xq7quokkazephyrine';
const SECRET_TAIL = SECRET_WORD.slice(4);
const KEPT_WORD = 'yw4marmotbelvedere';
const KEPT_TAIL = KEPT_WORD.slice(4);

let s: SyncedAccount;
let bob: Account;
/** A second client: another window of the app. */
let other: EventSocket;

function message(messageId: string, word: string): string {
  const body = `The vault combination is ${word}, keep it to yourself.\r\n`.repeat(40);
  return `From: Carol <carol@example.test>\r\nSubject: Only for you\r\nMessage-ID: ${messageId}\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n${body}`;
}

/** Appends a message to `user`'s inbox, waits for the hub to store it (email.new) and opens it, which caches its body. */
async function arriveAndOpen(user: string, accountId: string, messageId: string, word: string): Promise<string> {
  await s.dovecot.appendRaw(user, 'INBOX', message(messageId, word));
  const arrived = await s.socket.waitFor(
    (event: HubEvent): event is HubEventOf<'email.new'> => event.type === 'email.new' && event.payload.message.messageId === messageId && event.payload.message.accountId === accountId,
    20_000,
  );
  const opened = await callApi<MessageDetailResponse>(s.t, `/api/messages/${arrived.payload.message.id}`);
  expect(opened.status).toBe(200);
  expect(opened.body.text).toContain(word);
  return arrived.payload.message.id;
}

const searchFor = (word: string) => callApi<MessagePageResponse>(s.t, `/api/search?q=${word}`);

beforeAll(async () => {
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(30) }, hub: { sync: { pollMs: 600_000 } } });
  const added = await callApi<{ account: Account }>(s.t, '/api/accounts', { method: 'POST', body: accountRequest(s.dovecot, s.dovecot.users[1]!.user) });
  expect(added.status).toBe(201);
  bob = added.body.account;
  await waitForSyncState(s.socket, bob.id, 'idle');
  other = await openEventSocket(eventsUrl(s.t.hub.port, s.t.token));
}, 60_000);

afterAll(async () => {
  other?.ws.close(1000);
  await s?.stop();
});

let secretId: string;

it('tells every client that the account is gone (account.removed), and the hub lists it no more', async () => {
  secretId = await arriveAndOpen(s.dovecot.users[0]!.user, s.account.id, '<secret-1@example.test>', SECRET_WORD);
  await arriveAndOpen(s.dovecot.users[1]!.user, bob.id, '<kept-1@example.test>', KEPT_WORD);
  // The test can see the text where it is: before the removal, the files hold it.
  expect(await filesContaining(s.t.dataDir, SECRET_TAIL)).not.toEqual([]);

  const removed = await callApi(s.t, `/api/accounts/${s.account.id}`, { method: 'DELETE' });
  expect(removed.status).toBe(204);
  for (const socket of [s.socket, other]) {
    const told = await socket.waitFor((event: HubEvent): event is HubEventOf<'account.removed'> => event.type === 'account.removed', 5000);
    expect(told.payload).toEqual({ accountId: s.account.id });
  }
  expect(other.rejected).toEqual([]);
  const listed = await callApi<{ accounts: Account[] }>(s.t, '/api/accounts');
  expect(listed.body.accounts.map((account) => account.id)).toEqual([bob.id]);
  expect((await callApi(s.t, `/api/messages/${secretId}`)).status).toBe(404);
});

it('leaves none of its mail readable in the database or its WAL; the other account keeps its own', async () => {
  expect(await filesContaining(s.t.dataDir, SECRET_TAIL)).toEqual([]);
  expect(await filesContaining(s.t.dataDir, 'The vault combination is xq7')).toEqual([]);
  expect((await searchFor(SECRET_WORD)).body.messages).toEqual([]);

  // Bob's message: still found by a word of its body, its body still cached and in the files.
  const kept = await searchFor(KEPT_WORD);
  expect(kept.body.messages.map((m) => m.messageId)).toEqual(['<kept-1@example.test>']);
  expect(await filesContaining(s.t.dataDir, KEPT_TAIL)).not.toEqual([]);

  // The rows behind it, read as another program would: cached bodies and index rows of Bob's only.
  const db = new Database(join(s.t.dataDir, 'mailmind.db'), { readonly: true, fileMustExist: true });
  try {
    const bodies = db.prepare('SELECT m.account_id AS accountId, count(*) AS n FROM bodies b JOIN messages m ON m.rowid = b.message_rowid GROUP BY m.account_id').all();
    expect(bodies).toEqual([{ accountId: bob.id, n: expect.any(Number) as number }]);
    expect(db.prepare('SELECT count(*) FROM bodies').pluck().get()).toBe((bodies[0] as { n: number }).n);
    expect(db.prepare("SELECT count(*) FROM messages WHERE account_id <> ?").pluck().get(bob.id)).toBe(0);
    expect(db.prepare('SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?').pluck().get(SECRET_WORD)).toBe(0);
    expect(db.prepare('SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?').pluck().get(KEPT_WORD)).toBe(1);
  } finally {
    db.close();
  }
});
