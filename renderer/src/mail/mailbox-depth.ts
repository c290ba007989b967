import type { Mailbox } from '../../../shared/model';

/** Depth in the folder tree, from the path and its delimiter. */
export function mailboxDepth(mailbox: Mailbox): number {
  return mailbox.delimiter ? mailbox.path.split(mailbox.delimiter).length - 1 : 0;
}
