// The read API's answers to bad parameters (400, naming the parameter) and unknown ids (404),
// and search paging over HTTP: what a client (or a tool) sees, in the error shape.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody, MessagePageResponse } from '../../../shared/api';
import type { MailboxRecord } from '../../../electron/hub/store/store-types';
import { callApi } from '../../support/hub-api';
import { newMessage, storeLocalAccount } from '../../support/store-fixtures';
import { startTestHub, type TestHub } from '../../support/test-hub';

let t: TestHub;
let inbox: MailboxRecord;
const COUNT = 12;

beforeAll(async () => {
  t = await startTestHub();
  const { writes } = t.hub.store;
  ({ inbox } = storeLocalAccount(t.hub.store));
  writes.setSyncState(inbox.id, { uidValidity: 1 });
  const messages = Array.from({ length: COUNT }, (_, i) => newMessage(i + 1, { subject: `Quarterly budget ${i + 1}`, receivedAt: Date.UTC(2026, 0, 1) + i * 60_000 }));
  writes.transaction(() => writes.insertMessages(t.hub.store.reads.getMailbox(inbox.id)!, messages));
});

afterAll(() => t?.stop());

const get = <T = ApiErrorBody>(path: string) => callApi<T>(t, path);

describe('bad parameters: 400 bad_request naming the parameter', () => {
  it.each([
    ['limit=0', /limit/],
    ['limit=abc', /limit/],
    ['limit=501', /limit/],
    ['limit=-1', /limit/],
    ['before=not-a-cursor', /before/],
  ])('a mailbox list with %s', async (query, named) => {
    const res = await get(`/api/mailboxes/${inbox.id}/messages?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    expect(res.body.error.message).toMatch(named);
  });

  it.each([
    ['', /q is required/],
    ['q=', /q is required/],
    ['q=%20%20', /q is required/],
    [`q=${'x'.repeat(501)}`, /q is too long/],
    ['q=budget&limit=0', /limit/],
    ['q=budget&before=zzz', /before/],
  ])('a search with "%s"', async (query, named) => {
    const res = await get(`/api/search?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(named);
  });

  it('an attachment index that is not a number', async () => {
    const first = (await get<MessagePageResponse>(`/api/mailboxes/${inbox.id}/messages?limit=1`)).body.messages[0]!;
    const res = await get(`/api/messages/${first.id}/attachments/first`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/index/);
  });
});

describe('unknown ids: 404 not_found', () => {
  it.each([
    ['a mailbox', '/api/mailboxes/nope/messages'],
    ['a message', '/api/messages/nope'],
    ['an attachment of an unknown message', '/api/messages/nope/attachments/0'],
    ['the mailboxes of an unknown account', '/api/mailboxes?accountId=nope'],
  ])('%s', async (_what, path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

it('pages a search over HTTP newest first, every match once, with the cursor it hands out', async () => {
  const seen: string[] = [];
  let before: string | null = null;
  for (let page = 0; page < 10; page += 1) {
    const query: string = `/api/search?q=budget&limit=5${before ? `&before=${encodeURIComponent(before)}` : ''}`;
    const res = await get<MessagePageResponse>(query);
    expect(res.status).toBe(200);
    seen.push(...res.body.messages.map((m) => m.subject));
    before = res.body.nextCursor;
    if (!before) break;
  }
  expect(seen).toEqual(Array.from({ length: COUNT }, (_, i) => `Quarterly budget ${COUNT - i}`));
});

describe('requests HTTP itself refuses: the same JSON error shape', () => {
  /** Sends raw bytes and resolves with the whole answer (the hub closes the connection). */
  const raw = (request: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const socket = connect(t.hub.port, '127.0.0.1', () => socket.end(request));
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });
  const bodyOf = (answer: string): ApiErrorBody => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as ApiErrorBody;

  it('answers an unknown method with 400 and a JSON error', async () => {
    const answer = await raw('FOO /api/mailboxes HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(answer).error.code).toBe('bad_request');
  });

  it('answers a URL over the header limit with 431 and a JSON error', async () => {
    const answer = await raw(`GET /api/search?q=${'a'.repeat(100_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(answer).error.code).toBe('headers_too_large');
  });
});
