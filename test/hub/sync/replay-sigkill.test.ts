// The hub (the built `serve` process) SIGKILLed in the middle of replaying
// 200 queued actions, three times: it converges with every action applied
// once (no second copies on the server, none lost), and the store passes
// `PRAGMA integrity_check`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Account } from '../../../shared/model';
import { syntheticMessages } from '../../support/corpus';
import { mailboxesOf, messagesOf, postAction } from '../../support/hub-actions';
import { accountRequest, callApi } from '../../support/hub-api';
import { startKeyringSession, type KeyringSession } from '../../support/keyring-session';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { serverCopies } from '../../support/mail/server-copies';
import { actualPlaces, planActions } from '../../support/mixed-actions';
import { withImapClient } from '../../support/synced-account';
import { startServe, type ServeProcess } from '../../support/serve-process';
import { eventually } from '../../support/test-hub';

let keyring: KeyringSession;
let dovecot: DovecotInstance;
let dataDir: string;
let serve: ServeProcess | undefined;

/** Reads the hub's store beside it (WAL lets a reader in while the hub writes). */
function peek<T>(sql: string): T {
  const db = new Database(join(dataDir, 'mailmind.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).pluck().get() as T;
  } finally {
    db.close();
  }
}
const pendingCount = () => peek<number>("SELECT COUNT(*) FROM operations WHERE state = 'pending'");

async function accountState(): Promise<string | undefined> {
  return (await callApi<{ accounts: Account[] }>(serve!, '/api/accounts')).body.accounts[0]?.status.state;
}

async function waitForState(state: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await accountState()) !== state) {
    if (Date.now() > deadline) throw new Error(`account never became ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  [keyring, dovecot] = await Promise.all([startKeyringSession(), startDovecot({ corpus: syntheticMessages(60) })]);
  keyring.enter();
  await withImapClient(dovecot, (client) => client.mailboxCreate('Projects'));
  dataDir = await mkdtemp(join(tmpdir(), 'mailmind-sigkill-'));
});

afterAll(async () => {
  await serve?.kill();
  await dovecot?.destroy();
  await keyring?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

it('converges after being killed three times while replaying', async () => {
  serve = await startServe(dataDir);
  const added = await callApi<{ account: Account }>(serve, '/api/accounts', { method: 'POST', body: accountRequest(dovecot) });
  expect(added.status).toBe(201);
  await waitForState('idle');
  const mailboxes = (await mailboxesOf(serve, added.body.account.id)).filter((m) => ['INBOX', 'Projects', 'Archive', 'Trash'].includes(m.path));
  const inbox = mailboxes.find((m) => m.path === 'INBOX')!;
  const plan = planActions(await messagesOf(serve, inbox.id), mailboxes, 200, 11);

  await dovecot.stop();
  await waitForState('offline');
  for (const request of plan.requests) expect((await postAction(serve, request)).status).toBe(202);
  await serve.kill();
  expect(pendingCount()).toBe(200);

  await dovecot.start();
  for (const threshold of [170, 110, 50]) {
    const before = pendingCount();
    serve = await startServe(dataDir);
    await eventually(() => pendingCount() <= threshold, `the replay to pass ${threshold} pending`, 30_000);
    await serve.kill();
    // Killed in the middle: some of the queue done, some not.
    const after = pendingCount();
    expect(after).toBeLessThan(before);
    expect(after).toBeGreaterThan(0);
  }

  serve = await startServe(dataDir);
  await eventually(() => pendingCount() === 0, 'the queue to drain', 60_000);
  expect(peek<number>("SELECT COUNT(*) FROM operations WHERE state = 'failed'")).toBe(0);
  expect(actualPlaces(plan.expected, await serverCopies(dovecot))).toEqual(plan.expected);
  await waitForState('idle');
  for (const mailbox of mailboxes) {
    const shown = (await messagesOf(serve, mailbox.id)).map((m) => m.messageId);
    const wanted = [...plan.expected].filter(([, place]) => place?.path === mailbox.path).map(([id]) => id);
    expect(shown.sort(), mailbox.path).toEqual(wanted.sort());
  }
  expect(await serve.stop()).toBe(0);
  serve = undefined;
  expect(peek<string>('PRAGMA integrity_check')).toBe('ok');
});
