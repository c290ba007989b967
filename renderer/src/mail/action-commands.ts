// What the user does to messages (star, read, archive, delete, move, and their undo): shown at once,
// sent to the hub, tracked until the hub reports it, sent again once the hub is back when it never
// reached it, and kept in the page's storage meanwhile, for the next page to send should this one
// be closed or reloaded first. Plain functions over the API client and the stores, as
// mail-commands.ts's are.
import { isFlagAction, type ActionRequest, type ActionType } from '../../../shared/actions';
import type { ErrorInfo } from '../../../shared/model';
import type { ApiClient } from '../api/api-client';
import { splitByAccount } from '../stores/action-tracking';
import {
  actionAccepted,
  actionNotSent,
  actionRejected,
  actionResent,
  actionUnsent,
  canOfferUndo,
  dismissAction,
  isSeen,
  newestUndoable,
  undoFailed,
  undoFinished,
  undoStarted,
  undoableOnItsWay,
  applyOptimistic,
  effectiveActionState,
  unsentUndone,
  type NewAction,
  type TrackedAction,
} from '../stores/mail-state';
import { mailStore, updateMail } from '../stores/mail-store';
import { alreadyInTarget, alreadyThere, listEffect } from '../stores/moves-in-search';
import { setUi, uiStore, viewAfterFailure, viewAfterRemoval, type ActionView } from '../stores/ui-store';
import { claimForResend, forgetKept, isKept, keepUnsent } from './kept-unsent-actions';
import { errorInfo, neverReachedHub } from './mail-commands';

let localSequence = 0;

function newLocalId(): string {
  localSequence += 1;
  return `local-${Date.now()}-${localSequence}`;
}

/** Why a moved message of another account than the folder's stays where it is. */
export const OTHER_ACCOUNT: ErrorInfo = { code: 'other_account', message: 'MailMind does not move mail between accounts' };

/**
 * Performs a user action: shown at once, sent to the hub, tracked until the hub reports it. On
 * messages of several accounts (search results), one request per account (the hub acts on one
 * account per action), shown as one action with one toast and one Undo; a move takes only the
 * messages of the target folder's account (OTHER_ACCOUNT). A `quiet` action has a toast only if
 * it fails (TrackedAction.quiet): by default star and read/unread, which are undone by doing them
 * again (Gmail and Thunderbird show nothing for them either); archive, delete and move have a
 * toast with Undo. A refused action leaves the view as it was before (viewAfterFailure), for the
 * user to try again. In search results an archive or a move keeps the messages, shown in their
 * new folder (moves-in-search.ts), and leaves out those already there; the view moves on from
 * them as from messages that left.
 */
export async function performAction(
  api: ApiClient,
  type: ActionType,
  messageIds: string[],
  targetMailboxId?: string,
  { quiet = isFlagAction(type) }: { quiet?: boolean } = {},
): Promise<void> {
  if (messageIds.length === 0) return;
  const state = mailStore.getState();
  const effect = listEffect(state, type, targetMailboxId);
  const { acted: asked, forGood } = type === 'delete' ? deleteTargets(state, messageIds) : { acted: messageIds, forGood: false };
  // Search results mix folders: some of the messages may be where the action takes them already.
  const there = effect === 'relabel' ? alreadyInTarget(state, type, asked, targetMailboxId) : [];
  const acted = there.length > 0 ? asked.filter((id) => !there.includes(id)) : asked;
  const { parts, otherAccount } = splitByAccount(state, acted, type === 'move' ? targetMailboxId : undefined);
  const group = newLocalId();
  const createdAt = Date.now();
  const made = (ids: string[], index: number): NewAction => ({ localId: index === 0 ? group : newLocalId(), group, type, messageIds: ids, targetMailboxId, quiet, createdAt, ...(forGood ? { forGood } : {}) });
  const sent = parts.map(made);
  updateMail((current) => {
    let next = sent.reduce((acc, part) => applyOptimistic(acc, part), current);
    if (otherAccount.length > 0) next = actionNotSent(next, made(otherAccount, sent.length), OTHER_ACCOUNT);
    // All already there: a toast says so (the hub would refuse it, 400 already_there), and nothing is sent.
    else if (sent.length === 0 && there.length > 0) next = actionNotSent(next, made(there, 0), alreadyThere(state, there));
    return next;
  });
  const ui = uiStore.getState();
  const before: ActionView = { selected: ui.selected, cursorId: ui.cursorId, openId: ui.openId };
  let after = before;
  const done = new Set(sent.flatMap((part) => part.messageIds));
  // Search results keep the messages of an archive or a move, but the user is done with them as
  // with messages that left, and with those that were there already: the next e or Delete
  // goes to the next message, not to one archived.
  if (effect === 'relabel' && done.size > 0) for (const id of there) done.add(id);
  if (effect === 'remove' || (effect === 'relabel' && done.size > 0)) {
    // The selection, the cursor and the reader follow: unchecked, on to the next message.
    after = viewAfterRemoval(before, state.list.ids, done);
    setUi(after);
    if (after.openId !== null && after.openId !== before.openId) openMessage(api, after.openId);
  }
  // Actions made earlier and not sent yet (the hub was not reachable) go first: in order.
  if (resending || mailStore.getState().actions.some((action) => action.state === 'unsent')) await resendUnsent(api);
  await Promise.all(
    sent.map(async (part) => {
      if ((await send(api, part.localId, requestOf(part))) !== 'refused') return;
      const change = viewAfterFailure(uiStore.getState(), before, after, new Set(part.messageIds));
      if (!change) return;
      setUi(change);
      after = { ...after, ...change };
    }),
  );
}

