import type { Mailbox } from '../../../shared/model';

/** Depth in the folder tree, from the path and its delimiter. */
export function mailboxDepth(mailbox: Mailbox): number {
  return mailbox.delimiter ? mailbox.path.split(mailbox.delimiter).length - 1 : 0;
}

/**
 * A folder's name with the folders it is in ("Projects / Q1"), for lists without indentation
 * such as the move menu: two folders named "Q1" were otherwise one name twice.
 */
export function mailboxPathLabel(mailbox: Mailbox): string {
  if (!mailboxDepth(mailbox)) return mailbox.name;
  const parents = mailbox.path.split(mailbox.delimiter as string).slice(0, -1);
  // The hub names INBOX "Inbox"; a folder under it says so the same way.
  if (parents[0]?.toUpperCase() === 'INBOX') parents[0] = 'Inbox';
  return [...parents, mailbox.name].join(' / ');
}
