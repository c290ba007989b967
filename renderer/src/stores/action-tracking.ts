// How the user's actions are shown and how long they are kept, over the tracked parts of
// mail-state.ts: pure functions, no React. A user action is a group of parts (one per account
// its messages are in); the toasts show groups, the hub and the reducers deal in parts.
import { MAX_MESSAGES_PER_ACTION, type ActionType } from '../../../shared/actions';
import type { ErrorInfo, MessageSummary } from '../../../shared/model';
import type { MailState, TrackedAction, TrackedState } from './mail-state';

type ActionsView = Pick<MailState, 'actions' | 'actionStatus'>;

/** What the user sees for a tracked action: the hub's word once it has one. */
export function effectiveActionState(state: Pick<MailState, 'actionStatus'>, action: TrackedAction): { state: TrackedState; error: ErrorInfo | null } {
  if (action.state === 'sending' || action.state === 'unsent' || action.state === 'failed' || action.state === 'undoing') return { state: action.state, error: action.error };
  if (action.state === 'undone') return { state: 'undone', error: null };
  const reported = action.actionId ? state.actionStatus[action.actionId] : undefined;
  if (!reported) return { state: 'pending', error: null };
  if (reported.state === 'failed' && reported.error?.code === 'cancelled') return { state: 'undone', error: null };
  return { state: reported.state, error: reported.error };
}

/** Whether a part can be undone through the hub: the hub said this one cannot be undone, so not again. */
export function canOfferUndo(action: TrackedAction, shown: TrackedState): boolean {
  return !!action.actionId && !action.forGood && (shown === 'pending' || shown === 'applied') && action.undoError?.code !== 'not_undoable';
}

/**
 * Whether a part will offer Undo once the hub has answered it: on its way (its POST not answered,
 * so no id to undo yet), and not for good. An undo asked meanwhile waits for that answer
 * (undoAction): passed over, z undid the action before it, not the one the user had just done.
 */
export function undoableOnItsWay(action: TrackedAction, shown: TrackedState): boolean {
  return shown === 'sending' && !action.forGood;
}

/** Ids of messages with an action still on its way to the server (or waiting to be sent). */
export function pendingMessageIds(state: ActionsView): Set<string> {
  const ids = new Set<string>();
  for (const action of state.actions) {
    const shown = effectiveActionState(state, action).state;
    if (shown === 'sending' || shown === 'unsent' || shown === 'pending' || shown === 'undoing') for (const id of action.messageIds) ids.add(id);
  }
  return ids;
}

/**
 * The messages as they were, for actions an earlier page kept (TrackedAction.resend): they are not
 * kept with them (actionRestored), so they are taken from the first page of a list (listLoaded)
 * that has them, while the action is not sent or on its way: the hub has not applied it yet, or
 * the page does not have them, moved. Putting them back if the hub refuses the action needs them,
 * and so does showing a move (the messages out of the folder they were in).
 */
export function withRestoredBefore<S extends Pick<MailState, 'actions'>>(state: S, answered: readonly MessageSummary[]): S {
  const lacking = (action: TrackedAction) => action.resend !== undefined && (action.state === 'unsent' || action.state === 'sending') && action.before.length < action.messageIds.length;
  if (!state.actions.some(lacking)) return state;
  const byId = new Map(answered.map((message) => [message.id, message]));
  const actions = state.actions.map((action) => {
    if (!lacking(action)) return action;
    const known = new Set(action.before.map((message) => message.id));
    const found = action.messageIds.filter((id) => !known.has(id) && byId.has(id)).map((id) => byId.get(id)!);
    return found.length > 0 ? { ...action, before: [...action.before, ...found] } : action;
  });
  return { ...state, actions };
}

/** A user action: its parts, in the order they were made. */
export interface ActionGroup {
  id: string;
  type: ActionType;
  /** Every part quiet: a toast only if one fails (TrackedAction.quiet). */
  quiet: boolean;
  parts: TrackedAction[];
}

