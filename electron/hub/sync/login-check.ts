// Adding an account logs in first, so that a wrong password or host is a
// clear error before anything is stored. The connection that logged in is the
// account's first sync connection: a second login would cost the server and the
// user's first messages another round of connect, TLS and authentication.
import type { ImapFlow, ImapFlowOptions } from 'imapflow';
import type { Logger } from '../logger';
import { classifyImapError, connectImap, createImapClient, type ImapFailure, type ImapSettings } from './imap-client';

/** Connects and logs in: the connection (a sync connection, see imap-client.ts), or what went wrong. */
export async function openCheckedConnection(
  settings: ImapSettings,
  password: string,
  logger: Logger,
  tls?: ImapFlowOptions['tls'],
): Promise<{ connection: ImapFlow; failure: null } | { connection: null; failure: ImapFailure }> {
  const client = createImapClient({ settings, password, logger, tls, connectionTimeoutMs: 10_000 });
  try {
    await connectImap(client);
    return { connection: client, failure: null };
  } catch (error) {
    client.close();
    return { connection: null, failure: classifyImapError(error, settings) };
  }
}
