import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { startHub } from '../electron/hub/create-hub';
import { createLogger } from '../electron/hub/logger';
import { createMemoryVault } from '../electron/hub/vault/secret-vault';
import { SUMMARY_HEADER_FIELDS } from '../electron/hub/mime/parse-header-block';
import { startDovecot } from '../test/support/mail/dovecot';
import { syntheticMessages } from '../test/support/mail/synthetic-corpus';

const N = Number(process.env.N ?? 20000);
const dovecot = await startDovecot({ corpus: syntheticMessages(N) });
async function floor(): Promise<number> {
  const client = new ImapFlow(dovecot.imapOptions());
  client.on('error', () => {});
  await client.connect();
  const lock = await client.getMailboxLock('INBOX');
  const began = performance.now();
  for await (const m of client.fetch('1:*', { uid: true, flags: true, internalDate: true, size: true, bodyStructure: true, headers: [...SUMMARY_HEADER_FIELDS], bodyParts: [{ key: '1', maxLength: 2048 }] })) void m;
  const ms = performance.now() - began;
  lock.release(); await client.logout();
  return ms;
}
async function hubSync(): Promise<number> {
  const hub = await startHub({ dataDir: await mkdtemp(join(tmpdir(), 'ratio-')), vault: createMemoryVault(), logger: createLogger(() => {}, 'warn'), hubVersion: 'p' });
  const began = performance.now();
  const res = await fetch(`${hub.origin}/api/accounts`, { method: 'POST', headers: { Authorization: `Bearer ${hub.connection().token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ email: dovecot.users[0]!.user, imap: { host: '127.0.0.1', port: dovecot.port, security: 'none', user: dovecot.users[0]!.user }, password: dovecot.users[0]!.password }) });
  const { account } = await res.json() as { account: { id: string } };
  while (hub.sync.get(account.id)?.status().state !== 'idle') await new Promise((r) => setTimeout(r, 5));
  const ms = performance.now() - began;
  await hub.stop();
  return ms;
}
await floor();
for (let i = 0; i < 2; i++) {
  const f = await floor();
  const h = await hubSync();
  console.log(`floor ${f.toFixed(0)} hub ${h.toFixed(0)} ratio ${(h / f).toFixed(2)}`);
}
await dovecot.destroy();
