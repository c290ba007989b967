// The read API over HTTP, as a client pages it: search through messages whose search keys are
// below zero (received in 1970's first second or before, copied into several folders), and an
// account filter sent empty.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiErrorBody, MessagePageResponse } from '../../../shared/api';
import { callApi } from '../../support/hub-api';
import { newMessage, storeLocalAccount } from '../../support/store-fixtures';
import { startTestHub, type TestHub } from '../../support/test-hub';

let t: TestHub;
const FOLDERS = ['Imported', 'Imported copy', 'Imported again'];
const PER_FOLDER = 4;

beforeAll(async () => {
  t = await startTestHub();
  const { writes } = t.hub.store;
  const { accountId } = storeLocalAccount(t.hub.store);
  // The same UIDs at the same second in each folder: the copies' keys walk down from 1, below 0.
  for (const [i, path] of FOLDERS.entries()) {
    const mailbox = writes.upsertMailbox(accountId, { path, name: path, delimiter: '/', specialUse: null, sortKey: i });
    const relics = Array.from({ length: PER_FOLDER }, (_, uid) => newMessage(uid + 1, { subject: `Relic ${uid + 1}`, receivedAt: uid % 2 === 0 ? 0 : Date.UTC(1969, 6, 20) }));
    writes.transaction(() => writes.insertMessages(mailbox, relics));
  }
});

afterAll(() => t?.stop());

it('pages a search to its end through messages of 1970 and before, every match once', async () => {
  const seen: string[] = [];
  let before: string | null = null;
  for (let page = 0; page < 20; page += 1) {
    const query: string = `/api/search?q=relic&limit=2${before ? `&before=${encodeURIComponent(before)}` : ''}`;
    const res = await callApi<MessagePageResponse & ApiErrorBody>(t, query);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    seen.push(...res.body.messages.map((m) => m.id));
    before = res.body.nextCursor;
    if (!before) break;
  }
  expect(before).toBeNull();
  expect(seen).toHaveLength(FOLDERS.length * PER_FOLDER);
  expect(new Set(seen).size).toBe(seen.length);
});

it('answers 400 naming accountId for an empty account filter, 404 for an unknown one', async () => {
  const empty = await callApi<ApiErrorBody>(t, '/api/mailboxes?accountId=');
  expect(empty.status).toBe(400);
  expect(empty.body.error.code).toBe('bad_request');
  expect(empty.body.error.message).toMatch(/accountId/);
  const unknown = await callApi<ApiErrorBody>(t, '/api/mailboxes?accountId=nope');
  expect(unknown.status).toBe(404);
});
