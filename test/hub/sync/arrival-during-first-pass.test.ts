// Mail that reaches INBOX during a session's first pass, reported by the server (EXISTS) with the
// answer to one of the pass's own commands: before the INBOX listeners exist, and with INBOX
// selected, so that no later SELECT shows the change either. Reported while the pass replays a
// queued action (INBOX's STATUS, read before, showed no change: the pass does not sync INBOX), it
// waited for the next poll (a minute by default). Reported with INBOX's own flag fetch, the sync
// that reads the new count fetches it before the account says idle. A holding proxy (a named
// fake) delays the chosen command until another client has appended the message, so that the
// server reports it exactly there; each case checks that it did.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Account, Mailbox } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { actionEnded, mailboxesOf, messagesOf, postAction } from '../../support/hub-actions';
import { accountRequest, callApi, waitForSyncState } from '../../support/hub-api';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { startHoldingProxy, type HeldCommand, type HoldingProxy } from '../../support/mail/holding-proxy';
import { withImapClient } from '../../support/synced-account';
import { startTestHub, type TestHub } from '../../support/test-hub';
import { eventsUrl, openEventSocket, type EventSocket } from '../../support/ws-client';

let dovecot: DovecotInstance;
let proxy: HoldingProxy;
let t: TestHub;
let socket: EventSocket;
let account: Account;
let inbox: Mailbox;

type EmailNew = Extract<HubEvent, { type: 'email.new' }>;
type SyncStatus = Extract<HubEvent, { type: 'sync.status' }>;

beforeAll(async () => {
  dovecot = await startDovecot({ corpus: syntheticMessages(5) });
  proxy = await startHoldingProxy(dovecot.port);
  // No poll within the test: a message found in time was found without it.
  t = await startTestHub({ sync: { pollMs: 600_000 } });
  socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
  const direct = accountRequest(dovecot);
  const added = await callApi<{ account: Account }>(t, '/api/accounts', { method: 'POST', body: { ...direct, imap: { ...direct.imap, port: proxy.port } } });
  expect(added.status).toBe(201);
  account = added.body.account;
  await waitForSyncState(socket, account.id, 'idle');
  inbox = (await mailboxesOf(t, account.id)).find((m) => m.specialUse === '\\Inbox')!;
});

afterAll(async () => {
  socket?.ws.close(1000);
  await t?.stop();
  await proxy?.close();
  await dovecot?.destroy();
});

const goOffline = () => t.hub.sync.stop(account.id);
const goOnline = () => t.hub.sync.start(t.hub.store.reads.getAccount(account.id)!, dovecot.users[0]!.password);
const inboxCount = () =>
  withImapClient(dovecot, async (client) => {
    const status = await client.status('INBOX', { messages: true });
    if (!status || status.messages === undefined) throw new Error('STATUS INBOX was refused');
    return status.messages;
  });
const arrivalOf = (messageId: string) => (e: HubEvent): e is EmailNew => e.type === 'email.new' && e.payload.message.messageId === messageId;
const idle = (e: HubEvent): e is SyncStatus => e.type === 'sync.status' && e.payload.accountId === account.id && e.payload.state === 'idle';

/**
 * With `held` waiting at the proxy, another client appends a message to INBOX; then the command
 * goes on, and its answer (checked) reports the new count. Returns the message's Message-ID.
 */
async function appendWhileHeld(held: HeldCommand, name: string): Promise<string> {
  const messageId = `<${name}@mailmind.test>`;
  await dovecot.appendRaw(dovecot.users[0]!.user, 'INBOX', `From: Ann <ann@example.test>\r\nSubject: ${name}\r\nMessage-ID: ${messageId}\r\n\r\nbody\r\n`);
  const count = await inboxCount();
  expect(held.waiting).toBe(true);
  proxy.release();
  expect(await held.answer).toMatch(new RegExp(`\\r\\n\\* ${count} EXISTS\\r\\n`));
  return messageId;
}

/** The new message is shown in INBOX once, and INBOX counts what the server has. */
async function expectShown(messageId: string): Promise<void> {
  const shown = (await messagesOf(t, inbox.id)).filter((m) => m.messageId === messageId);
  expect(shown).toHaveLength(1);
  const count = await inboxCount();
  expect((await mailboxesOf(t, account.id)).find((m) => m.id === inbox.id)!.total).toBe(count);
}

it('shows mail that arrived while the pass replayed a queued action, without waiting for the poll', async () => {
  expect(t.hub.store.reads.getAccount(account.id)!.imap.port).toBe(proxy.port);
  const [message] = (await messagesOf(t, inbox.id)).filter((m) => !m.flags.includes('\\Flagged'));
  await goOffline();
  const flagged = await postAction(t, { type: 'flag', messageIds: [message!.id] });
  expect(flagged.status).toBe(202);
  // Nothing else changes INBOX: its STATUS, read before the replay, says it is unchanged, so the
  // pass does not sync it; the replay's STORE is answered with the arrival's EXISTS.
  proxy.holdNext(/^\S+ UID STORE /i);
  socket.events.length = 0;
  goOnline();
  const held = await proxy.held();
  expect(held.line).toMatch(/\+FLAGS\S* \(\\Flagged\)/);
  const messageId = await appendWhileHeld(held, 'arrived-during-replay');

  expect((await actionEnded(socket, flagged.body.actionId)).payload.state).toBe('applied');
  const passOver = await socket.waitFor(idle);
  const arrived = await socket.waitFor(arrivalOf(messageId), 5000);
  expect(arrived.payload.message.mailboxId).toBe(inbox.id);
  // Found after the pass (which did not sync INBOX), not by it.
  expect(socket.events.indexOf(arrived)).toBeGreaterThan(socket.events.indexOf(passOver));
  await expectShown(messageId);
});

it('shows mail that arrived during INBOX\'s own flag fetch in the pass, before reporting the account idle', async () => {
  const [message] = await messagesOf(t, inbox.id);
  await goOffline();
  // Another client's flag change: INBOX changed, and the pass syncs it.
  await withImapClient(dovecot, async (client) => {
    const lock = await client.getMailboxLock('INBOX');
    try {
      await client.messageFlagsAdd(String(message!.uid), ['\\Answered'], { uid: true });
    } finally {
      lock.release();
    }
  });
  proxy.holdNext(/^\S+ UID FETCH .*\(CHANGEDSINCE /i);
  socket.events.length = 0;
  goOnline();
  const held = await proxy.held();
  const messageId = await appendWhileHeld(held, 'arrived-during-flag-fetch');

  const passOver = await socket.waitFor(idle);
  // The sync that read the new count fetched the message: the account is not "idle" without it.
  const beforeIdle = socket.events.slice(0, socket.events.indexOf(passOver));
  expect(beforeIdle.filter(arrivalOf(messageId)).map((e) => e.payload.message.subject)).toEqual(['arrived-during-flag-fetch']);
  expect((await messagesOf(t, inbox.id)).find((m) => m.id === message!.id)!.flags).toContain('\\Answered');
  await expectShown(messageId);
});
