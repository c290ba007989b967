// The rows of the sidebar's folder tree. The hub stores only selectable mailboxes, so a folder
// whose parent is \Noselect or \NonExistent (RFC 3501 §7.2.2, RFC 5258: Gmail's "[Gmail]",
// Dovecot's "Parent/Child" where "Parent" was never created) would be indented under nothing, or
// under whichever folder came before it. As Thunderbird does, such a parent gets a row of its own:
// named, at its depth, but not a mailbox (nothing to open, count or drop onto).
//
// One such parent is not shown: the personal namespace's prefix (RFC 2342) on a server that
// keeps every folder under it ("Mail/" on UW-IMAP and some Dovecot set-ups, listed \Noselect).
// Thunderbird hides it, and so does this tree: its folders are shown one level up, at the top.
import type { Mailbox } from '../../../shared/model';

export type FolderRow =
  | { kind: 'mailbox'; key: string; mailbox: Mailbox; depth: number }
  | { kind: 'container'; key: string; accountId: string; path: string; name: string; depth: number };

/** The row placed last: a mailbox or a container. */
interface Placed {
  accountId: string;
  path: string;
}

/** INBOX is case-insensitive (RFC 3501 §5.1): "Inbox/Sub" is under the "INBOX" the hub stores. */
function normalPath(path: string, delimiter: string | null): string {
  const first = delimiter ? path.split(delimiter, 1)[0]! : path;
  return first.toUpperCase() === 'INBOX' ? `INBOX${path.slice(first.length)}` : path;
}

const pathKey = (accountId: string, path: string, delimiter: string | null): string => `${accountId}\u0000${normalPath(path, delimiter)}`;

/** Whether the row just placed is `path` or inside it: then `path` is already shown above. */
function isShownAbove(last: Placed | null, accountId: string, path: string, delimiter: string): boolean {
  if (!last || last.accountId !== accountId) return false;
  const lastPath = normalPath(last.path, delimiter);
  const wanted = normalPath(path, delimiter);
  return lastPath === wanted || lastPath.startsWith(`${wanted}${delimiter}`);
}

const isInbox = (path: string): boolean => path.toUpperCase() === 'INBOX';

/** A hidden namespace root: its folders are shown as if it were not in their paths. */
interface HiddenRoot {
  path: string;
  delimiter: string;
}

/**
 * The account's namespace root, when it looks like one. The model has no namespace (the hub keeps
 * it to itself), so it is told from the folders: a top-level parent that is not a mailbox, holds
 * every folder but INBOX, and holds the special folders (Sent, Drafts, Trash…) right inside it,
 * which is where a server that has a prefix keeps them. The user's own "Projects", holding the
 * only folder besides INBOX, is not one: nothing special is in it.
 */
function namespaceRoot(mailboxes: readonly Mailbox[], present: ReadonlySet<string>): HiddenRoot | null {
  const others = mailboxes.filter((m) => !isInbox(m.path));
  const first = others[0];
  if (!first?.delimiter) return null;
  const { accountId, delimiter } = first;
  const [root] = first.path.split(delimiter);
  if (!root || present.has(pathKey(accountId, root, delimiter))) return null;
  const prefix = `${root}${delimiter}`;
  const allInside = others.every((m) => m.accountId === accountId && m.delimiter === delimiter && m.path.startsWith(prefix));
  const specialInside = others.some((m) => m.specialUse !== null && m.path.split(delimiter).length === 2);
  return allInside && specialInside ? { path: root, delimiter } : null;
}

/** How many leading levels of `mailbox`'s path the tree leaves out (its hidden root's). */
function hiddenLevels(mailbox: Mailbox, root: HiddenRoot | undefined): number {
  if (!root || mailbox.delimiter !== root.delimiter) return 0;
  return mailbox.path.startsWith(`${root.path}${root.delimiter}`) ? 1 : 0;
}

/**
 * The sidebar's rows for mailboxes in the hub's tree order: each mailbox, preceded by a container
 * row for every ancestor that is not a mailbox itself and not already shown right above it. An
 * account's namespace root gets no row, and the folders in it are one level less deep.
 */
export function folderTreeRows(mailboxes: readonly Mailbox[]): FolderRow[] {
  const present = new Set(mailboxes.map((m) => pathKey(m.accountId, m.path, m.delimiter)));
  const roots = new Map<string, HiddenRoot>();
  for (const accountId of new Set(mailboxes.map((m) => m.accountId))) {
    const root = namespaceRoot(mailboxes.filter((m) => m.accountId === accountId), present);
    if (root) roots.set(accountId, root);
  }
  const rows: FolderRow[] = [];
  let last: Placed | null = null;
  for (const mailbox of mailboxes) {
    const { accountId, delimiter } = mailbox;
    const hidden = hiddenLevels(mailbox, roots.get(accountId));
    // A null delimiter is a flat namespace: no folder has a parent.
    const segments = delimiter ? mailbox.path.split(delimiter) : [mailbox.path];
    if (delimiter) {
      for (let level = hidden; level < segments.length - 1; level++) {
        const path = segments.slice(0, level + 1).join(delimiter);
        if (present.has(pathKey(accountId, path, delimiter)) || isShownAbove(last, accountId, path, delimiter)) continue;
        // Keyed by the child it is placed for: unique, and stable while the list does not change.
        rows.push({ kind: 'container', key: `container:${mailbox.id}:${level}`, accountId, path, name: segments[level]!, depth: level - hidden });
        last = { accountId, path };
      }
    }
    rows.push({ kind: 'mailbox', key: mailbox.id, mailbox, depth: segments.length - 1 - hidden });
    last = mailbox;
  }
  return rows;
}
