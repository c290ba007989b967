// Bodies of recent mail are read ahead so that it opens at once and offline; not in Junk and
// Trash, whose mail is seldom opened (a spam folder's 50 newest bodies, up to 25 MB, were
// downloaded after every pass). There they open on demand, as before.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MessageDetailResponse } from '../../../shared/api';
import type { Mailbox } from '../../../shared/model';
import { syntheticMessages } from '../../support/corpus';
import { mailboxesOf, messagesOf } from '../../support/hub-actions';
import { callApi } from '../../support/hub-api';
import { startSyncedAccount, type SyncedAccount } from '../../support/synced-account';
import { eventually } from '../../support/test-hub';

const FOLDERS = ['INBOX', 'Junk', 'Trash', 'Work'];
let s: SyncedAccount;

beforeAll(async () => {
  // Work sorts after the special folders: the prefetch reaches it after Junk and Trash.
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(12, { mailbox: (index) => FOLDERS[index % FOLDERS.length]! }) }, folders: ['Work'], hub: { sync: { pollMs: 600_000 } } });
}, 60_000);

afterAll(() => s?.stop());

const cachedIn = async (mailbox: Mailbox): Promise<boolean[]> =>
  (await messagesOf(s.t, mailbox.id)).map((m) => s.t.hub.store.reads.bodyOf(s.t.hub.store.reads.getMessage(m.id)!.rowid) !== null);

it('reads ahead the bodies of INBOX and other folders, not those of Junk and Trash, which still open', async () => {
  const mailboxes = await mailboxesOf(s.t, s.account.id);
  const byPath = (path: string) => mailboxes.find((m) => m.path === path)!;
  expect(mailboxes.map((m) => m.path)).toEqual(expect.arrayContaining(FOLDERS));
  for (const path of ['INBOX', 'Work']) {
    const mailbox = byPath(path);
    await eventually(() => s.t.hub.store.reads.recentWithoutBody(mailbox.id, 50, 1 << 20).length === 0, `${path} read ahead`, 15_000);
    expect(await cachedIn(mailbox)).toEqual([true, true, true]);
  }
  for (const path of ['Junk', 'Trash']) expect(await cachedIn(byPath(path)), path).toEqual([false, false, false]);
  const [spam] = await messagesOf(s.t, byPath('Junk').id);
  const opened = await callApi<MessageDetailResponse>(s.t, `/api/messages/${spam!.id}`);
  expect(opened.status).toBe(200);
  expect(opened.body.text).toBeTruthy();
});
