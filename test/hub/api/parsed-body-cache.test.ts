// The parsed bodies of the messages opened last (a 10 MB message was parsed again, about 70 ms
// on the hub's thread, at every open). What is held must never outlive the bytes it was parsed
// from: a body written again, and a message stored again where a removed one was, open with
// their own content.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody, MessageDetailResponse } from '../../../shared/api';
import { createParsedBodyCache, estimateBytes } from '../../../electron/hub/api/parsed-body-cache';
import { parseMessageBody } from '../../../electron/hub/mime/message-body';
import type { ParsedBody } from '../../../electron/hub/mime/parsed-message';
import type { MailboxRecord, MessageRecord } from '../../../electron/hub/store/store-types';
import { callApi } from '../../support/hub-api';
import { newMessage, storeLocalAccount } from '../../support/store-fixtures';
import { startTestHub, type TestHub } from '../../support/test-hub';

/** A plain-text message whose body is `text`, with an attachment named `filename` when given. */
function source(text: string, filename?: string): Buffer {
  const head = ['From: Bob <bob@example.test>', 'Subject: Plans', 'MIME-Version: 1.0'];
  if (!filename) return Buffer.from([...head, 'Content-Type: text/plain; charset=utf-8', '', text, ''].join('\r\n'));
  return Buffer.from(
    [
      ...head,
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      text,
      '--b1',
      'Content-Type: application/octet-stream',
      `Content-Disposition: attachment; filename="${filename}"`,
      '',
      'data',
      '--b1--',
      '',
    ].join('\r\n'),
  );
}

/** parseMessageBody, counting its calls. */
function countingParse(): { parse: (raw: Buffer) => Promise<ParsedBody>; calls: () => number } {
  let calls = 0;
  return {
    parse: (raw) => {
      calls += 1;
      return parseMessageBody(raw);
    },
    calls: () => calls,
  };
}

describe('the cache', () => {
  it('parses the same bytes once, for requests at the same time too', async () => {
    const { parse, calls } = countingParse();
    const cache = createParsedBodyCache({ parse });
    const raw = source('First draft');
    const [a, b] = await Promise.all([cache.get('m1', raw), cache.get('m1', Buffer.from(raw))]);
    const c = await cache.get('m1', Buffer.from(raw));
    expect(calls()).toBe(1);
    expect(a.text).toContain('First draft');
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('parses again when the bytes differ, and then holds only the new parse', async () => {
    const { parse, calls } = countingParse();
    const cache = createParsedBodyCache({ parse });
    expect((await cache.get('m1', source('First draft'))).text).toContain('First draft');
    const second = await cache.get('m1', source('Second draft', 'plans.pdf'));
    expect(second.text).toContain('Second draft');
    expect(second.attachments.map((a) => a.filename)).toEqual(['plans.pdf']);
    expect(await cache.get('m1', source('Second draft', 'plans.pdf'))).toEqual(second);
    expect(calls()).toBe(2);
    expect((await cache.get('m1', source('First draft'))).text).toContain('First draft');
    expect(calls()).toBe(3);
  });

  it('holds parses up to its size, the least recently used going first, and none larger than that', async () => {
    const { parse, calls } = countingParse();
    const one = await parseMessageBody(source('x'.repeat(1000)));
    const cache = createParsedBodyCache({ parse, maxBytes: 2 * estimateBytes(one) });
    await cache.get('a', source('x'.repeat(1000)));
    await cache.get('b', source('y'.repeat(1000)));
    await cache.get('a', source('x'.repeat(1000)));
    // Room for two: 'b', used least recently, makes way for 'c'.
    await cache.get('c', source('z'.repeat(1000)));
    expect(calls()).toBe(3);
    expect(cache.heldBytes()).toBeLessThanOrEqual(2 * estimateBytes(one));
    await cache.get('a', source('x'.repeat(1000)));
    expect(calls()).toBe(3);
    await cache.get('b', source('y'.repeat(1000)));
    expect(calls()).toBe(4);

    // Larger than the whole cache: answered, not held, and nothing else put out for it.
    const held = cache.heldBytes();
    expect((await cache.get('huge', source('w'.repeat(5000)))).text).toContain('wwww');
    expect(cache.heldBytes()).toBe(held);
    await cache.get('huge', source('w'.repeat(5000)));
    expect(calls()).toBe(6);
  });
});

describe('opening a message through the hub', () => {
  let t: TestHub;
  let mailbox: MailboxRecord;
  const store = () => t.hub.store;
  const open = (id: string) => callApi<MessageDetailResponse & ApiErrorBody>(t, `/api/messages/${id}`);
  const stored = (uid: number): MessageRecord => store().writes.transaction(() => store().writes.insertMessages(mailbox, [newMessage(uid)]))[0]!;

  beforeAll(async () => {
    t = await startTestHub();
    ({ inbox: mailbox } = storeLocalAccount(store()));
  });

  afterAll(() => t?.stop());

  it('shows the same content at every open, and the new content once the stored body is written again', async () => {
    const record = stored(1);
    expect(store().writes.saveBody(record, source('First draft'), 'First draft')).toBe(true);
    for (let i = 0; i < 3; i++) {
      const opened = await open(record.id);
      expect(opened.status).toBe(200);
      expect(opened.body.text).toContain('First draft');
      expect(opened.body.attachments).toEqual([]);
    }
    // As a body kept across a UIDVALIDITY rebuild is put back on the message stored again.
    expect(store().writes.saveBody(record, source('Second draft', 'plans.pdf'), 'Second draft')).toBe(true);
    const reopened = await open(record.id);
    expect(reopened.body.text).toContain('Second draft');
    expect(reopened.body.attachments.map((a) => a.filename)).toEqual(['plans.pdf']);
  });

  it('opens a message stored where a removed one was (the same rowid) with its own body; the removed one is not found', async () => {
    const removed = stored(2);
    store().writes.saveBody(removed, source('Removed message'), 'Removed message');
    expect((await open(removed.id)).body.text).toContain('Removed message');
    store().writes.transaction(() => store().writes.deleteByUids(mailbox.id, [2]));

    const next = stored(3);
    expect(next.rowid).toBe(removed.rowid);
    store().writes.saveBody(next, source('Next message'), 'Next message');
    expect((await open(removed.id)).status).toBe(404);
    const opened = await open(next.id);
    expect(opened.status).toBe(200);
    expect(opened.body.text).toContain('Next message');
  });
});
