// Folders another client creates or deletes while the hub is connected: the hub's check of
// the other folders finds both, and a deleted folder does not stop it from checking the rest.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Mailbox } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import { callApi } from '../../support/hub-api';
import { syntheticMessages } from '../../support/corpus';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';

let s: SyncedAccount;

beforeAll(async () => {
  // A poll interval far longer than the test: the check is asked for (checkNow), as "Check mail now" does.
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(5) }, folders: ['Alpha', 'Zulu'], hub: { sync: { pollMs: 600_000 } } });
});

afterAll(() => s?.stop());

const mailboxes = async (): Promise<Mailbox[]> => (await callApi<{ mailboxes: Mailbox[] }>(s.t, `/api/mailboxes?accountId=${s.account.id}`)).body.mailboxes;

const arrived = (messageId: string) => (e: HubEvent): e is Extract<HubEvent, { type: 'email.new' }> =>
  e.type === 'email.new' && e.payload.message.messageId === messageId;

it('checks the folders after one deleted elsewhere, and picks up one created elsewhere, without reconnecting', async () => {
  expect((await mailboxes()).map((m) => m.path)).toEqual(expect.arrayContaining(['Alpha', 'Zulu']));
  const user = s.dovecot.users[0]!.user;
  await withImapClient(s.dovecot, async (client) => {
    await client.mailboxDelete('Alpha');
    await client.mailboxCreate('Fresh');
  });
  await s.dovecot.appendRaw(user, 'Zulu', 'From: Zed <zed@example.test>\r\nSubject: In the last folder\r\nMessage-ID: <zulu-1@test>\r\n\r\nbody\r\n');
  await s.dovecot.appendRaw(user, 'Fresh', 'From: Fay <fay@example.test>\r\nSubject: In a new folder\r\nMessage-ID: <fresh-1@test>\r\n\r\nbody\r\n');
  const connects = s.socket.events.filter((e: HubEvent) => e.type === 'sync.status' && e.payload.state === 'connecting').length;

  s.t.hub.sync.get(s.account.id)!.checkNow();
  // Alpha sorts before Zulu: a failed STATUS of it used to end the check there.
  const zulu = await s.socket.waitFor(arrived('<zulu-1@test>'), 10_000);
  expect(zulu.payload.message.subject).toBe('In the last folder');

  for (let waited = 0; waited < 10_000; waited += 50) {
    const fresh = (await mailboxes()).find((m) => m.path === 'Fresh');
    if (fresh?.total === 1) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const after = await mailboxes();
  expect(after.map((m) => m.path)).not.toContain('Alpha');
  const fresh = after.find((m) => m.path === 'Fresh');
  expect(fresh?.total).toBe(1);
  const page = await callApi<{ messages: Array<{ subject: string }> }>(s.t, `/api/mailboxes/${fresh!.id}/messages?limit=10`);
  expect(page.body.messages.map((m) => m.subject)).toEqual(['In a new folder']);
  // All of it over the connection the hub had: no reconnect.
  expect(s.socket.events.filter((e: HubEvent) => e.type === 'sync.status' && e.payload.state === 'connecting').length).toBe(connects);
  // The new folder's first sync reported progress; once it is over the account is idle again,
  // in its events and in the API (not left at "syncing 1 / 1").
  const statuses = () => s.socket.events.filter((e): e is Extract<HubEvent, { type: 'sync.status' }> => e.type === 'sync.status' && e.payload.accountId === s.account.id);
  const freshProgress = statuses().findIndex((e) => e.payload.state === 'syncing' && e.payload.mailboxId === fresh!.id);
  expect(freshProgress).toBeGreaterThanOrEqual(0);
  for (let waited = 0; statuses().at(-1)?.payload.state !== 'idle' && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(statuses().at(-1)?.payload.state).toBe('idle');
  expect(s.t.hub.sync.status(s.account.id).state).toBe('idle');
});

it('takes the mail of a folder deleted elsewhere out of every client’s lists (email.deleted)', async () => {
  const user = s.dovecot.users[0]!.user;
  await withImapClient(s.dovecot, (client) => client.mailboxCreate('Doomed'));
  await s.dovecot.appendRaw(user, 'Doomed', 'From: Dee <dee@example.test>\r\nSubject: Soon gone\r\nMessage-ID: <doomed-1@test>\r\n\r\nbody\r\n');
  s.t.hub.sync.get(s.account.id)!.checkNow();
  let doomed: Mailbox | undefined;
  for (let waited = 0; waited < 10_000 && doomed?.total !== 1; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    doomed = (await mailboxes()).find((m) => m.path === 'Doomed');
  }
  expect(doomed?.total).toBe(1);
  const [message] = (await callApi<{ messages: Array<{ id: string }> }>(s.t, `/api/mailboxes/${doomed!.id}/messages?limit=10`)).body.messages;

  await withImapClient(s.dovecot, (client) => client.mailboxDelete('Doomed'));
  s.t.hub.sync.get(s.account.id)!.checkNow();
  const deleted = await s.socket.waitFor(
    (e: HubEvent): e is Extract<HubEvent, { type: 'email.deleted' }> => e.type === 'email.deleted' && e.payload.mailboxId === doomed!.id,
    10_000,
  );
  expect(deleted.payload.ids).toEqual([message!.id]);
  expect((await mailboxes()).map((m) => m.path)).not.toContain('Doomed');
  expect((await callApi(s.t, `/api/messages/${message!.id}`)).status).toBe(404);
});

it('announces every folder left after an empty one is deleted elsewhere, so that views fetch the folder list again', async () => {
  await withImapClient(s.dovecot, (client) => client.mailboxCreate('Empty'));
  s.t.hub.sync.get(s.account.id)!.checkNow();
  for (let waited = 0; waited < 10_000 && !(await mailboxes()).some((m) => m.path === 'Empty'); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  const before = await mailboxes();
  expect(before.map((m) => m.path)).toContain('Empty');

  const from = s.socket.events.length;
  await withImapClient(s.dovecot, (client) => client.mailboxDelete('Empty'));
  s.t.hub.sync.get(s.account.id)!.checkNow();
  const left = before.filter((m) => m.path !== 'Empty');
  const announced = () => new Set(s.socket.events.slice(from).flatMap((e: HubEvent) => (e.type === 'mailbox.updated' ? [e.payload.mailbox.id] : [])));
  for (let waited = 0; waited < 10_000 && announced().size < left.length; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  expect([...announced()].sort()).toEqual(left.map((m) => m.id).sort());
  expect((await mailboxes()).map((m) => m.path)).not.toContain('Empty');
});
