// Offline actions: 1,000 flag changes queued while the account is offline,
// then the time from reconnecting to an empty queue (connect, login, LIST,
// replay, flags read back, every client told). Baselines in the same run:
// the same changes sent directly with imapflow (connect, login, SELECT, one
// STORE per change), and the same grouped by flag (one STORE per flag and
// direction), the least a client could send.
import { ImapFlow } from 'imapflow';
import type { FlagActionType } from '../shared/actions';
import { FLAG_ACTIONS } from '../shared/actions';
import type { Account, Mailbox, MessageSummary } from '../shared/model';
import { startHub } from '../electron/hub/create-hub';
import { createLogger } from '../electron/hub/logger';
import { createMemoryVault } from '../electron/hub/vault/secret-vault';
import { startDovecot, type DovecotInstance } from '../test/support/mail/dovecot';
import { syntheticMessages } from '../test/support/mail/synthetic-corpus';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHANGES = 1000;
const TYPES: FlagActionType[] = ['markRead', 'flag', 'markUnread', 'unflag'];

export interface ActionReplayFigures {
  changes: number;
  hubDrainMs: number;
  directMs: number;
  groupedMs: number;
}

interface Change {
  uid: number;
  type: FlagActionType;
}

async function sendDirect(dovecot: DovecotInstance, changes: Change[], grouped: boolean): Promise<number> {
  const began = performance.now();
  const client = new ImapFlow(dovecot.imapOptions());
  client.on('error', () => {});
  await client.connect();
  const lock = await client.getMailboxLock('INBOX');
  try {
    const batches = grouped ? TYPES.map((type) => ({ type, uids: changes.filter((c) => c.type === type).map((c) => c.uid) })) : changes.map((c) => ({ type: c.type, uids: [c.uid] }));
    for (const { type, uids } of batches) {
      const { flag, add } = FLAG_ACTIONS[type];
      if (uids.length === 0) continue;
      if (add) await client.messageFlagsAdd(uids.join(','), [flag], { uid: true, silent: true });
      else await client.messageFlagsRemove(uids.join(','), [flag], { uid: true, silent: true });
    }
  } finally {
    lock.release();
  }
  const elapsed = performance.now() - began;
  await client.logout();
  return elapsed;
}

async function api<T>(origin: string, token: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${origin}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as T;
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 2));
}

export async function benchActionReplay(): Promise<ActionReplayFigures> {
  const dovecot = await startDovecot({ corpus: syntheticMessages(CHANGES * 2) });
  const dataDir = await mkdtemp(join(tmpdir(), 'mailmind-bench-actions-'));
  const hub = await startHub({ dataDir, vault: createMemoryVault(), logger: createLogger(() => {}, 'warn'), hubVersion: 'bench' });
  try {
    const { token } = hub.connection();
    const { account } = await api<{ account: Account }>(hub.origin, token, '/api/accounts', {
      email: dovecot.users[0]!.user,
      imap: { host: '127.0.0.1', port: dovecot.port, security: 'none', user: dovecot.users[0]!.user },
      password: dovecot.users[0]!.password,
    });
    await until(() => hub.sync.get(account.id)?.status().state === 'idle');
    const { mailboxes } = await api<{ mailboxes: Mailbox[] }>(hub.origin, token, `/api/mailboxes?accountId=${account.id}`);
    const inbox = mailboxes.find((m) => m.specialUse === '\\Inbox')!;
    const { messages } = await api<{ messages: MessageSummary[] }>(hub.origin, token, `/api/mailboxes/${inbox.id}/messages?limit=500`);
    const more = await api<{ messages: MessageSummary[] }>(hub.origin, token, `/api/mailboxes/${inbox.id}/messages?limit=500&before=${encodeURIComponent((await api<{ nextCursor: string }>(hub.origin, token, `/api/mailboxes/${inbox.id}/messages?limit=500`)).nextCursor)}`);
    const targets = [...messages, ...more.messages].slice(0, CHANGES);

    // Queued offline: the account's loop stopped, as while the server is unreachable.
    await hub.sync.stop(account.id);
    const changes: Change[] = targets.map((message, index) => ({ uid: message.uid!, type: TYPES[index % TYPES.length]! }));
    for (const [index, message] of targets.entries()) {
      await api(hub.origin, token, '/api/actions', { type: changes[index]!.type, messageIds: [message.id] });
    }
    const began = performance.now();
    hub.sync.start(hub.store.reads.getAccount(account.id)!, dovecot.users[0]!.password);
    await until(() => hub.store.operations.pending(account.id).length === 0);
    const hubDrainMs = performance.now() - began;
    await until(() => hub.sync.get(account.id)?.status().state === 'idle');

    // The same changes again, directly (they are idempotent; the server's work is the same).
    const directMs = await sendDirect(dovecot, changes, false);
    const groupedMs = await sendDirect(dovecot, changes, true);
    return { changes: CHANGES, hubDrainMs, directMs, groupedMs };
  } finally {
    await hub.stop();
    await dovecot.destroy();
    await rm(dataDir, { recursive: true, force: true });
  }
}
