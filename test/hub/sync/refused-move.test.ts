// A move the server refuses (NO) for a reason that may pass (a backend briefly down, a quota) is
// tried again after a backoff, five times in all, then failed, and the message is put back where
// the server has it. Dovecot cannot be made to refuse a MOVE on cue into a folder that exists: a
// proxy (a named fake, refusing-proxy.ts) answers UID MOVE with NO [UNAVAILABLE]; every other
// byte is the real server's.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { syntheticMessages } from '../../support/corpus';
import { actionEnded, mailboxesOf, messagesOf, postAction } from '../../support/hub-actions';
import { serverCopies } from '../../support/mail/server-copies';
import { startRefusingProxy } from '../../support/mail/refusing-proxy';
import { startSyncedAccount, type SyncedAccount } from '../../support/synced-account';

let s: SyncedAccount;

beforeAll(async () => {
  s = await startSyncedAccount({
    dovecot: { corpus: syntheticMessages(4) },
    folders: ['Projects'],
    hub: { sync: { pollMs: 600_000, backoff: { baseMs: 100, maxMs: 400 } } },
    through: (port) => startRefusingProxy(port, /^\S+ UID MOVE /i),
  });
});
afterAll(() => s?.stop());

it('retries a refused move with a backoff, fails it after five tries and puts the message back', async () => {
  const { t, socket, account, dovecot } = s;
  const boxes = await mailboxesOf(t, account.id);
  const inbox = boxes.find((m) => m.specialUse === '\\Inbox')!;
  const projects = boxes.find((m) => m.path === 'Projects')!;
  const [message] = await messagesOf(t, inbox.id);
  const queued = await postAction(t, { type: 'move', messageIds: [message!.id], targetMailboxId: projects.id });
  const ended = await actionEnded(socket, queued.body.actionId, 20_000);
  expect(ended.payload).toMatchObject({ state: 'failed', error: { code: 'replay_failed', message: 'The server refused this action 5 times' } });
  expect(t.hub.store.operations.get(queued.body.actionId)!.attempts).toBe(5);
  expect((await messagesOf(t, inbox.id)).find((m) => m.id === message!.id)).toMatchObject({ uid: message!.uid });
  expect((await serverCopies(dovecot)).get(message!.messageId!)!.map((c) => c.path)).toEqual(['INBOX']);
});
