// A folder renumbered on the server (deleted and made again by another client: a restore, a
// migration) before the hub has synced it again. The stored UIDs now name other messages: a
// body is never fetched by an old UID, so no message shows another's text, and the folder is
// rebuilt at once rather than at the next poll.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { callApi } from '../../support/hub-api';
import { mailboxesOf, messagesOf } from '../../support/hub-actions';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';
import { eventually } from '../../support/test-hub';
import { PREFETCH_COUNT } from '../../../electron/hub/sync/body-prefetch';

let s: SyncedAccount;

beforeAll(async () => {
  // More than the 50 newest a folder's bodies are prefetched for: the oldest are fetched on demand.
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(60, { mailbox: 'Projects' }) }, hub: { sync: { pollMs: 600_000 } } });
}, 60_000);

afterAll(async () => {
  await s?.stop();
});

it('answers 404 gone for a body asked by an old UID, and rebuilds the folder', async () => {
  const projects = (await mailboxesOf(s.t, s.account.id)).find((m) => m.path === 'Projects')!;
  const listed = await messagesOf(s.t, projects.id);
  const oldest = listed.at(-1)!;
  // The background prefetch is over (it would find the renumbering itself, first).
  const { reads } = s.t.hub.store;
  await eventually(() => listed.slice(0, PREFETCH_COUNT).every((m) => reads.bodyOf(reads.getMessage(m.id)!.rowid) !== null), 'the newest bodies to be cached', 15_000);
  await withImapClient(s.dovecot, async (client) => {
    await client.mailboxDelete('Projects');
    await client.mailboxCreate('Projects');
    for (let i = 60; i >= 1; i -= 1) {
      await client.append('Projects', `From: Other <other@example.test>\r\nSubject: Replacement ${i}\r\nMessage-ID: <replacement-${i}@test>\r\n\r\nNot the message you opened.\r\n`);
    }
  });
  s.socket.events.length = 0;

  const opened = await callApi<{ error?: { code: string } }>(s.t, `/api/messages/${oldest.id}`);
  expect(opened.status).toBe(404);
  expect(opened.body.error?.code).toBe('gone');

  await s.socket.waitFor((e: HubEvent): e is HubEvent => e.type === 'email.deleted' && e.payload.ids.includes(oldest.id), 10_000);
  const rebuilt = await messagesOf(s.t, projects.id);
  for (let waited = 0; rebuilt.length < 60 && waited < 10_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    rebuilt.splice(0, rebuilt.length, ...(await messagesOf(s.t, projects.id)));
  }
  expect(rebuilt.map((m) => m.subject).filter((subject) => subject.startsWith('Replacement'))).toHaveLength(60);
});
