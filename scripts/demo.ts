// `npm run demo`: a private Dovecot with a generated mailbox of a few thousand
// messages in several folders, the hub with that account, and the URL to open.
// Needs Dovecot installed (bash scripts/install-system-deps.sh --test).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub } from '../electron/hub/create-hub';
import { createStderrLogger } from '../electron/hub/logger';
import { createMemoryVault } from '../electron/hub/vault/secret-vault';
import { buildCorpus } from '../test/support/mail/corpus';
import { syntheticMessages } from '../test/support/mail/synthetic-corpus';
import { startDovecot } from '../test/support/mail/dovecot';

const folders = ['INBOX', 'INBOX', 'INBOX', 'Archive', 'Sent'];
const dovecot = await startDovecot({
  corpus: [...buildCorpus(), ...syntheticMessages(3000, { mailbox: (index) => folders[index % folders.length]!, startDate: new Date(Date.now() - 3000 * 3600_000), intervalSeconds: 3600 })],
});
const logger = createStderrLogger();
const dataDir = await mkdtemp(join(tmpdir(), 'mailmind-demo-'));
const hub = await startHub({
  dataDir,
  vault: createMemoryVault(),
  logger,
  hubVersion: 'demo',
  staticDir: join(import.meta.dirname, '..', 'out', 'renderer'),
});
const user = dovecot.users[0]!;
const res = await fetch(`${hub.origin}/api/accounts`, {
  method: 'POST',
  headers: { Authorization: `Bearer ${hub.connection().token}`, 'Content-Type': 'application/json' },
  body: JSON.stringify({ email: user.user, displayName: 'Alice Example', imap: { host: '127.0.0.1', port: dovecot.port, security: 'none', user: user.user }, password: user.password }),
});
if (res.status !== 201) throw new Error(`adding the demo account failed: ${res.status} ${await res.text()}`);
process.stdout.write(`MailMind demo is running (IMAP ${user.user} on 127.0.0.1:${dovecot.port}). Open ${hub.origin}/#token=${hub.connection().token}\n`);

// Nothing of a demo outlives it: the hub's store and Dovecot's mail are removed.
const shutdown = async (): Promise<void> => {
  await hub.stop();
  await dovecot.destroy();
  await rm(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