/**
 * What a Delete acts on. In Trash it deletes for good (`forGood`: no Undo). A selection that
 * mixes messages in Trash with others (search results) moves the others to Trash and leaves
 * those already there, as Gmail's Delete does: deleting some for good along the way would be a
 * surprise no toast could undo.
 */
function deleteTargets(state: ReturnType<typeof mailStore.getState>, messageIds: string[]): { acted: string[]; forGood: boolean } {
  const inTrash = (id: string): boolean => {
    const message = state.messages[id];
    return message !== undefined && state.mailboxes[message.mailboxId]?.specialUse === '\\Trash';
  };
  const elsewhere = messageIds.filter((id) => !inTrash(id));
  return elsewhere.length === 0 ? { acted: messageIds, forGood: true } : { acted: elsewhere, forGood: false };
}

function requestOf(action: Pick<TrackedAction, 'type' | 'messageIds' | 'targetMailboxId'>): ActionRequest {
  const { type, messageIds, targetMailboxId } = action;
  return targetMailboxId ? { type, messageIds, targetMailboxId } : { type, messageIds };
}

/**
 * Sends one part of an action and tracks the answer: accepted, not sent (actionUnsent, and kept for
 * a later page), or refused (put back). Once the hub has answered, the part is no longer kept. A
 * part the user undid on its way (undoAction) is undone as soon as the hub has given it an id, or
 * here when it has not gone yet (it waited for older unsent actions) or did not reach the hub.
 */
async function send(api: ApiClient, localId: string, request: ActionRequest): Promise<'accepted' | 'unsent' | 'refused' | 'undone'> {
  if (undoAsked(localId)) return undoneUnsent(localId);
  let actionId: string;
  try {
    ({ actionId } = await api.postAction(request));
  } catch (error) {
    if (neverReachedHub(error)) {
      if (undoAsked(localId)) return undoneUnsent(localId);
      updateMail((state) => actionUnsent(state, localId, errorInfo(error)));
      keepForLater(localId);
      return 'unsent';
    }
    updateMail((state) => actionRejected(state, localId, errorInfo(error)));
    forgetKept([localId]);
    return 'refused';
  }
  updateMail((state) => actionAccepted(state, localId, actionId));
  forgetKept([localId]);
  if (undoAsked(localId)) await undoThroughHub(api, localId, actionId);
  return 'accepted';
}

/** Whether the user undid the part while it was on its way (undoAction marks it undoing). */
function undoAsked(localId: string): boolean {
  return mailStore.getState().actions.some((action) => action.localId === localId && action.state === 'undoing');
}

/** A part undone before the hub had it: never sent, and the messages as they were. */
function undoneUnsent(localId: string): 'undone' {
  updateMail((state) => unsentUndone(state, localId));
  forgetKept([localId]);
  return 'undone';
}

/** Keeps an unsent part, as it is now, for a later page to send (kept-unsent-actions.ts). */
function keepForLater(localId: string): void {
  const part = mailStore.getState().actions.find((action) => action.localId === localId);
  if (part?.state === 'unsent') keepUnsent(part, resendRequest(part));
}

let resending: Promise<void> | null = null;
let resendAgain = false;

/**
 * Sends again the actions that never reached the hub, once each, in the order they were made
 * (called when the hub connection is back, and before any newer action is sent). When the hub
 * is still not reachable, the rest wait for the next time: none goes before an older one. A
 * call while a round runs gets another round after it: the hub may have come back after that
 * round's first request failed. A refusal now is shown (and put back) like any; the view is
 * left as the user has it by now.
 */
