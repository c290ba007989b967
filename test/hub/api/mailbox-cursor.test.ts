// A mailbox list's `before` cursor belongs to that mailbox's list: passed to another mailbox (or
// to search, or the other way round) it is a 400 naming `before`, never read as a position in
// the wrong list. The cursor is opaque (DESIGN.md, "Lists"), so the hub may bind it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody, MessagePageResponse } from '../../../shared/api';
import type { MailboxRecord } from '../../../electron/hub/store/store-types';
import { callApi } from '../../support/hub-api';
import { newMessage, storeLocalAccount } from '../../support/store-fixtures';
import { startTestHub, type TestHub } from '../../support/test-hub';

let t: TestHub;
let inbox: MailboxRecord;
let archive: MailboxRecord;
const COUNT = 5;

beforeAll(async () => {
  t = await startTestHub();
  const { writes } = t.hub.store;
  let accountId: string;
  ({ accountId, inbox } = storeLocalAccount(t.hub.store));
  archive = writes.upsertMailbox(accountId, { path: 'Archive', name: 'Archive', delimiter: '/', specialUse: '\\Archive', sortKey: 1 });
  // The same UIDs and dates in both: a position taken in one is a valid-looking position in the other.
  for (const mailbox of [inbox, archive]) {
    const messages = Array.from({ length: COUNT }, (_, i) => newMessage(i + 1, { subject: `${mailbox.name} budget ${i + 1}` }));
    writes.transaction(() => writes.insertMessages(t.hub.store.reads.getMailbox(mailbox.id)!, messages));
  }
});

afterAll(() => t?.stop());

const list = (mailbox: MailboxRecord, before?: string) =>
  callApi<MessagePageResponse & ApiErrorBody>(t, `/api/mailboxes/${mailbox.id}/messages?limit=2${before === undefined ? '' : `&before=${encodeURIComponent(before)}`}`);

describe('a mailbox list’s cursor', () => {
  it('pages its own mailbox to the end, every message once', async () => {
    const seen: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < COUNT; page += 1) {
      const res = await list(archive, before);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      seen.push(...res.body.messages.map((m) => m.subject));
      if (!res.body.nextCursor) break;
      before = res.body.nextCursor;
    }
    expect(seen).toEqual([5, 4, 3, 2, 1].map((n) => `Archive budget ${n}`));
  });

  it('is refused by another mailbox’s list: 400 bad_request naming before and the other mailbox', async () => {
    const first = await list(inbox);
    const cursor = first.body.nextCursor!;
    const elsewhere = await list(archive, cursor);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.code).toBe('bad_request');
    expect(elsewhere.body.error.message).toMatch(/before/);
    expect(elsewhere.body.error.message).toMatch(/another mailbox/);
    // Still good where it came from.
    const next = await list(inbox, cursor);
    expect(next.status).toBe(200);
    expect(next.body.messages.map((m) => m.subject)).toEqual(['Inbox budget 3', 'Inbox budget 2']);
  });

  it('is refused by search, and a search cursor by a list', async () => {
    const listCursor = (await list(inbox)).body.nextCursor!;
    const search = await callApi<ApiErrorBody>(t, `/api/search?q=budget&limit=2&before=${encodeURIComponent(listCursor)}`);
    expect(search.status).toBe(400);
    expect(search.body.error.message).toMatch(/before/);

    const searchCursor = (await callApi<MessagePageResponse>(t, '/api/search?q=budget&limit=2')).body.nextCursor!;
    expect(searchCursor).toEqual(expect.any(String));
    const res = await list(inbox, searchCursor);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    expect(res.body.error.message).toMatch(/before/);
  });
});
