// A folder the user has open shows what happens to it on the server within seconds, as INBOX
// does. Folders other than INBOX used to be checked only by the poll (a minute by default; ten
// here, so that the poll cannot be what finds anything): a message another client (or a server
// filter) put into the folder on screen took up to that long to appear. Opening a folder (its
// first page asked for) checks it at once, and a connection of its own IDLEs on it while it is open.
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Mailbox } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { callApi } from '../../support/hub-api';
import { mailboxesOf } from '../../support/hub-actions';
import { WITHOUT_NOTIFY } from '../../support/mail/dovecot';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';

let s: SyncedAccount;
let projects: Mailbox;
let inbox: Mailbox;

/** What the user's client asks when it shows a folder: its first page. */
const open = async (mailbox: Mailbox): Promise<void> => {
  expect((await callApi(s.t, `/api/mailboxes/${mailbox.id}/messages?limit=50`)).status).toBe(200);
};
const append = (subject: string): Promise<unknown> =>
  withImapClient(s.dovecot, (client) => client.append('Projects', `From: filter@mailmind.test\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '-')}@mailmind.test>\r\n\r\n${subject}\r\n`));
const arrival = (subject: string, timeoutMs: number) =>
  s.socket.waitFor((e: HubEvent): e is Extract<HubEvent, { type: 'email.new' }> => e.type === 'email.new' && e.payload.message.subject === subject, timeoutMs);
/** Lines of Dovecot's log for a session that ended. */
const logouts = async (): Promise<number> => (await s.dovecot.readLog()).split('\n').filter((line) => /Logged out/.test(line)).length;

beforeAll(async () => {
  s = await startSyncedAccount({
    // A server without NOTIFY (folder-events.test.ts has one): only the open folder's watch tells of its changes.
    dovecot: { corpus: syntheticMessages(4, { mailbox: (index) => (index < 2 ? 'Projects' : 'INBOX') }), imapCapability: WITHOUT_NOTIFY },
    folders: ['Projects'],
    hub: { sync: { pollMs: 600_000 } },
  });
  const mailboxes = await mailboxesOf(s.t, s.account.id);
  projects = mailboxes.find((m) => m.path === 'Projects')!;
  inbox = mailboxes.find((m) => m.specialUse === '\\Inbox')!;
}, 60_000);

afterAll(() => s?.stop());

it('checks a folder when the user opens it: what arrived while it was closed shows at once', async () => {
  await append('Filed while closed');
  // Nothing looks at Projects yet: the poll is ten minutes away.
  await delay(1500);
  expect(s.socket.events.some((e) => e.type === 'email.new' && e.payload.message.subject === 'Filed while closed')).toBe(false);
  await open(projects);
  const event = await arrival('Filed while closed', 3000);
  expect(event.payload.message.mailboxId).toBe(projects.id);
});

it('shows new mail, flags and removals in the open folder within seconds', async () => {
  await open(projects);
  // Its connection has the folder open and IDLEs on it (imapflow IDLEs 50 ms after the EXAMINE).
  await delay(500);
  await append('Filed while open');
  const event = await arrival('Filed while open', 3000);
  const uid = event.payload.message.uid!;

  await withImapClient(s.dovecot, async (client) => {
    await client.mailboxOpen('Projects');
    await client.messageFlagsAdd(String(uid), ['\\Flagged'], { uid: true });
  });
  await s.socket.waitFor((e: HubEvent): e is HubEvent => e.type === 'email.updated' && e.payload.message.id === event.payload.message.id && e.payload.message.flags.includes('\\Flagged'), 3000);

  await withImapClient(s.dovecot, async (client) => {
    await client.mailboxOpen('Projects');
    await client.messageDelete(String(uid), { uid: true });
  });
  await s.socket.waitFor((e: HubEvent): e is HubEvent => e.type === 'email.deleted' && e.payload.ids.includes(event.payload.message.id), 3000);
});

it('lets the folder’s connection go when the user opens INBOX, which its own IDLE watches', async () => {
  await open(projects);
  await delay(300);
  const before = await logouts();
  await open(inbox);
  for (let waited = 0; (await logouts()) === before && waited < 3000; waited += 100) await delay(100);
  expect(await logouts()).toBe(before + 1);
  // Projects is no longer watched: a message filed into it waits for the next check.
  await append('Filed after leaving');
  await delay(1500);
  expect(s.socket.events.some((e) => e.type === 'email.new' && e.payload.message.subject === 'Filed after leaving')).toBe(false);
});
