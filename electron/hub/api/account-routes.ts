// /api/accounts: add (log in first, then the password to the vault and the
// settings to the store), list, remove (mail, sync loop and secret).
import { isIP } from 'node:net';
import type { Account, ImapSecurity } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import type { Logger } from '../logger';
import type { ApiRoute } from '../server/api-router';
import { HttpError } from '../server/http-json';
import type { Store } from '../store/open-store';
import { newId } from '../store/store-writes';
import type { AccountRecord } from '../store/store-types';
import { openCheckedConnection } from '../sync/login-check';
import { accountSecretName, type SyncManager, type SyncTuning } from '../sync/sync-manager';
import type { SecretVault } from '../vault/secret-vault';
import { badRequest, isRecord, requireString } from './request-checks';

export interface AccountRouteDeps {
  store: Store;
  vault: SecretVault;
  sync: SyncManager;
  logger: Logger;
  /** Tells every client (account.removed). */
  publish(event: HubEvent): void;
  tls?: SyncTuning['tls'];
}

const securities: ImapSecurity[] = ['tls', 'starttls', 'none'];

/** Plain-text IMAP is refused unless the server is on this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

interface NewAccountInput {
  email: string;
  displayName: string;
  imap: { host: string; port: number; security: ImapSecurity; user: string };
  password: string;
}

function parseNewAccount(body: unknown): NewAccountInput {
  if (!isRecord(body)) throw badRequest('Expected a JSON object');
  const email = requireString(body, 'email');
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw badRequest('email is not an email address');
  const displayName = typeof body.displayName === 'string' && body.displayName.trim() ? body.displayName.trim() : email;
  if (!isRecord(body.imap)) throw badRequest('imap {host, port, security, user} is required');
  const host = requireString(body.imap, 'host', 'imap.host');
  const port = body.imap.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) throw badRequest('imap.port must be 1-65535');
  const security = body.imap.security;
  if (typeof security !== 'string' || !securities.includes(security as ImapSecurity)) {
    throw badRequest('imap.security must be "tls", "starttls" or "none"');
  }
  const user = requireString(body.imap, 'user', 'imap.user');
  if (typeof body.password !== 'string' || body.password === '') throw badRequest('password is required');
  if (security === 'none' && !isLoopbackHost(host)) {
    throw new HttpError(400, 'insecure_connection', 'Security "None" sends the password in clear text: it is allowed only for a server on this computer. Choose TLS or STARTTLS');
  }
  return { email, displayName, imap: { host, port, security: security as ImapSecurity, user }, password: body.password };
}

/** The public account, with its current sync state. */
export function publicAccount(record: AccountRecord, sync: SyncManager): Account {
  const { createdAt: _createdAt, ...account } = record;
  const { state, error } = sync.status(record.id);
  return { ...account, status: error ? { state, error } : { state } };
}

/** The names this computer's own server goes by: the same mailbox behind each of them. */
const THIS_COMPUTER = new Set(['localhost', '127.0.0.1', '::1']);

/** A host as written, without case or an IPv6 address's brackets. */
function hostKey(host: string): string {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return THIS_COMPUTER.has(bare) ? 'this computer' : bare;
}

/** One account per server, port and login (the login as written: some servers tell case apart). */
const accountKey = (imap: { host: string; port: number; user: string }): string => `${hostKey(imap.host)}\n${imap.port}\n${imap.user}`;

