// Composition root of the headless hub (`npm run serve`): plain Node, no
// Electron. Prints one line with the URL to open; the token travels in the
// fragment, which browsers never send to a server.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CloseCode } from '../../shared/protocol';
import { startHub } from '../hub/create-hub';
import { createStderrLogger } from '../hub/logger';
import { openKeychainVault } from '../hub/vault/keychain-vault';
import packageJson from '../../package.json';
import { choosePort, readLastPort, rememberPort } from './last-port';
import { parseServeOptions, UsageError } from './serve-options';

async function main(): Promise<void> {
  // Built as out/main/serve.js; the renderer is built to out/renderer.
  const builtRenderer = resolve(dirname(fileURLToPath(import.meta.url)), '../renderer');
  const options = parseServeOptions(process.argv.slice(2), process.env, builtRenderer);
  const logger = createStderrLogger(process.env.MAILMIND_LOG_LEVEL === 'debug' ? 'debug' : 'info');
  const vault = await openKeychainVault({ logger });
  if (vault.kind === 'memory') {
    // The browser session's signing key is then per launch too (see README).
    logger.warn('Without a keyring, an open browser page cannot renew its session after a restart of the hub: open the printed address again.');
  }
  const { port, freePortIfTaken } = choosePort(options.port, options.port === null ? await readLastPort(options.dataDir) : null);
  const hub = await startHub({
    dataDir: options.dataDir,
    vault,
    logger,
    hubVersion: packageJson.version,
    port,
    freePortIfTaken,
    staticDir: options.staticDir,
  });
  if (freePortIfTaken && hub.port !== port) logger.info('the port used last time is taken; listening on another', { lastPort: port, port: hub.port });
  // The next start without --port comes back here, where an open page expects it.
  await rememberPort(options.dataDir, hub.port).catch((error: unknown) => {
    logger.warn('could not remember the port for the next start', { reason: String(error) });
  });
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal, closeCode: CloseCode.goingAway });
    hub.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Announced only once a signal would stop the hub gracefully: whoever waits for this line
  // (a supervisor, a test) may send SIGTERM at once.
  process.stdout.write(`MailMind is running. Open ${hub.origin}/#token=${hub.connection().token}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  const code = (error as { code?: string }).code;
  process.stderr.write(`MailMind could not start: ${code === 'EADDRINUSE' ? 'the port is already in use' : String(error)}\n`);
  process.exit(1);
});
