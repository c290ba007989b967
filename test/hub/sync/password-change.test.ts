// The password changed on the server: the account goes to auth_failed, actions taken
// meanwhile wait, and the user gives the new password (PUT /api/accounts/:id/password)
// without removing the account: its mail stays, the actions reach the server.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Account } from '../../../shared/model';
import type { ApiErrorBody } from '../../../shared/api';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { actionEnded, mailboxesOf, messagesOf, postAction } from '../../support/hub-actions';
import { callApi, waitForSyncState } from '../../support/hub-api';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';
import { createMemoryVault } from '../../../electron/hub/vault/secret-vault';

let s: SyncedAccount;
const vault = createMemoryVault();

beforeAll(async () => {
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(5) }, hub: { vault, sync: { pollMs: 60_000, backoff: { baseMs: 50, maxMs: 200 }, maxAuthAttempts: 2 } } });
});

afterAll(() => s?.stop());

const putPassword = (accountId: string, body: unknown) => callApi<ApiErrorBody & { account: Account }>(s.t, `/api/accounts/${accountId}/password`, { method: 'PUT', body });

it('answers an unknown account with 404 and a missing password with 400', async () => {
  expect((await putPassword('nope', { password: 'x' })).status).toBe(404);
  expect((await putPassword(s.account.id, {})).status).toBe(400);
  expect((await putPassword(s.account.id, { password: '' })).status).toBe(400);
});

it('takes the new password after a change elsewhere, keeping the mail and the actions queued meanwhile', async () => {
  const id = s.account.id;
  const inbox = (await mailboxesOf(s.t, id)).find((m) => m.path === 'INBOX')!;
  const before = await messagesOf(s.t, inbox.id);
  const target = before.find((m) => !m.flags.includes('\\Seen'))!;

  // Changed on the server; the connection drops (a server restart) and the old one is refused.
  const user = s.dovecot.users[0]!.user;
  await s.dovecot.setPassword(user, 'changed-elsewhere');
  s.socket.events.length = 0;
  await s.dovecot.stop();
  await s.dovecot.start();
  const failed = await waitForSyncState(s.socket, id, 'auth_failed', 30_000);
  expect(failed.payload.error?.code).toBe('auth_failed');

  // The user reads and marks mail meanwhile: it is queued.
  const accepted = await postAction(s.t, { type: 'markRead', messageIds: [target.id] });
  expect(accepted.status).toBe(202);

  const wrong = await putPassword(id, { password: 'still-not-it' });
  expect(wrong.status).toBe(422);
  expect(wrong.body.error.code).toBe('auth_failed');
  expect(s.t.hub.sync.status(id).state).toBe('auth_failed');

  const right = await putPassword(id, { password: 'changed-elsewhere' });
  expect(right.status).toBe(200);
  expect(right.body.account.id).toBe(id);
  await waitForSyncState(s.socket, id, 'idle', 30_000);
  expect((await actionEnded(s.socket, accepted.body.actionId)).payload.state).toBe('applied');

  // The same messages (same hub ids): nothing was removed and fetched again.
  expect((await messagesOf(s.t, inbox.id)).map((m) => m.id)).toEqual(before.map((m) => m.id));
  const seenOnServer = await withImapClient(s.dovecot, async (client) => {
    await client.mailboxOpen('INBOX');
    const message = await client.fetchOne(String(target.uid), { flags: true }, { uid: true });
    return message ? [...(message.flags ?? [])] : [];
  });
  expect(seenOnServer).toContain('\\Seen');
  // The keyring (here the hub's vault) holds the new password: a restart would use it.
  expect(await vault.get(`imap:${id}`)).toBe('changed-elsewhere');
  // And it watches again: new mail arrives.
  await s.dovecot.appendRaw(user, 'INBOX', 'From: Ann <ann@example.test>\r\nSubject: After the new password\r\nMessage-ID: <after-password@test>\r\n\r\nhi\r\n');
  await s.socket.waitFor((e: HubEvent): e is HubEvent => e.type === 'email.new' && e.payload.message.messageId === '<after-password@test>', 10_000);
});
