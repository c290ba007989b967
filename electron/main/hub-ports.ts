// What the shell reads from and asks of the hub, through what the hub already
// offers (its store reads and its sync manager): the inputs of the tray and
// notification logic.
import type { Mailbox } from '../../shared/model';
import type { Hub } from '../hub/create-hub';
import type { MailboxFacts } from './notifications/new-mail-notifier';

/** The stored mailboxes (for the tray's unread count). */
export function readMailboxes(hub: Pick<Hub, 'store'>): () => Mailbox[] {
  return () => hub.store.reads.listMailboxes();
}

/** Whether a mailbox is an inbox and has had its first sync (for notifications). */
export function mailboxFacts(hub: Pick<Hub, 'store'>): (mailboxId: string) => MailboxFacts | null {
  return (mailboxId) => {
    const mailbox = hub.store.reads.getMailbox(mailboxId);
    return mailbox ? { isInbox: mailbox.specialUse === '\\Inbox', firstSyncDone: mailbox.initialSyncDone } : null;
  };
}

/**
 * "Check mail now": a connected account checks every mailbox at once (not at
 * its next poll); one waiting to reconnect (offline backoff, or a refused login
 * waiting for the user) reconnects at once.
 */
export function checkMailNow(hub: Pick<Hub, 'store' | 'sync'>): () => void {
  return () => {
    for (const account of hub.store.reads.listAccounts()) hub.sync.get(account.id)?.checkNow();
  };
}
