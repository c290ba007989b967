// A message whose folder another client deleted on the server, opened before the hub
// has listed the folders again: the body is not cached (too big to be prefetched), so the hub asks
// the server, which answers NO to the SELECT. The message is gone from the server: a 404 the
// reader can show, not a 500, and nothing cached. (Renamed: open-after-folder-renamed.test.ts.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiErrorBody, MessageDetailResponse } from '../../../shared/api';
import type { HubEvent } from '../../../shared/protocol';
import { messageWithAttachment } from '../../support/mail/attachment-message';
import { callApi } from '../../support/hub-api';
import { mailboxesOf, messagesOf } from '../../support/hub-actions';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';
import { PREFETCH_MAX_BYTES } from '../../../electron/hub/sync/body-prefetch';

let s: SyncedAccount;

beforeAll(async () => {
  s = await startSyncedAccount({
    dovecot: {
      corpus: [
        messageWithAttachment('Projects', 'Big plans', Buffer.alloc(PREFETCH_MAX_BYTES, 7)),
        messageWithAttachment('INBOX', 'Small note', Buffer.alloc(100, 7)),
        messageWithAttachment('Travel', 'Big trip', Buffer.alloc(PREFETCH_MAX_BYTES, 7)),
      ],
    },
    // No poll: the hub still lists the folder when the message is opened.
    hub: { sync: { pollMs: 600_000 } },
  });
}, 60_000);

afterAll(async () => {
  await s?.stop();
});

it('answers 404 gone for a message and its attachment whose folder was deleted on the server, and caches nothing', async () => {
  const mailboxes = await mailboxesOf(s.t, s.account.id);
  const projects = mailboxes.find((m) => m.path === 'Projects')!;
  const [big] = await messagesOf(s.t, projects.id);
  expect(big?.subject).toBe('Big plans');
  const stored = s.t.hub.store.reads.getMessage(big!.id)!;
  expect(s.t.hub.store.reads.bodyOf(stored.rowid)).toBeNull();

  await withImapClient(s.dovecot, (client) => client.mailboxDelete('Projects'));

  const opened = await callApi<ApiErrorBody>(s.t, `/api/messages/${big!.id}`);
  expect(opened.status).toBe(404);
  expect(opened.body.error.code).toBe('gone');
  const attachment = await callApi<ApiErrorBody>(s.t, `/api/messages/${big!.id}/attachments/0`);
  expect(attachment.status).toBe(404);
  expect(attachment.body.error.code).toBe('gone');
  expect(s.t.hub.store.reads.bodyOf(stored.rowid)).toBeNull();

  // The body connection is still good for the messages the server has.
  const inbox = mailboxes.find((m) => m.path === 'INBOX')!;
  const [note] = await messagesOf(s.t, inbox.id);
  const read = await callApi<MessageDetailResponse>(s.t, `/api/messages/${note!.id}`);
  expect(read.status).toBe(200);
  expect(read.body.text).toContain('Small note, see the attachment.');
});

it('answers gone, not "no such message", for a message the hub removed with its folder once it found it deleted', async () => {
  const travel = (await mailboxesOf(s.t, s.account.id)).find((m) => m.path === 'Travel')!;
  const [trip] = await messagesOf(s.t, travel.id);
  await withImapClient(s.dovecot, (client) => client.mailboxDelete('Travel'));
  s.t.hub.sync.get(s.account.id)!.checkNow();
  await s.socket.waitFor((e: HubEvent): e is HubEvent => e.type === 'email.deleted' && e.payload.ids.includes(trip!.id), 5000);
  expect(s.t.hub.store.reads.getMessage(trip!.id)).toBeNull();
  // A view that still shows it asks for it.
  const opened = await callApi<ApiErrorBody>(s.t, `/api/messages/${trip!.id}`);
  expect(opened.status).toBe(404);
  expect(opened.body.error.code).toBe('gone');
  expect((await callApi<ApiErrorBody>(s.t, '/api/messages/never-was')).body.error.code).toBe('not_found');
});
