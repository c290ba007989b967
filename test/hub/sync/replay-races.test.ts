// Two races of the replay of queued actions, driven against Dovecot through the replay itself
// (the hub's own sync is stopped, as when offline): an action undone while the replay is on the
// wire with an earlier one is not sent; and a connection lost mid-try is not the server saying
// no, so a flaky line does not fail an action after five drops.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import type { HubEvent } from '../../../shared/protocol';
import { createLogger } from '../../../electron/hub/logger';
import { connectImap, createImapClient } from '../../../electron/hub/sync/imap-client';
import { MAX_REPLAY_ATTEMPTS, replayPending } from '../../../electron/hub/sync/operation-replay';
import type { SyncContext } from '../../../electron/hub/sync/sync-context';
import { syntheticMessages } from '../../support/corpus';
import { startInterceptingProxy } from '../../support/mail/intercepting-proxy';
import { mailboxesOf, messagesOf, postAction } from '../../support/hub-actions';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';

let s: SyncedAccount;

beforeAll(async () => {
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(6) }, hub: { sync: { pollMs: 600_000 } } });
  await s.goOffline();
}, 60_000);

afterAll(async () => {
  await s?.stop();
});

const context = (published: HubEvent[] = []): SyncContext => ({
  accountId: s.account.id,
  store: s.t.hub.store,
  publish: (event) => void published.push(event),
  logger: createLogger(() => undefined),
  chunkSize: 5000,
  firstChunkSize: 50,
  batchSize: 1000,
  bulkMinMessages: 1000,
});

async function connected(port = s.dovecot.port): Promise<ImapFlow> {
  const user = s.dovecot.users[0]!;
  const client = createImapClient({ settings: { host: '127.0.0.1', port, security: 'none', user: user.user }, password: user.password, logger: createLogger(() => undefined) });
  await connectImap(client);
  return client;
}

/** Where the server keeps a message (by Message-ID): the folders that have it. */
const serverFolders = (messageId: string): Promise<string[]> =>
  withImapClient(s.dovecot, async (client) => {
    const found: string[] = [];
    for (const path of ['INBOX', 'Archive', 'Trash']) {
      await client.mailboxOpen(path);
      const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
      if (Array.isArray(uids) && uids.length > 0) found.push(path);
    }
    return found;
  });

it('does not send an action undone while the replay was sending an earlier one', async () => {
  const inbox = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Inbox')!;
  const [archived, deleted] = await messagesOf(s.t, inbox.id);
  const archive = await postAction(s.t, { type: 'archive', messageIds: [archived!.id] });
  const remove = await postAction(s.t, { type: 'delete', messageIds: [deleted!.id] });
  const client = await connected();
  try {
    const replaying = replayPending(context(), client);
    // The undo lands while the archive's MOVE is on the wire (what the undo route does).
    expect(s.t.hub.store.operations.cancel(remove.body.actionId)).not.toBeNull();
    await replaying;
  } finally {
    await client.logout();
  }
  expect(s.t.hub.store.operations.get(archive.body.actionId)?.state).toBe('applied');
  expect(await serverFolders(archived!.messageId!)).toEqual(['Archive']);
  expect(await serverFolders(deleted!.messageId!)).toEqual(['INBOX']);
});

it('does not fail an action because the connection dropped during more tries than the refusal limit', async () => {
  const inbox = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Inbox')!;
  const message = (await messagesOf(s.t, inbox.id)).find((m) => !m.flags.includes('\\Flagged'))!;
  const flagged = await postAction(s.t, { type: 'flag', messageIds: [message.id] });
  for (let drop = 0; drop <= MAX_REPLAY_ATTEMPTS; drop += 1) {
    const client = await connected();
    const replaying = replayPending(context(), client);
    client.close();
    await replaying.catch(() => undefined);
  }
  expect(s.t.hub.store.operations.get(flagged.body.actionId)?.state).toBe('pending');
  const client = await connected();
  try {
    await replayPending(context(), client);
  } finally {
    await client.logout();
  }
  expect(s.t.hub.store.operations.get(flagged.body.actionId)).toMatchObject({ state: 'applied', error: null });
  const flags = await withImapClient(s.dovecot, async (imap) => {
    await imap.mailboxOpen('INBOX');
    const found = await imap.fetchOne(String(message.uid), { flags: true }, { uid: true });
    return found ? [...(found.flags ?? [])] : [];
  });
  expect(flags).toContain('\\Flagged');
});

it('shows the last queued flag action throughout: read, then unread again, never flickers back to read', async () => {
  const inbox = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Inbox')!;
  const message = (await messagesOf(s.t, inbox.id)).find((m) => !m.flags.includes('\\Seen'))!;
  const read = await postAction(s.t, { type: 'markRead', messageIds: [message.id] });
  const unread = await postAction(s.t, { type: 'markUnread', messageIds: [message.id] });
  const published: HubEvent[] = [];
  const client = await connected();
  try {
    await replayPending(context(published), client);
  } finally {
    await client.logout();
  }
  expect(s.t.hub.store.operations.get(read.body.actionId)?.state).toBe('applied');
  expect(s.t.hub.store.operations.get(unread.body.actionId)?.state).toBe('applied');
  const shown = published.flatMap((e) => (e.type === 'email.updated' && e.payload.message.id === message.id ? [e.payload.message.flags.includes('\\Seen')] : []));
  expect(shown).not.toContain(true);
  expect(s.t.hub.store.reads.getMessage(message.id)?.flags).not.toContain('\\Seen');
});

it('does not fail a move whose connection dropped during the MOVE itself, more times than the refusal limit', async () => {
  // A named fake: a proxy in front of Dovecot that cuts the connection when the MOVE goes out
  // (imapflow then answers the move with false, as for a NO). Dovecot cannot drop on cue.
  const proxy = await startInterceptingProxy(s.dovecot.port, ({ client, upstream }) => (chunk) => {
    if (/ MOVE /.test(chunk.toString('latin1'))) {
      client.destroy();
      upstream.destroy();
      return;
    }
    upstream.write(chunk);
  });
  const inbox = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Inbox')!;
  const message = (await messagesOf(s.t, inbox.id))[0]!;
  const archived = await postAction(s.t, { type: 'archive', messageIds: [message.id] });
  try {
    for (let drop = 0; drop <= MAX_REPLAY_ATTEMPTS; drop += 1) {
      const client = await connected(proxy.port);
      await replayPending(context(), client).catch(() => undefined);
      client.close();
    }
  } finally {
    await proxy.close();
  }
  expect(s.t.hub.store.operations.get(archived.body.actionId)).toMatchObject({ state: 'pending', refusals: 0 });
  const client = await connected();
  try {
    await replayPending(context(), client);
  } finally {
    await client.logout();
  }
  expect(s.t.hub.store.operations.get(archived.body.actionId)?.state).toBe('applied');
  expect(await serverFolders(message.messageId!)).toEqual(['Archive']);
});
