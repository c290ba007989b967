// The password changed on the server while the hub stays logged in (the session outlives the
// change): opening a message not downloaded yet needs a new login, which the server refuses.
// That is not "the server is not reachable" (it would never open by itself), and trying again
// with the same password at every message opened counts towards the server's lockout. The
// hub answers auth_failed, closes the session so that the account goes to auth_failed (the
// user is asked for the password), and logs in no more until then.
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../../shared/api';
import { syntheticMessages } from '../../support/corpus';
import { mailboxesOf, messagesOf } from '../../support/hub-actions';
import { callApi, waitForSyncState } from '../../support/hub-api';
import { startSyncedAccount, type SyncedAccount } from '../../support/synced-account';

let s: SyncedAccount;

beforeAll(async () => {
  // More than the 50 newest whose bodies are prefetched: the oldest are fetched on demand.
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(70) }, hub: { sync: { pollMs: 600_000, backoff: { baseMs: 50, maxMs: 200 }, maxAuthAttempts: 2 } } });
}, 60_000);

afterAll(() => s?.stop());

/** Waits until the server refuses `password` (its password file is re-read within a few seconds). */
async function refusedByServer(password: string): Promise<void> {
  for (let waited = 0; waited < 15_000; waited += 200) {
    const probe = new ImapFlow({ ...s.dovecot.imapOptions(), auth: { user: s.dovecot.users[0]!.user, pass: password } });
    probe.on('error', () => {});
    const accepted = await probe.connect().then(
      () => true,
      () => false,
    );
    if (!accepted) return;
    await probe.logout().catch(() => probe.close());
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the server still accepts the old password');
}

const failedLogins = async (): Promise<number> => ((await s.dovecot.readLog()).match(/auth failed|Authentication failure|password mismatch/gi) ?? []).length;

it('answers auth_failed for a body it cannot fetch, moves the account to auth_failed, and tries no more logins', async () => {
  const inbox = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Inbox')!;
  const oldest = (await messagesOf(s.t, inbox.id)).slice(-6);
  const oldPassword = s.dovecot.users[0]!.password;
  await s.dovecot.setPassword(s.dovecot.users[0]!.user, 'changed-elsewhere');
  s.socket.events.length = 0;

  await refusedByServer(oldPassword);
  const first = await callApi<ApiErrorBody>(s.t, `/api/messages/${oldest[0]!.id}`);
  expect(first.status).toBe(503);
  expect(first.body.error.code).toBe('auth_failed');
  const refused = await waitForSyncState(s.socket, s.account.id, 'auth_failed', 15_000);
  expect(refused.payload.error?.code).toBe('auth_failed');

  const before = await failedLogins();
  expect(before).toBeGreaterThan(0); // the refusals so far are in the log: the count below can move
  for (const message of oldest.slice(1)) {
    const opened = await callApi<ApiErrorBody>(s.t, `/api/messages/${message.id}`);
    expect(opened.status).toBe(503);
    expect(opened.body.error.code).toBe('auth_failed');
  }
  expect(await failedLogins()).toBe(before);
});
