// The key that signs browser session cookies (headless mode). It lives in the
// vault, so with an OS keyring it survives restarts and so do the browser
// sessions; with none (a memory vault) it lasts for this launch only, and a page
// must open the printed address again after a restart.
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger';
import type { SecretVault } from './secret-vault';

/** The keychain entry (service `MailMind`) that holds the signing key. */
export const SESSION_SIGNING_KEY_ACCOUNT = 'browser-session-key';

const KEY_BYTES = 32;

function decodeKey(stored: string | null): Buffer | null {
  if (stored === null) return null;
  const key = Buffer.from(stored, 'base64url');
  return key.length === KEY_BYTES ? key : null;
}

/**
 * The signing key, read from the vault or created there on first use (and then
 * remembered for this process). A keyring that fails leaves a key for this launch.
 */
export function createSessionSigningKey(vault: SecretVault, logger: Logger): () => Promise<Buffer> {
  let loading: Promise<Buffer> | null = null;

  const load = async (): Promise<Buffer> => {
    try {
      const existing = decodeKey(await vault.get(SESSION_SIGNING_KEY_ACCOUNT));
      if (existing) return existing;
      const created = randomBytes(KEY_BYTES);
      await vault.set(SESSION_SIGNING_KEY_ACCOUNT, created.toString('base64url'));
      return created;
    } catch (error) {
      logger.warn('could not keep the browser session key in the keyring; browser sessions will end with this launch', {
        reason: error instanceof Error ? error.message : String(error),
      });
      return randomBytes(KEY_BYTES);
    }
  };

  return () => (loading ??= load());
}