/** The tracked parts as user actions, oldest first. */
export function actionGroups(actions: readonly TrackedAction[]): ActionGroup[] {
  const groups = new Map<string, ActionGroup>();
  for (const action of actions) {
    const group = groups.get(action.group);
    if (group) {
      group.parts.push(action);
      group.quiet &&= action.quiet;
    } else groups.set(action.group, { id: action.group, type: action.type, quiet: action.quiet, parts: [action] });
  }
  return [...groups.values()];
}

/** What a user action's toast says. */
export interface GroupOutcome {
  /** Where the parts stand that did not fail; 'failed' when all did. */
  state: TrackedState;
  /** Why it failed, when all parts did. */
  error: ErrorInfo | null;
  /** Messages of the parts `state` is about. */
  count: number;
  /** The parts that failed while others went through: how many messages, and why. */
  notDone: { count: number; error: ErrorInfo | null } | null;
  /** Why the last undo of a part was refused. */
  undoError: ErrorInfo | null;
  /** A part can be undone: through the hub, or (not sent yet) here. */
  canUndo: boolean;
}

/** Of the parts' states, the one the toast shows: anything still moving first. */
const PRECEDENCE: readonly TrackedState[] = ['sending', 'undoing', 'unsent', 'pending', 'applied', 'undone'];

export function groupOutcome(state: Pick<MailState, 'actionStatus'>, group: ActionGroup): GroupOutcome {
  const shown = group.parts.map((part) => ({ part, ...effectiveActionState(state, part) }));
  const failed = shown.filter((part) => part.state === 'failed');
  const rest = shown.filter((part) => part.state !== 'failed');
  const count = (parts: typeof shown) => parts.reduce((sum, { part }) => sum + part.messageIds.length, 0);
  const undoError = group.parts.find((part) => part.undoError)?.undoError ?? null;
  const canUndo = shown.some(({ part, state: partState }) => partState === 'unsent' || canOfferUndo(part, partState));
  if (rest.length === 0) return { state: 'failed', error: failed[0]?.error ?? null, count: count(failed), notDone: null, undoError, canUndo };
  return {
    state: PRECEDENCE.find((candidate) => rest.some((part) => part.state === candidate)) ?? 'pending',
    error: null,
    count: count(rest),
    notDone: failed.length > 0 ? { count: count(failed), error: failed[0]!.error } : null,
    undoError,
    canUndo,
  };
}

/** How many of the newest user actions the toasts show. */
export const SHOWN_ACTIONS = 4;
/** Reports kept for actions this window does not track (yet): the hub's can beat the POST answer, or come from another window. */
const UNTRACKED_REPORTS = 50;
/** Failed user actions kept beyond the shown few, for the user to see when newer ones are dismissed. */
const KEPT_FAILED = 20;

/** Whether a user action has a toast: every one the user asked for; a quiet one only once a part failed. */
function hasToast(state: Pick<MailState, 'actionStatus'>, group: ActionGroup): boolean {
  return !group.quiet || group.parts.some((part) => effectiveActionState(state, part).state === 'failed');
}

/** The user actions the toasts show, oldest first: the newest SHOWN_ACTIONS of those with a toast. */
export function toastedGroups(state: ActionsView, groups = actionGroups(state.actions)): ActionGroup[] {
  return groups.filter((group) => hasToast(state, group)).slice(-SHOWN_ACTIONS);
}

/**
 * The newest user action whose toast offers Undo, or will once the hub has answered it
 * (undoableOnItsWay): what z (Gmail) and Ctrl+Z or Cmd+Z (Thunderbird) undo, as its Undo button
 * does. Null when no toast offers it.
 */
