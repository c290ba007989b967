// LIST with special-use (RFC 6154): INBOX first, then the special folders in
// a fixed order, then the rest by path.
import type { ImapFlow, ListResponse, StatusObject } from 'imapflow';
import type { SpecialUse } from '../../../shared/model';
import type { MailboxInput } from '../store/store-writes';

const specialOrder: SpecialUse[] = ['\\Inbox', '\\Drafts', '\\Sent', '\\Archive', '\\Junk', '\\Trash', '\\All', '\\Flagged'];
const knownSpecialUse = new Set<string>(specialOrder);

function specialUseOf(entry: ListResponse): SpecialUse | null {
  if (entry.path.toUpperCase() === 'INBOX') return '\\Inbox';
  return entry.specialUse && knownSpecialUse.has(entry.specialUse) ? (entry.specialUse as SpecialUse) : null;
}

export interface ListedMailbox {
  input: MailboxInput;
  /** STATUS from the same LIST (LIST-STATUS, RFC 5819, where the server has it). */
  status: StatusObject | undefined;
}

/** What STATUS is asked for: enough to tell whether a mailbox changed since its last sync. */
export const CHANGE_STATUS = { messages: true, uidNext: true, uidValidity: true, highestModseq: true } as const;

/**
 * The selectable mailboxes of the account, ordered for display and sync, with their STATUS
 * when `withStatus` (a STATUS makes the server open the mailbox: on a large maildir that
 * costs Dovecot about as much as the SELECT a first sync does anyway).
 */
export async function listMailboxes(client: ImapFlow, withStatus = true): Promise<ListedMailbox[]> {
  const entries = await client.list(withStatus ? { statusQuery: CHANGE_STATUS } : {});
  const selectable = entries.filter((entry) => !entry.flags.has('\\Noselect') && !entry.flags.has('\\NonExistent'));
  const rank = (entry: ListResponse): number => {
    const special = specialUseOf(entry);
    return special ? specialOrder.indexOf(special) : specialOrder.length;
  };
  return selectable
    .sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path))
    .map((entry, index) => ({
      input: {
        path: entry.path,
        name: entry.path.toUpperCase() === 'INBOX' ? 'Inbox' : entry.name,
        delimiter: entry.delimiter || null,
        specialUse: specialUseOf(entry),
        sortKey: index,
      },
      status: entry.status,
    }));
}
