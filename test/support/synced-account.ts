// The setup most sync tests share: a private Dovecot (with extra folders if
// asked), a hub in this process, a socket on its events, and the Dovecot user
// added as an account and synced (idle).
import { ImapFlow } from 'imapflow';
import type { Account } from '../../shared/model';
import type { HubOptions } from '../../electron/hub/create-hub';
import { accountRequest, callApi, waitForSyncState } from './hub-api';
import { startDovecot, type DovecotInstance, type DovecotOptions } from './mail/dovecot';
import { startTestHub, type TestHub } from './test-hub';
import { eventsUrl, openEventSocket, type EventSocket } from './ws-client';

export interface SyncedAccount {
  dovecot: DovecotInstance;
  t: TestHub;
  socket: EventSocket;
  account: Account;
  /** Cuts the hub off from the server (its sync loop stopped), as while the network is down. */
  goOffline(): Promise<void>;
  /** Starts the account's sync loop again. */
  goOnline(): void;
  /** Closes the socket, stops the hub (removing its data) and destroys Dovecot. */
  stop(): Promise<void>;
}

/** Runs `work` with a second IMAP client logged in as the Dovecot's first user ("another client"). */
export async function withImapClient<T>(dovecot: DovecotInstance, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow(dovecot.imapOptions());
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout();
  }
}

/** A proxy in front of the Dovecot (a named fake: holding, refusing, intercepting): the account connects through it. */
export interface AccountProxy {
  readonly port: number;
  close(): Promise<void>;
}

export async function startSyncedAccount(options: {
  dovecot: DovecotOptions;
  hub?: Partial<HubOptions>;
  folders?: string[];
  /** Starts the proxy the account goes through, given Dovecot's port; stop() closes it. */
  through?: (dovecotPort: number) => Promise<AccountProxy>;
}): Promise<SyncedAccount> {
  const dovecot = await startDovecot(options.dovecot);
  const proxy = options.through ? await options.through(dovecot.port) : null;
  if (options.folders?.length) {
    await withImapClient(dovecot, async (client) => {
      for (const folder of options.folders!) await client.mailboxCreate(folder);
    });
  }
  const t = await startTestHub(options.hub);
  const socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
  const direct = accountRequest(dovecot);
  const body = proxy ? { ...direct, imap: { ...direct.imap, port: proxy.port } } : direct;
  const added = await callApi<{ account: Account }>(t, '/api/accounts', { method: 'POST', body });
  if (added.status !== 201) throw new Error(`adding the account failed: ${added.status} ${JSON.stringify(added.body)}`);
  await waitForSyncState(socket, added.body.account.id, 'idle');
  return {
    dovecot,
    t,
    socket,
    account: added.body.account,
    goOffline: () => t.hub.sync.stop(added.body.account.id),
    goOnline: () => t.hub.sync.start(t.hub.store.reads.getAccount(added.body.account.id)!, dovecot.users[0]!.password),
    async stop() {
      socket.ws.close(1000);
      await t.stop();
      await proxy?.close();
      await dovecot.destroy();
    },
  };
}
