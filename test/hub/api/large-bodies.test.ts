// Very large messages. Opening a 100-200 MB message downloaded and parsed all of it (the hub
// not answering for seconds, again at each open) and put all of its text into the search index.
// Now a message over 64 MiB is not downloaded when opened (413 message_too_large, a message the
// reader shows), and only the first megabyte of a body's text is indexed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiErrorBody, MessageDetailResponse, MessagePageResponse } from '../../../shared/api';
import type { MessageSummary } from '../../../shared/model';
import { MAX_ON_DEMAND_BYTES } from '../../../electron/hub/api/message-routes';
import { MAX_INDEXED_TEXT } from '../../../electron/hub/mime/message-body';
import { callApi } from '../../support/hub-api';
import { mailboxesOf, messagesOf } from '../../support/hub-actions';
import { onePartMessage } from '../../support/mail/one-part-message';
import { startSyncedAccount, type SyncedAccount } from '../../support/synced-account';

const LINE = 'All work and no play makes a very long message that nobody reads to its end.\r\n';
/** Plain text of at least `bytes`, `first` at its start and `last` at its end. */
const longText = (bytes: number, first: string, last: string): string => `${first}\r\n${LINE.repeat(Math.ceil(bytes / LINE.length))}${last}\r\n`;

let s: SyncedAccount;
let messages: MessageSummary[];
const withSubject = (subject: string): MessageSummary => messages.find((m) => m.subject === subject)!;
const found = async (word: string): Promise<string[]> =>
  (await callApi<MessagePageResponse>(s.t, `/api/search?q=${encodeURIComponent(word)}`)).body.messages.map((m) => m.id);

beforeAll(async () => {
  const corpus = [
    onePartMessage({ subject: 'Huge log', contentType: 'text/plain', body: longText(MAX_ON_DEMAND_BYTES + 1024 * 1024, 'hugestart', 'hugeend') }),
    onePartMessage({ subject: 'Long report', contentType: 'text/plain', body: longText(2 * MAX_INDEXED_TEXT, 'reportstart', 'reportend') }),
  ];
  s = await startSyncedAccount({ dovecot: { corpus }, hub: { sync: { pollMs: 600_000 } } });
  const inbox = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Inbox')!;
  messages = await messagesOf(s.t, inbox.id);
}, 60_000);

afterAll(async () => {
  await s?.stop();
});

it('answers 413 message_too_large for a message over the limit, for the message and its attachments, without downloading it', async () => {
  const huge = withSubject('Huge log');
  expect(huge.size).toBeGreaterThan(MAX_ON_DEMAND_BYTES);
  for (const path of [`/api/messages/${huge.id}`, `/api/messages/${huge.id}/attachments/0`]) {
    const answer = await callApi<ApiErrorBody>(s.t, path);
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('message_too_large');
    expect(answer.body.error.message).toMatch(/This message is 65 MB, more than MailMind downloads to open \(64 MB\)/);
  }
  expect(s.t.hub.store.reads.bodyOf(s.t.hub.store.reads.getMessage(huge.id)!.rowid)).toBeNull();
});

it('shows all of a long message, and indexes the first megabyte of its text for search', async () => {
  const report = withSubject('Long report');
  const opened = await callApi<MessageDetailResponse>(s.t, `/api/messages/${report.id}`);
  expect(opened.status).toBe(200);
  expect(opened.body.text).toContain('reportend');
  expect(await found('reportstart')).toEqual([report.id]);
  // Past the first megabyte: not in the index.
  expect(await found('reportend')).toEqual([]);
});
