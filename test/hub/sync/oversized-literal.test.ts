// A server that sends far more for a message than it said it holds: the body connection must
// refuse the source past the hub's limit (MAX_SOURCE_BYTES), with an error that says so, not
// hold and store whatever arrives (imapflow's own limit is 1 GiB). The server is the real
// Dovecot behind a named fake (inflating-proxy.ts): Dovecot does not lie about sizes.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../../electron/hub/logger';
import { BodyFetchError, createBodyFetcher, type BodyFetcher } from '../../../electron/hub/sync/body-connection';
import { MAX_SOURCE_BYTES } from '../../../electron/hub/sync/imap-client';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { startInflatingProxy } from '../../support/mail/inflating-proxy';
import type { InterceptingProxy } from '../../support/mail/intercepting-proxy';
import { withImapClient } from '../../support/synced-account';

let dovecot: DovecotInstance;
let proxy: InterceptingProxy | null = null;

beforeAll(async () => {
  dovecot = await startDovecot();
  const user = dovecot.users[0]!.user;
  await dovecot.appendRaw(user, 'INBOX', 'From: a@example.test\r\nSubject: small\r\n\r\nA small body\r\n');
  await dovecot.appendRaw(user, 'INBOX', 'From: b@example.test\r\nSubject: also small\r\n\r\nAnother small body\r\n');
}, 60_000);

afterEach(async () => {
  await proxy?.close();
  proxy = null;
});

afterAll(async () => {
  await dovecot?.stop();
});

/** A body fetcher whose connections go through a new proxy that inflates the first message sent. */
async function fetcherThroughInflatingProxy(): Promise<BodyFetcher> {
  proxy = await startInflatingProxy(dovecot.port, MAX_SOURCE_BYTES + 1024 * 1024);
  const user = dovecot.users[0]!;
  return createBodyFetcher({
    settings: { host: '127.0.0.1', port: proxy.port, security: 'none', user: user.user },
    password: user.password,
    logger: createLogger(() => undefined),
  });
}

async function inboxValidity(): Promise<number> {
  return withImapClient(dovecot, async (client) => {
    const status = await client.status('INBOX', { uidValidity: true });
    if (!status) throw new Error('no STATUS of INBOX');
    return Number(status.uidValidity);
  });
}

const failureOf = (fetching: Promise<unknown>): Promise<unknown> =>
  fetching.then(
    () => null,
    (failure: unknown) => failure,
  );

it('refuses a source over the limit with a clear error, and fetches the next message again', async () => {
  const uidValidity = await inboxValidity();
  const fetcher = await fetcherThroughInflatingProxy();
  try {
    const error = await failureOf(fetcher.fetchSource('INBOX', 1, uidValidity));
    expect(error).toBeInstanceOf(BodyFetchError);
    expect((error as Error).message).toBe('The server sent more for this message than MailMind accepts (64 MB)');
    // Only the first literal is inflated: the next message comes whole, over a new connection.
    expect(String(await fetcher.fetchSource('INBOX', 2, uidValidity))).toContain('Another small body');
  } finally {
    fetcher.close();
  }
}, 30_000);

it('blames only the message whose source was over the limit: one opened at the same time opens', async () => {
  const uidValidity = await inboxValidity();
  const fetcher = await fetcherThroughInflatingProxy();
  try {
    const [first, second] = [fetcher.fetchSource('INBOX', 1, uidValidity), fetcher.fetchSource('INBOX', 2, uidValidity)];
    expect(await failureOf(first)).toBeInstanceOf(BodyFetchError);
    expect(String(await second)).toContain('Another small body');
  } finally {
    fetcher.close();
  }
}, 30_000);
