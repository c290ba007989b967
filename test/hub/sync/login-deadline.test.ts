// A server that greets, accepts the login and then says nothing more: connecting must fail
// within the login deadline with words a user can act on, not wait imapflow's 5-minute
// command timeout (an account's add hung that long, and a second try was refused meanwhile).
//
// The server is the real Dovecot behind a named fake: a proxy that passes everything up to
// and including the LOGIN command, then swallows what the client sends. Dovecot cannot be
// made to stop answering after a login on its own.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../../electron/hub/logger';
import { classifyImapError, connectImap, createImapClient } from '../../../electron/hub/sync/imap-client';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { startInterceptingProxy, type InterceptingProxy } from '../../support/mail/intercepting-proxy';

let dovecot: DovecotInstance;
let silentAfterLogin: InterceptingProxy;

beforeAll(async () => {
  dovecot = await startDovecot();
  silentAfterLogin = await startInterceptingProxy(dovecot.port, ({ upstream }) => {
    let loggedIn = false;
    return (chunk) => {
      if (loggedIn) return;
      if (/^\S+ (LOGIN|AUTHENTICATE) /im.test(chunk.toString('latin1'))) loggedIn = true;
      upstream.write(chunk);
    };
  });
}, 60_000);

afterAll(async () => {
  await silentAfterLogin?.close();
  await dovecot?.stop();
});

it('gives up on a server that stops answering after the login, within the deadline, saying so', async () => {
  const user = dovecot.users[0]!;
  const settings = { host: '127.0.0.1', port: silentAfterLogin.port, security: 'none' as const, user: user.user };
  const client = createImapClient({ settings, password: user.password, logger: createLogger(() => undefined) });
  const began = performance.now();
  const error = await connectImap(client, 1_000).then(
    () => null,
    (failure: unknown) => failure,
  );
  const tookMs = performance.now() - began;
  expect(error).not.toBeNull();
  expect(tookMs).toBeLessThan(5_000);
  expect(classifyImapError(error, settings)).toMatchObject({ message: '127.0.0.1 stopped answering (timed out)' });
  // The client is closed, not left waiting on the server.
  expect(client.usable).toBe(false);
});

it('connects within the deadline when the server answers', async () => {
  const user = dovecot.users[0]!;
  const settings = { host: '127.0.0.1', port: dovecot.port, security: 'none' as const, user: user.user };
  const client = createImapClient({ settings, password: user.password, logger: createLogger(() => undefined) });
  // A deadline a loaded machine's login fits in: this checks that a timely login is not cut off.
  await connectImap(client, 10_000);
  expect(client.usable).toBe(true);
  await client.logout();
});
