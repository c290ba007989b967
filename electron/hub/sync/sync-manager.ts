// One sync loop per account, started at launch for every stored account
// (with its password from the vault) and when an account is added.
import type { ImapFlow, ImapFlowOptions } from 'imapflow';
import type { HubEvent, SyncStatusPayload } from '../../../shared/protocol';
import type { Logger } from '../logger';
import type { Store } from '../store/open-store';
import type { AccountRecord } from '../store/store-types';
import type { SecretVault } from '../vault/secret-vault';
import { startAccountSync, type AccountSync } from './account-sync';

/** The vault entry of an account's IMAP password. */
export const accountSecretName = (accountId: string): string => `imap:${accountId}`;

export interface SyncTuning {
  pollMs: number;
  /**
   * A connected session whose server sends not one byte for this long while a check waits on it
   * (a laptop woken up, a NAT that dropped the line, a hung server) is closed and reconnected:
   * the socket's own timeout takes five minutes, the account showing 'idle' all along.
   */
  stallMs: number;
  /**
   * On a server without CONDSTORE, how long a folder other than INBOX goes without its flags read
   * again when nothing else about it changed (INBOX hears of flag changes while it IDLEs).
   */
  flagSweepMs: number;
  chunkSize: number;
  firstChunkSize: number;
  batchSize: number;
  /** A first sync with at least this many messages after its first chunk fetches them over a second connection (wire/). */
  bulkMinMessages: number;
  backoff: { baseMs: number; maxMs: number };
  /** Logins refused in a row before the account waits for the user. */
  maxAuthAttempts: number;
  tls?: ImapFlowOptions['tls'];
}

export const defaultSyncTuning: SyncTuning = {
  pollMs: 60_000,
  stallMs: 30_000,
  flagSweepMs: 10 * 60_000,
  chunkSize: 5000,
  firstChunkSize: 50,
  // Messages a store transaction: each is one full-text segment (fewer merges), and at about
  // 45 µs a message it keeps the hub from answering requests for under 50 ms.
  batchSize: 1000,
  // Below this, a second login costs more than the faster parsing saves.
  bulkMinMessages: 1000,
  // Reconnects while the server is away: 0.5-1 s, then doubling up to 30-60 s apart. A desktop
  // client's user waits for it to come back (5 minutes apart, recovery took up to 5 minutes after
  // the server was back); a refused connect costs the server next to nothing.
  backoff: { baseMs: 1000, maxMs: 60_000 },
  maxAuthAttempts: 3,
};

export interface SyncManager {
  /** Starts an account's sync loop; `connection`, logged in already, is its first connection. */
  start(account: AccountRecord, password: string, connection?: ImapFlow): void;
  /** Starts every stored account whose password the vault has. */
  startAll(): Promise<void>;
  stop(accountId: string): Promise<void>;
  stopAll(): Promise<void>;
  status(accountId: string): SyncStatusPayload;
  get(accountId: string): AccountSync | null;
}

export interface SyncManagerOptions {
  store: Store;
  vault: SecretVault;
  publish(event: HubEvent): void;
  logger: Logger;
  tuning?: Partial<SyncTuning>;
}

/**
 * Deletes the keyring entries noted as still to delete (a removal whose keyring delete failed or
 * timed out, a write the keyring finished after the hub had given up on it). Only those: other
 * data folders (a second profile, `serve --data-dir`) share the keyring's service. Best effort:
 * what fails stays noted for the next start.
 */
async function forgetNotedSecrets(store: Store, vault: SecretVault, logger: Logger): Promise<void> {
  const live = new Set(store.reads.listAccounts().map((account) => accountSecretName(account.id)));
  for (const name of store.reads.secretsToForget()) {
    if (live.has(name)) {
      store.writes.secretForgotten(name);
      continue;
    }
    try {
      await vault.delete(name);
      store.writes.secretForgotten(name);
    } catch (error) {
      logger.warn('could not remove a removed account’s password from the keyring; trying again at the next start', { reason: String(error) });
    }
  }
}

/** Creates the registry of account sync loops. */
export function createSyncManager({ store, vault, publish, logger, tuning }: SyncManagerOptions): SyncManager {
  const settings = { ...defaultSyncTuning, ...tuning };
  const loops = new Map<string, AccountSync>();
  const missingSecret = new Map<string, SyncStatusPayload>();

  const manager: SyncManager = {
    start(account, password, connection) {
      if (loops.has(account.id)) {
        connection?.close();
        return;
      }
      missingSecret.delete(account.id);
      loops.set(
        account.id,
        startAccountSync({
          account,
          password,
          connection,
          ...settings,
          ctx: { accountId: account.id, store, publish, logger, chunkSize: settings.chunkSize, firstChunkSize: settings.firstChunkSize, batchSize: settings.batchSize, bulkMinMessages: settings.bulkMinMessages },
        }),
      );
    },
    async startAll() {
      for (const account of store.reads.listAccounts()) {
        const password = await vault.get(accountSecretName(account.id)).catch(() => null);
        if (password) {
          manager.start(account, password);
          continue;
        }
        const status: SyncStatusPayload = {
          accountId: account.id,
          state: 'error',
          error: {
            code: 'secret_unavailable',
            // Without a keyring this launch (none on the session bus), the keyring is not where it went missing.
            message:
              vault.kind === 'memory'
                ? 'No keyring is available now, so the saved password cannot be read: enter it to use the account until the app quits'
                : 'The password is not in the keyring: enter it again',
          },
        };
        missingSecret.set(account.id, status);
        logger.warn('account password not in the vault', { accountId: account.id });
      }
      await forgetNotedSecrets(store, vault, logger);
    },
    async stop(accountId) {
      const loop = loops.get(accountId);
      loops.delete(accountId);
      missingSecret.delete(accountId);
      await loop?.stop();
    },
    async stopAll() {
      await Promise.all([...loops.keys()].map((id) => manager.stop(id)));
    },
    status(accountId) {
      return loops.get(accountId)?.status() ?? missingSecret.get(accountId) ?? { accountId, state: 'offline' };
    },
    get: (accountId) => loops.get(accountId) ?? null,
  };
  return manager;
}