export function newestUndoable(state: ActionsView): ActionGroup | null {
  const onItsWay = (group: ActionGroup) => group.parts.some((part) => undoableOnItsWay(part, effectiveActionState(state, part).state));
  return toastedGroups(state).findLast((group) => groupOutcome(state, group).canUndo || onItsWay(group)) ?? null;
}

/**
 * Drops what no one will look at again: a finished user action (every part applied or undone)
 * without a toast on screen, failed ones beyond the latest KEPT_FAILED, and the hub's reports
 * for actions no longer tracked, all but the latest. The app stays open for weeks, and every
 * message read is an action: kept, they would grow without end, and every list render walks
 * them (pendingMessageIds). An action on its way, or waiting to be sent, stays. The toasts
 * shown are counted without the quiet ones: counted, a few messages read after an archive
 * dropped its toast, Undo and all. Parts go with their user action, never one by one.
 */
export function forgetOldActions<S extends MailState>(state: S): S {
  const groups = actionGroups(state.actions);
  const newest = new Set(toastedGroups(state, groups));
  const states = (group: ActionGroup) => group.parts.map((part) => effectiveActionState(state, part).state);
  const finished = (group: ActionGroup) => states(group).every((shown) => shown === 'applied' || shown === 'undone');
  const ended = (group: ActionGroup) => states(group).every((shown) => shown === 'applied' || shown === 'undone' || shown === 'failed');
  const failed = groups.filter((group) => !newest.has(group) && ended(group) && !finished(group));
  const staleFailures = new Set(failed.slice(0, Math.max(0, failed.length - KEPT_FAILED)));
  const kept = new Set(groups.filter((group) => newest.has(group) || (!finished(group) && !staleFailures.has(group))).map((group) => group.id));
  const actions = state.actions.filter((action) => kept.has(action.group));
  const tracked = new Set(actions.map((action) => action.actionId));
  const untracked = Object.keys(state.actionStatus).filter((id) => !tracked.has(id));
  if (actions.length === state.actions.length && untracked.length <= UNTRACKED_REPORTS) return state;
  const dropped = new Set(untracked.slice(0, Math.max(0, untracked.length - UNTRACKED_REPORTS)));
  const actionStatus = Object.fromEntries(Object.entries(state.actionStatus).filter(([id]) => !dropped.has(id)));
  return { ...state, actions, actionStatus };
}

/**
 * The requests a user action on `messageIds` makes: one per account (the hub acts on messages
 * of one account per action; search results mix them) and per MAX_MESSAGES_PER_ACTION messages,
 * in the order the accounts first come.
 * For a move into `targetMailboxId`, the messages of other accounts are apart (`otherAccount`):
 * MailMind does not move mail between accounts. A message not loaded goes with the first
 * account (or the target's): the hub decides.
 */
export function splitByAccount(state: Pick<MailState, 'messages' | 'mailboxes'>, messageIds: readonly string[], targetMailboxId?: string): { parts: string[][]; otherAccount: string[] } {
  const target = targetMailboxId === undefined ? undefined : state.mailboxes[targetMailboxId]?.accountId;
  const byAccount = new Map<string, string[]>();
  const otherAccount: string[] = [];
  for (const id of messageIds) {
    const account = state.messages[id]?.accountId ?? target ?? byAccount.keys().next().value ?? '';
    if (target !== undefined && account !== target) otherAccount.push(id);
    else {
      const ids = byAccount.get(account);
      if (ids) ids.push(id);
      else byAccount.set(account, [id]);
    }
  }
  // The hub takes MAX_MESSAGES_PER_ACTION at a time: a range checked with Shift+End over a large
  // folder went as one request, and was refused whole.
  const parts = [...byAccount.values()].flatMap((ids) => Array.from({ length: Math.ceil(ids.length / MAX_MESSAGES_PER_ACTION) }, (_, i) => ids.slice(i * MAX_MESSAGES_PER_ACTION, (i + 1) * MAX_MESSAGES_PER_ACTION)));
  return { parts, otherAccount };
}
