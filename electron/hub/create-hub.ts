// The hub's factory: everything it needs (data folder, secrets backend, logger)
// is passed in by the composition root, so the same hub runs inside Electron,
// headless in plain Node, and in tests.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { HubConnection } from '../../shared/bridge';
import { CloseCode, PROTOCOL_VERSION, userEventsGroup, type HubEvent, type HubReadyPayload } from '../../shared/protocol';
import { accountRoutes } from './api/account-routes';
import { actionRoutes } from './api/action-routes';
import { checkRoutes } from './api/check-routes';
import { createGoneMessages } from './api/gone-messages';
import { mailboxRoutes } from './api/mailbox-routes';
import { messageRoutes } from './api/message-routes';
import { statusRoutes } from './api/status-routes';
import { createEventHub, type EventHub } from './events/event-hub';
import type { Logger } from './logger';
import { createApiRouter } from './server/api-router';
import { startHubServer, type HubServer, type HubServerOptions } from './server/create-server';
import { createSessionAuth, generateSessionToken } from './server/session-auth';
import { createSocketConsumer } from './server/socket-consumer';
import { createStaticHandler } from './server/static-files';
import { openStore, type Store } from './store/open-store';
import { reindexQueued } from './sync/search-reindex';
import { createSyncManager, type SyncManager, type SyncTuning } from './sync/sync-manager';
import type { SecretVault } from './vault/secret-vault';
import { createSessionSigningKey } from './vault/session-signing-key';

/** The keychain entry that holds the current session token. */
export const SESSION_TOKEN_ACCOUNT = 'hub-session';

export interface HubOptions {
  dataDir: string;
  vault: SecretVault;
  logger: Logger;
  hubVersion: string;
  profile?: string;
  port?: number;
  /** When `port` is taken, listen on a free one instead of failing. */
  freePortIfTaken?: boolean;
  /** Headless mode: serve the built renderer from this folder and allow the hub's own origin. */
  staticDir?: string | null;
  /** Extra allowed origins: the app:// origin in Electron, the dev server in development. */
  extraOrigins?: string[];
  /** Server limits (tests lower them). */
  server?: Pick<HubServerOptions, 'maxConnections' | 'heartbeatMs' | 'failedAuth'>;
  /** Sync timings (tests shorten them). */
  sync?: Partial<SyncTuning>;
}

export interface Hub {
  events: EventHub;
  store: Store;
  sync: SyncManager;
  port: number;
  origin: string;
  profile: string;
  /** What a client needs to connect: URLs and the current token (kept in memory). */
  connection(): HubConnection;
  /** Publishes to this profile's event group; returns how many connections received it. */
  publish(event: HubEvent): number;
  /** Issues a new token; sockets holding the old one are closed with 4401. */
  rotateToken(): Promise<void>;
  info(): HubReadyPayload;
  /** Resolves once messages an older hub indexed are indexed again (how many; see migration 11). */
  searchIndexUpToDate: Promise<number>;
  stop(): Promise<void>;
}

/** The Content-Security-Policy of the page the hub serves in headless mode. */
function pageSecurityHeaders(port: number): Record<string, string> {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  const connect = hosts.flatMap((host) => [`http://${host}`, `ws://${host}`]).join(' ');
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      `connect-src 'self' ${connect}`,
      // http:/https: only for the reader's "load images" choice: the message frame
      // (srcdoc, so it inherits this policy) adds its own stricter one that allows
      // remote images only once the user chose to load them.
      "img-src 'self' data: blob: http: https:",
      "style-src 'self' 'unsafe-inline'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'none'",
    ].join('; '),
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  };
}

