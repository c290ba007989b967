// A flag action the server keeps refusing ends failed; the store then shows the server's flags
// again (read back at the folder's next sync), not the action's.
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { syntheticMessages } from '../../support/corpus';
import { actionEnded, mailboxesOf, messagesOf, postAction } from '../../support/hub-actions';
import { startSyncedAccount, type SyncedAccount } from '../../support/synced-account';

let s: SyncedAccount;
let folderDir: string;

beforeAll(async () => {
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(3) }, folders: ['Shared'], hub: { sync: { pollMs: 600_000, backoff: { baseMs: 50, maxMs: 200 } } } });
  await s.dovecot.appendRaw(s.dovecot.users[0]!.user, 'Shared', 'From: Sam <sam@example.test>\r\nSubject: Not yours to mark\r\nMessage-ID: <shared-1@test>\r\n\r\nbody\r\n');
  await s.dovecot.appendRaw(s.dovecot.users[0]!.user, 'Shared', 'From: Sam <sam@example.test>\r\nSubject: Soon deleted elsewhere\r\nMessage-ID: <shared-2@test>\r\n\r\nbody\r\n');
  s.t.hub.sync.get(s.account.id)!.checkNow();
  folderDir = join(s.dovecot.mailDir(s.dovecot.users[0]!.user), '.Shared');
});

afterAll(async () => {
  await chmod(folderDir, 0o700).catch(() => {});
  await s?.stop();
});

it('shows the server’s flags again after a refused markRead ends failed, and what was expunged meanwhile is gone', async () => {
  const shared = (await mailboxesOf(s.t, s.account.id)).find((m) => m.path === 'Shared')!;
  const byId = async (messageId: string) => (await messagesOf(s.t, shared.id)).find((m) => m.messageId === messageId);
  let message = await byId('<shared-1@test>');
  for (let waited = 0; !(message && (await byId('<shared-2@test>'))) && waited < 10_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    message = await byId('<shared-1@test>');
  }
  expect(message?.flags).not.toContain('\\Seen');

  // The server refuses the folder every time: five tries, then failed.
  await chmod(folderDir, 0o000);
  const accepted = await postAction(s.t, { type: 'markRead', messageIds: [message!.id] });
  expect((await byId('<shared-1@test>'))?.flags).toContain('\\Seen');
  const ended = await actionEnded(s.socket, accepted.body.actionId, 20_000);
  expect(ended.payload).toMatchObject({ state: 'failed', error: { code: 'replay_failed' } });

  // The folder opens again, and another client deletes the other message. The folder's next sync
  // reads every flag back (the message is unread, as on the server) and still finds the expunge.
  await chmod(folderDir, 0o700);
  await s.dovecot.doveadm(['expunge', '-u', s.dovecot.users[0]!.user, 'mailbox', 'Shared', 'header', 'Message-ID', '<shared-2@test>']);
  s.t.hub.sync.get(s.account.id)!.checkNow();
  let flags = (await byId('<shared-1@test>'))?.flags;
  for (let waited = 0; flags?.includes('\\Seen') && waited < 10_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    flags = (await byId('<shared-1@test>'))?.flags;
  }
  expect(flags).not.toContain('\\Seen');
  expect(await byId('<shared-2@test>')).toBeUndefined();
});
