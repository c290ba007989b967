// What an archive, a delete or a move does to the list shown, as pure functions over the mail
// state (mail-state.ts applies them, action-commands.ts asks before it sends). A folder's list
// loses the messages. Search results keep those an archive or a move takes to another folder:
// they still match, and Gmail keeps them, showing their new folder; a delete, or a move to Trash
// or Junk, takes them out (a search leaves those folders out, as Gmail's does).
import type { ActionType } from '../../../shared/actions';
import type { ErrorInfo, Mailbox, MessageSummary } from '../../../shared/model';
import type { MailState, TrackedAction } from './mail-state';

/** 'remove': the messages leave the list; 'relabel': they stay, in their new folder; 'none': a flag changed. */
export type ListEffect = 'remove' | 'relabel' | 'none';

export function listEffect(state: Pick<MailState, 'list' | 'mailboxes'>, type: ActionType, targetMailboxId?: string): ListEffect {
  if (type !== 'archive' && type !== 'move' && type !== 'delete') return 'none';
  if (state.list.source?.kind !== 'search' || type === 'delete') return 'remove';
  const use = targetMailboxId === undefined ? undefined : state.mailboxes[targetMailboxId]?.specialUse;
  return use === '\\Trash' || use === '\\Junk' ? 'remove' : 'relabel';
}

/**
 * Where an action takes the messages of each account: the folder of a move, the account's Archive
 * or Trash (as the hub finds them); undefined when it is not known here (the hub makes an Archive
 * that is missing) or the action moves nothing.
 */
function targetsOf(state: Pick<MailState, 'mailboxes'>, type: ActionType, targetMailboxId: string | undefined): (accountId: string) => string | undefined {
  if (type === 'move') return () => targetMailboxId;
  const use: Mailbox['specialUse'] = type === 'archive' ? '\\Archive' : type === 'delete' ? '\\Trash' : null;
  const found = new Map<string, string | undefined>();
  return (accountId) => {
    if (use === null) return undefined;
    if (!found.has(accountId)) found.set(accountId, Object.values(state.mailboxes).find((mailbox) => mailbox.accountId === accountId && mailbox.specialUse === use)?.id);
    return found.get(accountId);
  };
}

/**
 * Of `messageIds`, those already in the folder an archive or a move takes them to. They stay out
 * of the request and of the toast's count: the hub leaves them where they are (and refuses an
 * action whose messages are all there, 400 already_there).
 */
export function alreadyInTarget(state: Pick<MailState, 'messages' | 'mailboxes'>, type: ActionType, messageIds: readonly string[], targetMailboxId?: string): string[] {
  if (type !== 'archive' && type !== 'move') return [];
  const target = targetsOf(state, type, targetMailboxId);
  return messageIds.filter((id) => {
    const message = state.messages[id];
    return message !== undefined && message.mailboxId === target(message.accountId);
  });
}

/** Why an action on messages all already in its folder is not sent, in the hub's words. */
export function alreadyThere(state: Pick<MailState, 'messages' | 'mailboxes'>, messageIds: readonly string[]): ErrorInfo {
  const mailbox = state.mailboxes[state.messages[messageIds[0] ?? '']?.mailboxId ?? ''];
  const where = mailbox ? `in ${mailbox.name}` : 'there';
  return { code: 'already_there', message: messageIds.length === 1 ? `The message is already ${where}` : `The messages are already ${where}` };
}

function relabel(state: MailState, action: TrackedAction, change: (old: MessageSummary, current: MessageSummary, target: string) => MessageSummary | null): MailState {
  const target = targetsOf(state, action.type, action.targetMailboxId);
  let messages: Record<string, MessageSummary> | null = null;
  for (const old of action.before) {
    const current = state.messages[old.id];
    const to = target(old.accountId);
    if (!current || to === undefined || to === old.mailboxId) continue;
    const changed = change(old, current, to);
    if (!changed) continue;
    messages ??= { ...state.messages };
    messages[old.id] = changed;
  }
  return messages ? { ...state, messages } : state;
}

/**
 * The messages of an archive or a move shown in their new folder before the hub reports it (uid
 * null, as the hub has a message just moved). One no longer where the action found it (a search
 * read after the hub moved it) is left as the hub has it.
 */
export function movedInPlace(state: MailState, action: TrackedAction): MailState {
  return relabel(state, action, (old, current, to) => (current.mailboxId === old.mailboxId ? { ...current, mailboxId: to, uid: null } : null));
}

/** The messages of a refused or undone archive or move shown in the folder they were in again, those still shown where it took them. */
export function movedBack(state: MailState, action: TrackedAction): MailState {
  return relabel(state, action, (old, current, to) => (current.mailboxId === to ? { ...current, mailboxId: old.mailboxId, uid: old.uid } : null));
}