/** Creates and starts the hub: token, event groups, server. */
export async function startHub(options: HubOptions): Promise<Hub> {
  const { vault, logger, hubVersion, profile = 'default' } = options;
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });

  const storeToken = async (token: string): Promise<void> => {
    try {
      await vault.set(SESSION_TOKEN_ACCOUNT, token);
    } catch (error) {
      // Still usable: the token is in memory, which is all this launch needs.
      logger.warn('could not store the session token in the keyring', { reason: String(error) });
    }
  };

  const token = generateSessionToken();
  await storeToken(token);
  const auth = createSessionAuth(token, profile);
  const events = createEventHub(logger);
  const gone = createGoneMessages();
  const publish = (event: HubEvent): number => {
    // A message that leaves the store is gone from the server (a move keeps its id and its row):
    // a view that still shows it gets "gone" when it asks, not "no such message".
    if (event.type === 'email.deleted') for (const id of event.payload.ids) gone.add(id);
    return events.groupSend(userEventsGroup(profile), event);
  };
  const store = openStore(join(options.dataDir, 'mailmind.db'), {
    backgroundCheckpoints: { onFailure: (reason) => logger.warn('WAL checkpoint worker failed; checkpoints run on the hub thread again', { reason }) },
  });
  // Accounts added without a keyring lasted for their session only: their mail goes as a removed account's does.
  for (const account of store.reads.listAccounts().filter((a) => !a.persistent)) await store.eraseAccount(account.id);
  const sync = createSyncManager({ store, vault, publish, logger, tuning: options.sync });
  const info = (): HubReadyPayload => ({
    protocolVersion: PROTOCOL_VERSION,
    hubVersion,
    profile,
    keyring: vault.kind === 'keychain' ? 'available' : 'unavailable',
  });
  const staticDir = options.staticDir ?? null;

  let server: HubServer;
  try {
    server = await startHubServer({
      ...options.server,
      port: options.port ?? 0,
      freePortIfTaken: options.freePortIfTaken ?? false,
      auth,
      logger,
      consumer: createSocketConsumer({ events, logger, hubInfo: info }),
      api: createApiRouter(
        [
          ...statusRoutes(info),
          ...accountRoutes({ store, vault, sync, logger, publish, tls: options.sync?.tls }),
          ...checkRoutes(store, sync),
          ...mailboxRoutes(store, sync),
          ...messageRoutes({ store, sync, logger, gone }),
          ...actionRoutes({ store, sync, publish }),
        ],
        logger,
      ),
      extraOrigins: options.extraOrigins ?? [],
      serveStatic: staticDir ? (port) => createStaticHandler(staticDir, () => pageSecurityHeaders(port)) : undefined,
      // Only a page the hub serves can hold the cookie; the app gets fresh tokens from its preload bridge.
      browserSessions: staticDir ? { profile, signingKey: createSessionSigningKey(vault, logger) } : undefined,
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  logger.info('hub listening', { origin: server.origin, keyring: info().keyring });
  await sync.startAll();
  let stopping = false;
  // Rows indexed by an older hub, brought up to date in the background (migration 11).
  const reindexed = reindexQueued(store, logger, () => stopping).catch((error: unknown) => {
    if (!stopping) logger.warn('could not bring the search index up to date; trying again at the next start', { reason: String(error) });
    return 0;
  });

  return {
    events,
    store,
    sync,
    port: server.port,
    origin: server.origin,
    profile,
    connection: () => ({ wsUrl: server.wsUrl, apiUrl: server.origin, token: auth.currentToken() }),
    publish,
    async rotateToken() {
      const next = generateSessionToken();
      auth.replaceToken(next);
      await storeToken(next);
      server.closeSockets(CloseCode.tokenInvalid, 'Token replaced');
    },
    info,
    searchIndexUpToDate: reindexed,
    async stop() {
      stopping = true;
      // Clients first: they are told (1001) before anything else winds down.
      await server.close();
      await sync.stopAll();
      await reindexed;
      await store.close();
      await vault.delete(SESSION_TOKEN_ACCOUNT).catch(() => false);
      logger.info('hub stopped');
    },
  };
}
