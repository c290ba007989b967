// The only module that touches the OS keychain (keytar → libsecret's Secret
// Service on Linux, Keychain on macOS, Credential Vault on Windows).
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger';
import { createMemoryVault, VAULT_SERVICE, type SecretVault } from './secret-vault';

export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface KeychainVaultOptions {
  logger: Logger;
  service?: string;
  /** How keytar is loaded; tests may pass their own loader. */
  loadKeytar?: () => Promise<KeytarApi>;
  /** A keyring that never answers (locked, no prompter) must not hang the hub. */
  probeTimeoutMs?: number;
}

async function importKeytar(): Promise<KeytarApi> {
  const loaded = (await import('keytar')) as KeytarApi & { default?: KeytarApi };
  return loaded.default ?? loaded;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function keychainVault(keytar: KeytarApi, service: string, timeoutMs: number): SecretVault {
  return {
    kind: 'keychain',
    get: (account) => withTimeout(keytar.getPassword(service, account), timeoutMs, 'The keyring'),
    set: (account, secret) => withTimeout(keytar.setPassword(service, account, secret), timeoutMs, 'The keyring'),
    delete: (account) => withTimeout(keytar.deletePassword(service, account), timeoutMs, 'The keyring'),
  };
}

/**
 * Opens the OS keychain, proving it works with a write/read/delete round trip.
 * Without one (a headless Linux box with no Secret Service) it says so once and
 * returns a memory vault: the hub keeps working, nothing goes to disk.
 */
export async function openKeychainVault(options: KeychainVaultOptions): Promise<SecretVault> {
  const { logger, service = VAULT_SERVICE, loadKeytar = importKeytar, probeTimeoutMs = 5000 } = options;
  try {
    const keytar = await loadKeytar();
    const vault = keychainVault(keytar, service, probeTimeoutMs);
    const probeAccount = `probe-${randomBytes(6).toString('hex')}`;
    const probeValue = randomBytes(16).toString('hex');
    await vault.set(probeAccount, probeValue);
    const readBack = await vault.get(probeAccount);
    await vault.delete(probeAccount);
    if (readBack !== probeValue) throw new Error('The keyring did not return what was stored');
    return vault;
  } catch (error) {
    logger.warn(
      'No OS keyring is available, so secrets are kept in memory only: the session token is not saved, ' +
        'and accounts added now will last only until the app quits.',
      { reason: error instanceof Error ? error.message : String(error) },
    );
    return createMemoryVault();
  }
}
