// LIST with special-use (RFC 6154), ordered as the folder tree the sidebar shows: INBOX
// first, then the special folders in a fixed order, then the rest by name; each folder's
// subfolders right after it, ordered the same way among themselves.
import type { ImapFlow, ListResponse, StatusObject } from 'imapflow';
import type { SpecialUse } from '../../../shared/model';
import type { MailboxInput } from '../store/store-writes';

const specialOrder: SpecialUse[] = ['\\Inbox', '\\Drafts', '\\Sent', '\\Archive', '\\Junk', '\\Trash', '\\All', '\\Flagged'];
const knownSpecialUse = new Set<string>(specialOrder);

const isInbox = (path: string): boolean => path.toUpperCase() === 'INBOX';

/**
 * The folder's special use. One the server reports (SPECIAL-USE, XLIST) is taken as it is; one
 * imapflow guessed from the name ("Sent Items", "Archive") only for a folder at the top or right
 * under INBOX or the personal namespace's prefix (servers that put every folder there, such as
 * "INBOX." or "Mail/"): the user's own "Projects/Archive" is not where the Archive button should
 * file mail.
 */
function specialUseOf(entry: ListResponse, namespacePrefix: string): SpecialUse | null {
  if (isInbox(entry.path)) return '\\Inbox';
  if (!entry.specialUse || !knownSpecialUse.has(entry.specialUse)) return null;
  const guessed = entry.specialUseSource === 'name';
  const [parent = ''] = entry.parent;
  const underPrefix = isInbox(parent) || (namespacePrefix !== '' && `${parent}${entry.delimiter}` === namespacePrefix);
  const nearTop = entry.parent.length === 0 || (entry.parent.length === 1 && underPrefix);
  return guessed && !nearTop ? null : (entry.specialUse as SpecialUse);
}

/** \Noselect and \NonExistent (RFC 5258) in any case: IMAP attributes are case-insensitive, and imapflow keeps the server's spelling. */
function isSelectable(entry: ListResponse): boolean {
  for (const flag of entry.flags) {
    const lower = flag.toLowerCase();
    if (lower === '\\noselect' || lower === '\\nonexistent') return false;
  }
  return true;
}

export interface ListedMailbox {
  input: MailboxInput;
  /** STATUS from the same LIST (LIST-STATUS, RFC 5819, where the server has it). */
  status: StatusObject | undefined;
}

/** What STATUS is asked for: enough to tell whether a mailbox changed since its last sync. */
export const CHANGE_STATUS = { messages: true, uidNext: true, uidValidity: true, highestModseq: true } as const;

/**
 * Sort keys of the folder tree: for each level of the path, the rank of the folder at that
 * level (its special use's place, else after them all) and its name. A parent's key is a prefix
 * of its children's, so they follow it; "Work/Sub" comes before "Work Stuff" and "Work-old".
 */
function treeKeys(entries: ListResponse[], namespacePrefix: string): Map<ListResponse, Array<[number, string]>> {
  const rankByPath = new Map<string, number>();
  for (const entry of entries) {
    const special = specialUseOf(entry, namespacePrefix);
    rankByPath.set(entry.path, special ? specialOrder.indexOf(special) : specialOrder.length);
  }
  const keys = new Map<ListResponse, Array<[number, string]>>();
  for (const entry of entries) {
    const segments = entry.delimiter ? entry.path.split(entry.delimiter) : [entry.path];
    keys.set(
      entry,
      segments.map((segment, level) => {
        const path = segments.slice(0, level + 1).join(entry.delimiter);
        return [rankByPath.get(path) ?? (isInbox(path) ? 0 : specialOrder.length), segment];
      }),
    );
  }
  return keys;
}

function compareKeys(a: Array<[number, string]>, b: Array<[number, string]>): number {
  for (let level = 0; level < Math.min(a.length, b.length); level++) {
    const [rankA, nameA] = a[level]!;
    const [rankB, nameB] = b[level]!;
    const order = rankA - rankB || nameA.localeCompare(nameB) || (nameA < nameB ? -1 : nameA > nameB ? 1 : 0);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/**
 * The selectable mailboxes of the account, ordered for display and sync, with their STATUS
 * when `withStatus` (a STATUS makes the server open the mailbox: on a large maildir that
 * costs Dovecot about as much as the SELECT a first sync does anyway).
 */
export async function listMailboxes(client: ImapFlow, withStatus = true): Promise<ListedMailbox[]> {
  const entries = await client.list(withStatus ? { statusQuery: CHANGE_STATUS } : {});
  const selectable = entries.filter(isSelectable);
  const namespacePrefix = client.namespace?.prefix ?? '';
  const keys = treeKeys(entries, namespacePrefix);
  return selectable
    .sort((a, b) => compareKeys(keys.get(a)!, keys.get(b)!))
    .map((entry, index) => ({
      input: {
        path: entry.path,
        name: isInbox(entry.path) ? 'Inbox' : entry.name,
        delimiter: entry.delimiter || null,
        specialUse: specialUseOf(entry, namespacePrefix),
        sortKey: index,
      },
      status: entry.status,
    }));
}
