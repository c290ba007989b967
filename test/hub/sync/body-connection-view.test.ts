// The on-demand body connection stays open a minute after a fetch, with the mailbox it last
// opened. The server answers a UID FETCH only for messages that session has been told of: a
// message that arrived since must still be fetched, not reported gone.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MessageDetailResponse } from '../../../shared/api';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { callApi } from '../../support/hub-api';
import { mailboxesOf, messagesOf } from '../../support/hub-actions';
import { startSyncedAccount, type SyncedAccount } from '../../support/synced-account';

let s: SyncedAccount;

beforeAll(async () => {
  // More than the 50 newest whose bodies are prefetched: the oldest is fetched on demand.
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(60) }, hub: { sync: { pollMs: 600_000 } } });
}, 60_000);

afterAll(async () => {
  await s?.stop();
});

it('fetches the body of a message that arrived after the body connection opened its mailbox', async () => {
  const inbox = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Inbox')!;
  const oldest = (await messagesOf(s.t, inbox.id)).at(-1)!;
  expect((await callApi(s.t, `/api/messages/${oldest.id}`)).status).toBe(200);

  // Above the prefetch's size limit, so only the body connection brings it.
  const big = `${'Large arrival body line.\r\n'.repeat(30_000)}The end.\r\n`;
  await s.dovecot.appendRaw(s.dovecot.users[0]!.user, 'INBOX', `From: New <new@example.test>\r\nSubject: Just arrived\r\nMessage-ID: <arrived@test>\r\n\r\n${big}`);
  const arrived = await s.socket.waitFor((e: HubEvent): e is Extract<HubEvent, { type: 'email.new' }> => e.type === 'email.new' && e.payload.message.messageId === '<arrived@test>', 10_000);
  const opened = await callApi<MessageDetailResponse>(s.t, `/api/messages/${arrived.payload.message.id}`);
  expect(opened.status).toBe(200);
  expect(opened.body.text).toContain('The end.');
});
