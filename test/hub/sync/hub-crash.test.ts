// The hub SIGKILLed in the middle of its first sync, several times: each
// restart resumes (the account and its password survive in the store and the
// keyring), and the store ends intact and equal to the server. Each kill comes a
// little later into its round (other phases of a batch: insert, index, commit);
// a round whose hub finished before it could be killed ends the kills.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { startKeyringSession, type KeyringSession } from '../../support/keyring-session';
import { startServe, type ServeProcess } from '../../support/serve-process';
import { accountRequest } from '../../support/hub-api';
import { eventsUrl, openEventSocket } from '../../support/ws-client';

const COUNT = 8000;
let keyring: KeyringSession;
let dovecot: DovecotInstance;
let dataDir: string;
let serve: ServeProcess | null = null;

beforeAll(async () => {
  [keyring, dovecot] = await Promise.all([startKeyringSession(), startDovecot({ corpus: syntheticMessages(COUNT) })]);
  dataDir = await mkdtemp(join(tmpdir(), 'mailmind-crash-'));
});

afterAll(async () => {
  if (serve) await serve.kill();
  await dovecot?.destroy();
  await keyring?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const syncing = (e: HubEvent): e is Extract<HubEvent, { type: 'sync.status' }> =>
  e.type === 'sync.status' && e.payload.state === 'syncing' && e.payload.progress !== undefined;
const idle = (e: HubEvent): e is Extract<HubEvent, { type: 'sync.status' }> => e.type === 'sync.status' && e.payload.state === 'idle';

describe('hub killed mid-sync', () => {
  it('converges after three SIGKILLs with integrity_check ok and no duplicates, the password in no log and no file', async () => {
    // Debug logging: the most a hub ever writes, read back from every process's stderr.
    const env = { ...keyring.env, MAILMIND_LOG_LEVEL: 'debug' };
    const output: string[] = [];
    serve = await startServe(dataDir, env);
    const res = await fetch(`${serve.origin}/api/accounts`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${serve.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(accountRequest(dovecot)),
    });
    expect(res.status).toBe(201);
    const account = ((await res.json()) as { account: Account }).account;
    expect(account.persistent).toBe(true);

    let killedMidSync = 0;
    for (let kill = 0; kill < 3; kill += 1) {
      const socket = await openEventSocket(eventsUrl(serve.port, serve.token));
      if (idle(await socket.waitFor((e: HubEvent): e is HubEvent => syncing(e) || idle(e), 30_000))) break;
      await new Promise((resolve) => setTimeout(resolve, kill * 60));
      await serve.kill();
      output.push(serve.stderr());
      killedMidSync += 1;
      serve = await startServe(dataDir, env);
    }
    // A fast machine syncs 8,000 messages in well under a second: at least two kills landed mid-sync.
    expect(killedMidSync).toBeGreaterThanOrEqual(2);

    const socket = await openEventSocket(eventsUrl(serve.port, serve.token));
    await socket.waitFor(idle, 60_000);
    expect(await serve.stop()).toBe(0);
    output.push(serve.stderr());
    serve = null;
    const password = dovecot.users[0]!.password;
    expect(output.join('\n')).toContain('sync pass complete');
    // The built hub found its parsing thread's script beside its bundle and read the bulk there.
    expect(output.join('\n')).toContain('bulk fetch read on the parsing thread');
    expect(output.join('\n')).not.toContain('no parsing thread');
    expect(output.join('\n')).not.toContain(password);
    for (const name of await readdir(dataDir, { recursive: true })) {
      const content = await readFile(join(dataDir, name)).catch(() => null);
      if (content) expect(content.includes(password), name).toBe(false);
    }

    const db = new Database(join(dataDir, 'mailmind.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const inbox = db.prepare("SELECT id, total FROM mailboxes WHERE path = 'INBOX'").get() as { id: string; total: number };
      const counts = db.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT uid) AS uids, COUNT(DISTINCT message_id) AS ids FROM messages WHERE mailbox_id = ?').get(inbox.id);
      expect(counts).toEqual({ n: COUNT, uids: COUNT, ids: COUNT });
      expect(inbox.total).toBe(COUNT);
      // One index entry per message: none lost or doubled by the kills.
      expect(db.prepare('SELECT COUNT(*) AS n FROM messages_fts').get()).toEqual({ n: COUNT });
    } finally {
      db.close();
    }
  });
});
