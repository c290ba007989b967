// The lists of the folders viewed in this page, kept in memory, for offline first: a folder
// viewed before still shows its messages when the hub is not reachable to load it again (it said
// "Could not load messages", with an empty list, under a banner that said "Showing what is
// loaded"). Pure functions over the mail state; mail-state.ts keeps a list as the page leaves it
// and shows it again (listFromMemory). Only ids: the summaries are the page's (MailState.messages),
// as the hub's events have left them since.
import type { Mailbox, MessageSummary } from '../../../shared/model';
import type { ListState, MailState } from './mail-state';

/** Per folder, the message ids of its list as the page last left it, in list order. */
export type KeptLists = Readonly<Record<string, readonly string[]>>;

/**
 * `kept` with the list shown kept for its folder, as the page leaves it: every row loaded, not
 * only the first page. A list that never loaded (its first page still on its way, or refused) is
 * not kept: the one kept before stays.
 */
export function withListKept(kept: KeptLists, list: ListState): KeptLists {
  if (list.source?.kind !== 'mailbox' || !list.loaded) return kept;
  return { ...kept, [list.source.mailboxId]: list.ids };
}

/**
 * The messages of `mailboxId`'s kept list as the page has them now: those deleted or moved
 * elsewhere since are left out. Null when none is kept.
 */
export function keptMessages(state: Pick<MailState, 'keptLists' | 'messages'>, mailboxId: string): MessageSummary[] | null {
  const ids = state.keptLists[mailboxId];
  if (!ids) return null;
  return ids.map((id) => state.messages[id]).filter((message): message is MessageSummary => message?.mailboxId === mailboxId);
}

/** The kept lists of the folders in `mailboxes` (a folder deleted, or an account removed, takes its list along). */
export function keptForMailboxes(kept: KeptLists, mailboxes: Readonly<Record<string, Mailbox>>): KeptLists {
  const gone = Object.keys(kept).filter((mailboxId) => !(mailboxId in mailboxes));
  if (gone.length === 0) return kept;
  return Object.fromEntries(Object.entries(kept).filter(([mailboxId]) => mailboxId in mailboxes));
}
