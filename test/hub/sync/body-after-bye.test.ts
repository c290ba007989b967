// A body fetch whose folder lock imapflow grants just after the server's BYE (locked-mailbox.ts):
// the SELECT is skipped and the connection is dying. The fetch must go once more over a new
// connection and bring the message, not fail with "the server would not send the message" (the
// dying client was handed out again for the retry).
//
// Against the real Dovecot and the real imapflow client; only the instant is staged: the BYE is
// handed to imapflow's own BYE handler right before the second fetch asks for its lock, an instant
// no server's timing can be made to hit from a test.
import { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { createLogger } from '../../../electron/hub/logger';
import { createBodyFetcher, type BodyFetcher } from '../../../electron/hub/sync/body-connection';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { withImapClient } from '../../support/synced-account';

let dovecot: DovecotInstance;
let fetcher: BodyFetcher | null = null;

beforeAll(async () => {
  dovecot = await startDovecot();
  const user = dovecot.users[0]!.user;
  await dovecot.appendRaw(user, 'INBOX', 'From: a@example.test\r\nSubject: in the inbox\r\n\r\nInbox body\r\n');
  await dovecot.appendRaw(user, 'Archive', 'From: b@example.test\r\nSubject: archived\r\n\r\nArchived body\r\n');
}, 60_000);

afterEach(() => {
  fetcher?.close();
  fetcher = null;
  vi.restoreAllMocks();
});

afterAll(async () => {
  await dovecot?.stop();
});

it('fetches over a new connection a body whose folder lock came right after the server ended the session', async () => {
  const user = dovecot.users[0]!;
  const validity = await withImapClient(dovecot, async (client) => {
    const of = async (path: string): Promise<number> => {
      const status = await client.status(path, { uidValidity: true });
      if (!status) throw new Error(`no STATUS of ${path}`);
      return Number(status.uidValidity);
    };
    return { inbox: await of('INBOX'), archive: await of('Archive') };
  });
  const clients: ImapFlow[] = [];
  const connect = ImapFlow.prototype.connect;
  vi.spyOn(ImapFlow.prototype, 'connect').mockImplementation(function (this: ImapFlow) {
    clients.push(this);
    return connect.call(this);
  });
  fetcher = createBodyFetcher({
    settings: { host: '127.0.0.1', port: dovecot.port, security: 'none', user: user.user },
    password: user.password,
    logger: createLogger(() => undefined),
  });

  expect(String(await fetcher.fetchSource('INBOX', 1, validity.inbox))).toContain('Inbox body');
  expect(clients).toHaveLength(1);
  // The server's BYE lands (a kick, a shutdown) with INBOX selected and no command in flight.
  const dying = clients[0] as unknown as { untaggedHandlers: { BYE: (parsed: unknown) => Promise<void> } };
  await dying.untaggedHandlers.BYE({ attributes: [{ type: 'TEXT', value: 'Server shutting down.' }] });

  const archived = await fetcher.fetchSource('Archive', 1, validity.archive);
  expect(String(archived)).toContain('Archived body');
  expect(clients).toHaveLength(2);
});
