// A LIST that answers OK but leaves INBOX out (a proxy or a backend failing mid-answer) must not
// be taken for the user deleting every folder: that removed all of them with their mail, cached
// bodies and the records of queued moves, and the folders came back at the next check with new
// ids. The client is a named fake: Dovecot always lists INBOX.
import type { ImapFlow, ListResponse } from 'imapflow';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { HubEvent } from '../../../shared/protocol';
import { reconcileMailboxes } from '../../../electron/hub/sync/mailbox-reconcile';
import type { SyncContext } from '../../../electron/hub/sync/sync-context';
import { newMessage, openTestStore, type TestStore } from '../../support/store-fixtures';
import { recordingSyncContext } from '../../support/recording-sync-context';

let test: TestStore;
let events: HubEvent[];
let warnings: string[];

beforeEach(async () => {
  test = await openTestStore();
  events = [];
  warnings = [];
});
afterEach(() => test.close());

const context = (): SyncContext => recordingSyncContext(test.store, events, warnings);

const entry = (path: string): ListResponse =>
  ({ path, name: path, delimiter: '/', parent: [], flags: new Set<string>(), listed: true, subscribed: true, parentPath: '', pathAsListed: path }) as unknown as ListResponse;
const listing = (...paths: string[]) => ({ list: async () => paths.map(entry) }) as unknown as ImapFlow;

it('removes no folder when the server’s LIST leaves out INBOX', async () => {
  const { writes, reads } = test.store;
  await reconcileMailboxes(context(), listing('INBOX', 'Projects'), 'all');
  const inbox = reads.getMailboxByPath('a1', 'INBOX')!;
  const projects = reads.getMailboxByPath('a1', 'Projects')!;
  writes.transaction(() => writes.insertMessages(inbox, [newMessage(1), newMessage(2)]));
  writes.transaction(() => writes.insertMessages(projects, [newMessage(1)]));
  events.length = 0;

  await reconcileMailboxes(context(), listing(), 'changed');
  await reconcileMailboxes(context(), listing('Projects'), 'changed');

  expect(reads.listMailboxes('a1').map((m) => [m.path, m.id])).toEqual([
    ['INBOX', inbox.id],
    ['Projects', projects.id],
  ]);
  expect(reads.uidsOf(inbox.id).sort()).toEqual([1, 2]);
  expect(events.filter((e) => e.type === 'email.deleted')).toEqual([]);
  expect(warnings).toContain('the server listed no INBOX; no folder is removed this time');

  // A complete listing still removes what is gone.
  await reconcileMailboxes(context(), listing('INBOX'), 'changed');
  expect(reads.listMailboxes('a1').map((m) => m.path)).toEqual(['INBOX']);
  expect(events.filter((e) => e.type === 'email.deleted').map((e) => e.payload)).toEqual([{ ids: expect.any(Array), mailboxId: projects.id }]);
});
