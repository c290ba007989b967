// Archive on a server without an Archive folder (the hub creates it), then Undo at once,
// before any poll has synced the new folder: the message goes back, same id, one copy.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { UndoResponse } from '../../../shared/actions';
import { syntheticMessages } from '../../support/corpus';
import { actionEnded, mailboxesOf, messagesOf, postAction } from '../../support/hub-actions';
import { callApi } from '../../support/hub-api';
import { serverCopies } from '../../support/mail/server-copies';
import { startSyncedAccount, type SyncedAccount } from '../../support/synced-account';

let s: SyncedAccount;

beforeAll(async () => {
  // No poll within the test: the new Archive folder is not synced before the undo.
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(5), specialMailboxes: { Sent: '\\Sent', Trash: '\\Trash' } }, hub: { sync: { pollMs: 600_000 } } });
});

afterAll(() => s?.stop());

it('brings an archived message back when Undo follows the archive that created the folder', async () => {
  const { t, socket, account, dovecot } = s;
  const inbox = (await mailboxesOf(t, account.id)).find((m) => m.path === 'INBOX')!;
  const [message] = await messagesOf(t, inbox.id);
  const archived = await postAction(t, { type: 'archive', messageIds: [message!.id] });
  expect((await actionEnded(socket, archived.body.actionId)).payload.state).toBe('applied');
  expect((await serverCopies(dovecot)).get(message!.messageId!)).toEqual([expect.objectContaining({ path: 'Archive' })]);

  const undo = await callApi<UndoResponse>(t, `/api/actions/${archived.body.actionId}/undo`, { method: 'POST' });
  expect(undo.status).toBe(202);
  const [inverse] = (undo.body as { actionIds: string[] }).actionIds;
  expect((await actionEnded(socket, inverse!)).payload).toMatchObject({ state: 'applied' });
  expect((await serverCopies(dovecot)).get(message!.messageId!)).toEqual([expect.objectContaining({ path: 'INBOX' })]);
  expect((await messagesOf(t, inbox.id)).map((m) => m.id)).toContain(message!.id);
});