export function resendUnsent(api: ApiClient): Promise<void> {
  if (resending) {
    resendAgain = true;
    return resending;
  }
  resending = (async () => {
    try {
      do {
        resendAgain = false;
        await resendInOrder(api);
      } while (resendAgain);
    } finally {
      resending = null;
    }
  })();
  return resending;
}

async function resendInOrder(api: ApiClient): Promise<void> {
  const tried = new Set<string>();
  for (;;) {
    const part = mailStore.getState().actions.find((action) => action.state === 'unsent' && !tried.has(action.localId));
    if (!part) return;
    tried.add(part.localId);
    if (!claimForResend(part.localId)) continue;
    updateMail((state) => actionResent(state, part.localId));
    if ((await send(api, part.localId, resendRequest(part))) === 'unsent') return;
  }
}

/**
 * What an unsent action sends again. A delete outside Trash goes as what the hub makes of it, a
 * move to the account's Trash: had the first request reached the hub after all (only its answer
 * lost), the messages are in Trash by now, and a delete there deletes for good.
 */
function resendRequest(part: TrackedAction): ActionRequest {
  if (part.resend) return part.resend;
  if (part.type !== 'delete' || part.before.length !== part.messageIds.length) return requestOf(part);
  const { mailboxes } = mailStore.getState();
  const inTrash = (mailboxId: string) => mailboxes[mailboxId]?.specialUse === '\\Trash';
  const accountId = part.before[0]?.accountId;
  const trash = Object.values(mailboxes).find((mailbox) => mailbox.accountId === accountId && mailbox.specialUse === '\\Trash');
  if (!trash || part.before.some((message) => inTrash(message.mailboxId))) return requestOf(part);
  return { type: 'move', messageIds: part.messageIds, targetMailboxId: trash.id };
}

/**
 * Undoes a user action, every part of it: through the hub, or here for a part not sent yet (it
 * never will be). A part on its way is marked undoing, and undone once the hub answers (send).
 */
export async function undoAction(api: ApiClient, group: string): Promise<void> {
  const state = mailStore.getState();
  const parts = state.actions.filter((action) => action.group === group);
  await Promise.all(
    parts.map(async (part) => {
      if (part.state === 'unsent') {
        undoneUnsent(part.localId);
        return;
      }
      const shown = effectiveActionState(state, part).state;
      if (undoableOnItsWay(part, shown)) {
        updateMail((current) => undoStarted(current, part.localId));
        return;
      }
      if (!part.actionId || !canOfferUndo(part, shown)) return;
      updateMail((current) => undoStarted(current, part.localId));
      await undoThroughHub(api, part.localId, part.actionId);
    }),
  );
}

/** Asks the hub to undo a part it took (undoStarted already shown), and tracks the answer. */
async function undoThroughHub(api: ApiClient, localId: string, actionId: string): Promise<void> {
  try {
    const result = await api.undoAction(actionId);
    updateMail((current) => undoFinished(current, localId, result.actionIds));
  } catch (error) {
    updateMail((current) => undoFailed(current, localId, errorInfo(error)));
  }
}

/**
 * z, Ctrl+Z or Cmd+Z: undoes the newest action whose toast offers Undo, as its button does, or
 * the newest still on its way to the hub, once the hub answers; nothing when none does.
 */
export async function undoNewest(api: ApiClient): Promise<void> {
  const group = newestUndoable(mailStore.getState());
  if (group) await undoAction(api, group.id);
}

export function dismiss(group: string): void {
  updateMail((state) => dismissAction(state, group));
  // A part not sent yet stays, quiet now (dismissAction): so it comes back after a reload.
  for (const part of mailStore.getState().actions) if (part.group === group && isKept(part.localId)) keepForLater(part.localId);
}

/** Opens a message in the reader; an unread one is marked read, quietly (no toast unless it fails, as in Gmail). */
export function openMessage(api: ApiClient, id: string): void {
  setUi({ openId: id, cursorId: id });
  const message = mailStore.getState().messages[id];
  if (message && !isSeen(message)) void performAction(api, 'markRead', [id], undefined, { quiet: true });
}

/** s: flag when any target is unflagged, else unflag. */
export function toggleFlag(api: ApiClient, ids: string[]): void {
  const messages = mailStore.getState().messages;
  const anyUnflagged = ids.some((id) => !messages[id]?.flags.includes('\\Flagged'));
  void performAction(api, anyUnflagged ? 'flag' : 'unflag', ids);
}

/** u: mark unread when any target is read, else read. */
export function toggleRead(api: ApiClient, ids: string[]): void {
  const messages = mailStore.getState().messages;
  const anySeen = ids.some((id) => messages[id] && isSeen(messages[id]));
  void performAction(api, anySeen ? 'markUnread' : 'markRead', ids);
}
