// An HTML-only message (no text/plain part, as many newsletters and receipts are) was never
// found by the words of its body: only a text part was indexed, and it has none. The text its
// HTML shows is indexed now, whether the body came by the background prefetch or was opened.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MessageDetailResponse, MessagePageResponse } from '../../../shared/api';
import type { MessageSummary } from '../../../shared/model';
import { PREFETCH_MAX_BYTES } from '../../../electron/hub/sync/body-prefetch';
import type { CorpusMessage } from '../../support/corpus';
import { callApi } from '../../support/hub-api';
import { onePartMessage } from '../../support/mail/one-part-message';
import { mailboxesOf, messagesOf } from '../../support/hub-actions';
import { startSyncedAccount, type SyncedAccount } from '../../support/synced-account';
import { eventually } from '../../support/test-hub';

/** An HTML-only message whose `word` comes after `fillerBytes` of other paragraphs (well past its snippet). */
function htmlOnly(subject: string, word: string, fillerBytes: number, minute: number): CorpusMessage {
  const paragraph = '<p>Thank you for your order. Your receipt lists every item and its price.</p>\r\n';
  const filler = paragraph.repeat(Math.ceil(fillerBytes / paragraph.length));
  const body = `<html><head><style>p { color: #333 }</style></head><body>\r\n${filler}<p>Your code is <b>${word}</b>.</p></body></html>\r\n`;
  return onePartMessage({ subject, contentType: 'text/html', body, date: new Date(Date.UTC(2026, 1, 2, 10, minute, 0)) });
}

let s: SyncedAccount;
let messages: MessageSummary[];

const found = async (word: string): Promise<string[]> =>
  (await callApi<MessagePageResponse>(s.t, `/api/search?q=${encodeURIComponent(word)}`)).body.messages.map((m) => m.id);
const isCached = (id: string): boolean => s.t.hub.store.reads.bodyOf(s.t.hub.store.reads.getMessage(id)!.rowid) !== null;
const withSubject = (subject: string): MessageSummary => messages.find((m) => m.subject === subject)!;

beforeAll(async () => {
  // One small enough to be prefetched, one too large to be: it comes only when opened.
  const corpus = [htmlOnly('Receipt small', 'quetzalprefetch', 8 * 1024, 1), htmlOnly('Receipt large', 'quetzalopened', PREFETCH_MAX_BYTES + 64 * 1024, 2)];
  s = await startSyncedAccount({ dovecot: { corpus }, hub: { sync: { pollMs: 600_000 } } });
  const inbox = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Inbox')!;
  messages = await messagesOf(s.t, inbox.id);
}, 60_000);

afterAll(async () => {
  await s?.stop();
});

it('finds an HTML-only message by a word late in its body once the prefetch has cached it', async () => {
  const small = withSubject('Receipt small');
  await eventually(() => isCached(small.id), 'the small receipt to be prefetched', 15_000);
  expect(await found('quetzalprefetch')).toEqual([small.id]);
});

it('finds an HTML-only message by a word late in its body once it was opened, and not by its markup', async () => {
  const large = withSubject('Receipt large');
  expect(isCached(large.id)).toBe(false);
  expect(await found('quetzalopened')).toEqual([]);
  const opened = await callApi<MessageDetailResponse>(s.t, `/api/messages/${large.id}`);
  expect(opened.status).toBe(200);
  expect(opened.body.text).toBeNull();
  expect(await found('quetzalopened')).toEqual([large.id]);
  // What is indexed is what the HTML shows: not its tags nor its style sheet.
  expect(await found('color')).toEqual([]);
});
