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
  s.t.hub.sync.get(s.account.id)!.checkNow();
  folderDir = join(s.dovecot.mailDir(s.dovecot.users[0]!.user), '.Shared');
});

afterAll(async () => {
  await chmod(folderDir, 0o700).catch(() => {});
  await s?.stop();
});

it('shows the server’s flags again after a refused markRead ends failed', async () => {
  const shared = (await mailboxesOf(s.t, s.account.id)).find((m) => m.path === 'Shared')!;
  let message = (await messagesOf(s.t, shared.id))[0];
  for (let waited = 0; !message && waited < 10_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    message = (await messagesOf(s.t, shared.id))[0];
  }
  expect(message?.flags).not.toContain('\\Seen');

  // The server refuses the folder every time: five tries, then failed.
  await chmod(folderDir, 0o000);
  const accepted = await postAction(s.t, { type: 'markRead', messageIds: [message!.id] });
  expect((await messagesOf(s.t, shared.id))[0]?.flags).toContain('\\Seen');
  const ended = await actionEnded(s.socket, accepted.body.actionId, 20_000);
  expect(ended.payload).toMatchObject({ state: 'failed', error: { code: 'replay_failed' } });

  // The folder opens again; its next sync reads the flags back: the message is unread, as on the server.
  await chmod(folderDir, 0o700);
  s.t.hub.sync.get(s.account.id)!.checkNow();
  let flags = (await messagesOf(s.t, shared.id))[0]?.flags;
  for (let waited = 0; flags?.includes('\\Seen') && waited < 10_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    flags = (await messagesOf(s.t, shared.id))[0]?.flags;
  }
  expect(flags).not.toContain('\\Seen');
});
