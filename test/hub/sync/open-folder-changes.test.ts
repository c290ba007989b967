// The connection that watches the folder the user has open (view-watch.ts), when things change
// under it: the folder renamed elsewhere while watched, and the account stopped (removed, its password changed, the network gone) while the watcher is still logging in.
// A named holding proxy stands between the hub and the real Dovecot to hold that login: on
// loopback it takes a few ms, against a far server up to seconds.
import { execFile } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Mailbox } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { callApi, waitForSyncState } from '../../support/hub-api';
import { mailboxesOf } from '../../support/hub-actions';
import { startHoldingProxy, type HoldingProxy } from '../../support/mail/holding-proxy';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';
import { eventually } from '../../support/test-hub';

let s: SyncedAccount;
let proxy: HoldingProxy;
let mailboxes: Mailbox[];

/** What the user's client asks when it shows a folder: its first page. */
const open = async (mailbox: Mailbox): Promise<void> => {
  expect((await callApi(s.t, `/api/mailboxes/${mailbox.id}/messages?limit=50`)).status).toBe(200);
};
const byPath = (path: string): Mailbox => mailboxes.find((m) => m.path === path)!;
/** TCP connections open to the Dovecot (each a session of the hub's, through the proxy). */
const sessions = async (): Promise<number> => {
  const { stdout } = await promisify(execFile)('ss', ['-tnH', 'state', 'established', `( dport = :${s.dovecot.port} )`]);
  return stdout.split('\n').filter((line) => line.trim() !== '').length;
};

beforeAll(async () => {
  s = await startSyncedAccount({
    dovecot: { corpus: syntheticMessages(4, { mailbox: (index) => (index < 2 ? 'Projects' : 'INBOX') }) },
    folders: ['Projects', 'Travel'],
    hub: { sync: { pollMs: 600_000 } },
    through: async (port) => (proxy = await startHoldingProxy(port)),
  });
  mailboxes = await mailboxesOf(s.t, s.account.id);
}, 60_000);

afterAll(() => s?.stop());

it('watches a folder renamed elsewhere under its new name once the user opens it again (or the next check finds it)', async () => {
  await open(byPath('Projects'));
  await delay(500);
  await withImapClient(s.dovecot, (client) => client.mailboxRename('Projects', 'Projects 2026'));
  // Its list asked for again (a refresh, a click; a second after the last): the check of the old
  // path finds no such folder, and the folder check finds it under its new name.
  await delay(600);
  await open(byPath('Projects'));
  await eventually(() => s.t.hub.store.reads.getMailbox(byPath('Projects').id)?.path === 'Projects 2026', 'the folder to be known by its new name', 5000);
  await delay(500);
  await withImapClient(s.dovecot, (client) => client.append('Projects 2026', 'From: a@mailmind.test\r\nSubject: Into the renamed folder\r\n\r\nHi\r\n'));
  const event = await s.socket.waitFor((e: HubEvent): e is Extract<HubEvent, { type: 'email.new' }> => e.type === 'email.new' && e.payload.message.subject === 'Into the renamed folder', 3000);
  expect(event.payload.message.mailboxId).toBe(byPath('Projects').id);
});

it('leaves no watching connection behind when the account stops while the watcher logs in', async () => {
  // INBOX shown: the watcher logs out; the next folder opened needs a new login.
  await open(mailboxes.find((m) => m.specialUse === '\\Inbox')!);
  await delay(500);
  const before = await sessions();
  proxy.holdNext(/^\S+ (LOGIN|AUTHENTICATE)\b/i);
  await open(byPath('Travel'));
  await proxy.held();
  await s.goOffline();
  proxy.release();
  // The main session went with the account; the watcher, once in, must go too.
  await delay(1500);
  expect(before).toBeGreaterThan(0);
  expect(await sessions()).toBe(0);
  s.goOnline();
  await waitForSyncState(s.socket, s.account.id, 'idle');
});