export function accountRoutes({ store, vault, sync, logger, publish, tls }: AccountRouteDeps): ApiRoute[] {
  // Accounts being added: the login check takes a while, and a second request for the same
  // account meanwhile (a double click, a retry) would otherwise add it twice.
  const adding = new Set<string>();
  /** Logs in (the connection then syncs), keeps the password in the vault and the settings in the store. */
  const addAccount = async (input: NewAccountInput): Promise<{ status: number; body: { account: Account } }> => {
    const { connection, failure } = await openCheckedConnection(input.imap, input.password, logger, tls);
    if (failure) throw new HttpError(422, failure.code, failure.message);
    const id = newId();
    // A keyring that refuses or does not answer now (locked since the hub started, an unlock
    // prompt left open) is no keyring for this account: it works for this session, and says so
    // (persistent: false), as without a keyring at all. The login worked; refusing the account
    // for it would be worse.
    let persistent = vault.kind === 'keychain';
    try {
      await vault.set(accountSecretName(id), input.password);
    } catch (error) {
      if (!persistent) {
        connection.close();
        logger.error('could not keep the account password', { reason: String(error) });
        throw new HttpError(500, 'vault_failed', 'The password could not be kept');
      }
      logger.warn('could not store the account password in the keyring; the account lasts for this session', { reason: String(error) });
      persistent = false;
      // The keyring may still finish the write it was asked for: nothing of it is to stay. Noted
      // first, so that a later start deletes it should this delete come too early or fail.
      store.writes.noteSecretToForget(accountSecretName(id));
      void vault.delete(accountSecretName(id)).catch(() => false);
    }
    const record: AccountRecord = { id, email: input.email, displayName: input.displayName, imap: input.imap, persistent, createdAt: Date.now() };
    try {
      store.writes.insertAccount(record);
    } catch (error) {
      connection.close();
      throw error;
    }
    sync.start(record, input.password, connection);
    logger.info('account added', { accountId: record.id, persistent: record.persistent });
    return { status: 201, body: { account: publicAccount(record, sync) } };
  };

  return [
    {
      method: 'GET',
      pattern: '/api/accounts',
      handle: () => ({ body: { accounts: store.reads.listAccounts().map((a) => publicAccount(a, sync)) } }),
    },
    {
      method: 'POST',
      pattern: '/api/accounts',
      async handle(request) {
        const input = parseNewAccount(request.body);
        const key = accountKey(input.imap);
        if (adding.has(key)) throw new HttpError(409, 'account_exists', 'This account is being added already');
        if (store.reads.listAccounts().some((a) => accountKey(a.imap) === key)) throw new HttpError(409, 'account_exists', 'This account is already added');
        adding.add(key);
        try {
          return await addAccount(input);
        } finally {
          adding.delete(key);
        }
      },
    },
    {
      // A password changed elsewhere, or one the keyring lost: the user gives the new one
      // without removing the account, which would drop its mail and its queued actions.
      method: 'PUT',
      pattern: '/api/accounts/:id/password',
      async handle(request) {
        const id = request.params.id as string;
        const record = store.reads.getAccount(id);
        if (!record) throw new HttpError(404, 'not_found', 'No such account');
        if (!isRecord(request.body) || typeof request.body.password !== 'string' || request.body.password === '') throw badRequest('password is required');
        const password = request.body.password;
        const { connection, failure } = await openCheckedConnection(record.imap, password, logger, tls);
        if (failure) throw new HttpError(422, failure.code, failure.message);
        try {
          await vault.set(accountSecretName(id), password);
        } catch (error) {
          connection.close();
          logger.error('could not store the account password', { accountId: id, reason: String(error) });
          throw new HttpError(500, 'vault_failed', 'The password could not be stored in the keyring');
        }
        // The old loop (waiting after refused logins) ends; the checked connection starts the new one.
        await sync.stop(id);
        // Removed meanwhile (a DELETE during the login check): no loop for an account that is gone.
        if (!store.reads.getAccount(id)) {
          connection.close();
          await vault.delete(accountSecretName(id)).catch(() => false);
          throw new HttpError(404, 'not_found', 'The account was removed');
        }
        sync.start(record, password, connection);
        logger.info('account password updated', { accountId: id });
        return { status: 200, body: { account: publicAccount(record, sync) } };
      },
    },
    {
      method: 'DELETE',
      pattern: '/api/accounts/:id',
      async handle(request) {
        const id = request.params.id as string;
        if (!store.reads.getAccount(id)) throw new HttpError(404, 'not_found', 'No such account');
        await sync.stop(id);
        const name = accountSecretName(id);
        // Noted with the removal: a keyring that fails now is asked again at the next start. The
        // account's mail leaves the files too, not only the tables (eraseAccount).
        // Every client is told as soon as the account is off (it leaves every list and search
        // then), not once its mail is erased from the files, which takes seconds for a large one.
        let told = false;
        const tell = (): void => {
          if (told) return;
          told = true;
          publish({ type: 'account.removed', payload: { accountId: id } });
        };
        let erased: Awaited<ReturnType<Store['eraseAccount']>>;
        try {
          erased = await store.eraseAccount(id, () => store.writes.noteSecretToForget(name), tell);
        } catch (error) {
          const record = store.reads.getAccount(id);
          if (record) {
            // The disk full, say: its transaction undone, the account is still there, and syncs again.
            const password = await vault.get(name).catch(() => null);
            if (password) sync.start(record, password);
            logger.warn('could not remove an account; it syncs again', { accountId: id, reason: String(error) });
            throw new HttpError(500, 'remove_failed', `The account could not be removed: ${error instanceof Error ? error.message : String(error)}`);
          }
          // Taken off, but erasing its mail from the files failed part-way (the disk full, say):
          // the store tries again later, and at the next start (account-eraser.ts).
          logger.warn('an account was removed, but its mail may not be wiped from the files', { accountId: id, reason: String(error) });
          erased = { removed: true, walTruncated: false };
        }
        const { removed, walTruncated } = erased;
        // Not removed: a request that came meanwhile (while the sync loop stopped) did it, and told the clients.
        if (removed) {
          if (!walTruncated) logger.warn('the WAL was not truncated after removing an account: it keeps the removed pages until it is reset', { accountId: id });
          tell();
          logger.info('account removed', { accountId: id });
        }
        await vault.delete(name).then(
          () => store.writes.secretForgotten(name),
          (error: unknown) => logger.warn('could not remove the account password; trying again at the next start', { accountId: id, reason: String(error) }),
        );
        return { status: 204, body: null };
      },
    },
  ];
}
