// Adding an account logs in first, so that a wrong password or host is a
// clear error before anything is stored.
import type { ImapFlowOptions } from 'imapflow';
import type { Logger } from '../logger';
import { classifyImapError, createImapClient, type ImapFailure, type ImapSettings } from './imap-client';

/** Logs in and out; null on success, otherwise what went wrong. */
export async function checkLogin(settings: ImapSettings, password: string, logger: Logger, tls?: ImapFlowOptions['tls']): Promise<ImapFailure | null> {
  const client = createImapClient({ settings, password, logger, tls, connectionTimeoutMs: 10_000, idle: false });
  try {
    await client.connect();
    await client.logout();
    return null;
  } catch (error) {
    return classifyImapError(error);
  } finally {
    client.close();
  }
}
