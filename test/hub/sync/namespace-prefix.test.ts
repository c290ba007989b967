// A server that keeps every folder under "INBOX." (Courier, Cyrus and many hosts): Archive on an
// account without an Archive folder creates it there, and the hub's folder follows it. Before, the
// local "Archive" was gone from the next LIST: removed with the message just archived, which came
// back under a new id in INBOX.Archive, and the archive could no longer be undone. (Once the folder
// has been synced, a later LIST also finds it by its UIDVALIDITY, as for a folder renamed elsewhere.)
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { UndoResponse } from '../../../shared/actions';
import type { Account } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { actionEnded, mailboxesOf, messagesOf, postAction } from '../../support/hub-actions';
import { accountRequest, callApi, waitForSyncState } from '../../support/hub-api';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { serverCopies } from '../../support/mail/server-copies';
import { startTestHub, type TestHub } from '../../support/test-hub';
import { eventsUrl, openEventSocket, type EventSocket } from '../../support/ws-client';

let dovecot: DovecotInstance;
let t: TestHub;
let socket: EventSocket;
let account: Account;

beforeAll(async () => {
  dovecot = await startDovecot({ corpus: syntheticMessages(5), specialMailboxes: {} });
  await dovecot.stop();
  const config = await readFile(dovecot.configPath, 'utf8');
  if (!config.includes('  separator = /')) throw new Error('the Dovecot config has changed: no namespace separator to replace');
  await writeFile(dovecot.configPath, config.replace('  separator = /', '  separator = .\n  prefix = INBOX.'));
  await dovecot.start();
  // No check unless asked for (checkNow): the folder must follow the server before any LIST.
  t = await startTestHub({ sync: { pollMs: 600_000 } });
  socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
  account = (await callApi<{ account: Account }>(t, '/api/accounts', { method: 'POST', body: accountRequest(dovecot) })).body.account;
  await waitForSyncState(socket, account.id, 'idle');
});

afterAll(async () => {
  socket?.ws.close(1000);
  await t?.stop();
  await dovecot?.destroy();
});

it('files into INBOX.Archive, keeps the message’s id there through the next checks, and can undo', async () => {
  const inbox = (await mailboxesOf(t, account.id)).find((m) => m.specialUse === '\\Inbox')!;
  const [message] = await messagesOf(t, inbox.id);
  const archived = await postAction(t, { type: 'archive', messageIds: [message!.id] });
  expect((await actionEnded(socket, archived.body.actionId)).payload.state).toBe('applied');
  expect((await serverCopies(dovecot)).get(message!.messageId!)).toEqual([expect.objectContaining({ path: 'INBOX.Archive' })]);
  const archive = (await mailboxesOf(t, account.id)).find((m) => m.specialUse === '\\Archive')!;
  expect(archive.path).toBe('INBOX.Archive');
  // After a check of the folders (it publishes nothing when nothing changed), the folder and the
  // message are still the ones the user saw.
  const from = socket.events.length;
  t.hub.sync.get(account.id)!.checkNow();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect((await mailboxesOf(t, account.id)).find((m) => m.specialUse === '\\Archive')?.id).toBe(archive.id);
  expect((await messagesOf(t, archive.id)).map((m) => m.id)).toEqual([message!.id]);
  expect(socket.events.slice(from).filter((e: HubEvent) => e.type === 'email.deleted' || e.type === 'email.new')).toEqual([]);

  const undo = await callApi<UndoResponse>(t, `/api/actions/${archived.body.actionId}/undo`, { method: 'POST' });
  expect(undo.status).toBe(202);
  const [inverse] = (undo.body as { actionIds: string[] }).actionIds;
  expect((await actionEnded(socket, inverse!)).payload).toMatchObject({ state: 'applied' });
  expect((await serverCopies(dovecot)).get(message!.messageId!)).toEqual([expect.objectContaining({ path: 'INBOX' })]);
});
