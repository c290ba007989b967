// The rows of the sidebar's folder tree. The hub stores only selectable mailboxes, so a folder
// whose parent is \Noselect or \NonExistent (RFC 3501 §7.2.2, RFC 5258: Gmail's "[Gmail]",
// Dovecot's "Parent/Child" where "Parent" was never created) would be indented under nothing, or
// under whichever folder came before it. As Thunderbird does, such a parent gets a row of its own:
// named, at its depth, but not a mailbox (nothing to open, count or drop onto).
import type { Mailbox } from '../../../shared/model';

export type FolderRow =
  | { kind: 'mailbox'; key: string; mailbox: Mailbox }
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

/**
 * The sidebar's rows for mailboxes in the hub's tree order: each mailbox, preceded by a container
 * row for every ancestor that is not a mailbox itself and not already shown right above it.
 */
export function folderTreeRows(mailboxes: readonly Mailbox[]): FolderRow[] {
  const present = new Set(mailboxes.map((m) => pathKey(m.accountId, m.path, m.delimiter)));
  const rows: FolderRow[] = [];
  let last: Placed | null = null;
  for (const mailbox of mailboxes) {
    const { accountId, delimiter } = mailbox;
    // A null delimiter is a flat namespace: no folder has a parent.
    if (delimiter) {
      const segments = mailbox.path.split(delimiter);
      for (let level = 0; level < segments.length - 1; level++) {
        const path = segments.slice(0, level + 1).join(delimiter);
        if (present.has(pathKey(accountId, path, delimiter)) || isShownAbove(last, accountId, path, delimiter)) continue;
        // Keyed by the child it is placed for: unique, and stable while the list does not change.
        rows.push({ kind: 'container', key: `container:${mailbox.id}:${level}`, accountId, path, name: segments[level]!, depth: level });
        last = { accountId, path };
      }
    }
    rows.push({ kind: 'mailbox', key: mailbox.id, mailbox });
    last = mailbox;
  }
  return rows;
}
