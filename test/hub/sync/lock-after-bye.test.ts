// After the server's BYE, imapflow goes on granting mailbox locks until it closes the socket a
// tick later: it skips the SELECT and leaves `client.mailbox` as it was, INBOX. A sync that took
// that for the folder it locked compared INBOX's UIDVALIDITY with the folder's and rebuilt the
// folder (every message deleted, fetched again; once more on the next session).
//
// The client is a named fake, in the state imapflow 2.10 is in right after a BYE: the real
// Dovecot sends the BYE, but the lock granted within that one tick is a race no test can time.
// The storm test (storm-convergence.test.ts) checks the same against Dovecot, under load.
import type { ImapFlow, MailboxLockObject } from 'imapflow';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { HubEvent } from '../../../shared/protocol';
import { syncMailbox } from '../../../electron/hub/sync/mailbox-sync';
import { OfflineError } from '../../../electron/hub/sync/offline-error';
import { currentUids } from '../../../electron/hub/sync/server-locator';
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

interface AfterBye {
  client: ImapFlow;
  commands: string[];
  closed: () => boolean;
}

/** A session the server has just ended: INBOX still "selected", every lock granted, no command answered. */
function sessionAfterBye(): AfterBye {
  const commands: string[] = [];
  let closed = false;
  const client = {
    get usable() {
      return !closed;
    },
    mailbox: { path: 'INBOX', uidValidity: 1000n, uidNext: 90, exists: 80, highestModseq: 500n, flags: new Set(), permanentFlags: new Set() },
    getMailboxLock: async (path: string): Promise<MailboxLockObject> => ({ path, release: () => undefined }),
    search: async () => {
      commands.push('SEARCH');
      return false;
    },
    fetch: () => {
      commands.push('FETCH');
      throw new Error('the connection is closed');
    },
    close: () => {
      closed = true;
    },
  } as unknown as ImapFlow;
  return { client, commands, closed: () => closed };
}

it('does not rebuild a folder whose lock was granted after the server ended the session', async () => {
  const { reads, writes } = test.store;
  const projects = writes.upsertMailbox('a1', { path: 'Projects', name: 'Projects', delimiter: '/', specialUse: null, sortKey: 1 });
  writes.setSyncState(projects.id, { uidValidity: 1001, uidNext: 3, initialSyncDone: true });
  writes.transaction(() => writes.insertMessages(projects, [newMessage(1), newMessage(2)]));
  const session = sessionAfterBye();

  await expect(syncMailbox(recordingSyncContext(test.store, events, warnings), session.client, reads.getMailbox(projects.id)!)).rejects.toBeInstanceOf(OfflineError);

  expect(reads.getMailbox(projects.id)?.uidValidity).toBe(1001);
  expect(reads.uidsOf(projects.id).sort()).toEqual([1, 2]);
  expect(events.filter((event) => event.type === 'email.deleted')).toEqual([]);
  // Nothing asked of a session that cannot answer, and it is let go: the next one syncs the folder.
  expect(session.commands).toEqual([]);
  expect(session.closed()).toBe(true);
});

it('does not look up a queued action’s messages in the mailbox selected before the BYE', async () => {
  const session = sessionAfterBye();
  const target = { messageId: 'm1', header: '<m1@example.test>' };
  // Stored under INBOX's UIDVALIDITY by chance: read from the stale INBOX, uid 7 would be acted on in Projects.
  const group = { mailboxId: 'projects', path: 'Projects', targets: [{ target, location: { mailboxId: 'projects', uidValidity: 1000, uid: 7 } }] };

  await expect(currentUids(session.client, { path: 'Projects', release: () => undefined }, group as never)).rejects.toBeInstanceOf(OfflineError);
  expect(session.commands).toEqual([]);
});
