// The mailbox a lock was granted on, as the connection has it selected.
//
// After the server's BYE (Dovecot kicking a session, a shutdown), imapflow goes on
// granting mailbox locks until it closes the socket a tick later: the SELECT is skipped
// (the session is no longer authenticated) and `client.mailbox` is still the mailbox
// selected before, usually INBOX. Read as the locked mailbox, INBOX's UIDVALIDITY was
// taken for another folder's, and that folder was rebuilt: every message deleted and
// fetched again, and once more on the next session, when the real value came back.
import type { ImapFlow, MailboxLockObject, MailboxObject } from 'imapflow';
import { OfflineError } from './offline-error';

/** The selected mailbox if it is the one `lock` was granted on, else null (the session ended). */
export function selectedFor(client: ImapFlow, lock: MailboxLockObject): MailboxObject | null {
  const selected = client.mailbox;
  return selected && selected.path === lock.path ? selected : null;
}

/**
 * The selected mailbox if it is the one `lock` was granted on; otherwise the connection is
 * closed (its state cannot be trusted) and OfflineError thrown, so that the next session
 * does the work again.
 */
export function lockedMailbox(client: ImapFlow, lock: MailboxLockObject): MailboxObject {
  const selected = selectedFor(client, lock);
  if (selected) return selected;
  if (client.usable) client.close();
  throw new OfflineError(`The connection closed before ${lock.path} was selected`);
}
