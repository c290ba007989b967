// The mail data the UI shows, as plain state and pure reducers: no React, no
// fetch, so every transition is unit-tested on its own (test/renderer).
//   applyEvent(state, event)  folds one hub event in
//   listLoaded / listReset     what the API answered for the shown list
//   applyOptimistic / revert   a user action before (and if) the hub confirms it
import { FLAG_ACTIONS, isFlagAction, type ActionRequest, type ActionType } from '../../../shared/actions';
import { assertNever } from '../../../shared/assert-never';
import type { Account, ErrorInfo, Mailbox, MessageSummary } from '../../../shared/model';
import type { HubEvent, SyncStatusPayload } from '../../../shared/protocol';
import { effectiveActionState, forgetOldActions, withRestoredBefore } from './action-tracking';
import { keptForMailboxes, keptMessages, withListKept, type KeptLists } from './kept-lists';
import { listEffect, movedBack, movedInPlace } from './moves-in-search';

export {
  actionGroups,
  canOfferUndo,
  effectiveActionState,
  groupOutcome,
  newestUndoable,
  pendingMessageIds,
  SHOWN_ACTIONS,
  toastedGroups,
  undoableOnItsWay,
  type ActionGroup,
  type GroupOutcome,
} from './action-tracking';

export type ListSource = { kind: 'mailbox'; mailboxId: string } | { kind: 'search'; query: string };

export interface ListState {
  source: ListSource | null;
  /** Message ids in list order (receivedAt desc, then uid desc). */
  ids: string[];
  nextCursor: string | null;
  loading: boolean;
  error: ErrorInfo | null;
  /** Bumped when the source changes: answers for an older list are dropped. */
  generation: number;
  /**
   * While the list's first page is (re)loading: the message events folded in meanwhile, applied
   * again over the page when it comes. The page may have been read before them, and would put
   * back a message deleted meanwhile or leave out one that arrived (see listLoaded).
   */
  journal: MessageEvent[] | null;
  /** A first page came (or the folder's kept list was shown): a reload the hub cannot answer leaves the rows. */
  loaded: boolean;
  /**
   * The rows are what the page had (the folder's kept list, or the list as it was), not what the
   * hub answered: it was not reachable. They may be out of date; the reload on reconnect
   * replaces them (listFromMemory).
   */
  stale: boolean;
}

/** The hub events that change messages (and so the list shown). */
type MessageEvent = Extract<HubEvent, { type: 'email.new' | 'email.updated' | 'email.deleted' }>;

/**
 * Where a tracked action stands. `unsent`: the request never reached the hub (it was not
 * reachable): the change stays shown, and the action is sent again when the hub is back.
 */
export type TrackedState = 'sending' | 'unsent' | 'pending' | 'applied' | 'failed' | 'undoing' | 'undone';

/**
 * One request of a user action as the UI tracks it. The hub acts on one account per action, so
 * a click on messages of two accounts (search results) makes one part per account; the parts
 * share a `group` (the user action), one toast and one Undo.
 */
export interface TrackedAction {
  localId: string;
  /** The user action this is a part of (the localId of its first part). */
  group: string;
  type: ActionType;
  messageIds: string[];
  targetMailboxId?: string;
  /** The hub's id, once POST /api/actions answered. */
  actionId: string | null;
  state: TrackedState;
  error: ErrorInfo | null;
  /** The summaries before the optimistic change, to put back on failure. */
  before: MessageSummary[];
  /** Inverse actions queued by an undo. */
  undoIds: string[];
  /** Why the last undo was refused (the action itself stands). */
  undoError: ErrorInfo | null;
  /**
   * Done for the user rather than asked for (the mark-read on opening a message, which Gmail and
   * Thunderbird do without a word): queued and replayed like any action, but a toast only if it fails.
   */
  quiet: boolean;
  /** A delete of messages in Trash: for good, so no Undo is offered (Gmail's "Delete forever"). */
  forGood?: boolean;
  createdAt: number;
  /**
   * What sending it again sends, as an earlier page fixed it when it kept the action
   * (unsent-actions-storage.ts): that page knew where the messages were, this one may not.
   */
  resend?: ActionRequest;
}

export interface MailState {
  accounts: Account[];
  accountsLoaded: boolean;
  mailboxes: Record<string, Mailbox>;
  /** Mailbox ids in the hub's order (per account, INBOX first). */
  mailboxOrder: string[];
  /**
   * How many mailbox.updated events arrived. The views fetch the mailbox list again after each
   * burst: the events carry one folder each, but a folder created, renamed or deleted elsewhere,
   * or a change of order, shows only in the whole list (the protocol has no event for a removed
   * folder; the hub announces every folder after a removal).
   */
  mailboxEvents: number;
  sync: Record<string, SyncStatusPayload>;
  messages: Record<string, MessageSummary>;
  list: ListState;
  /** What the hub reported for each action id (may arrive before the POST answer). */
  actionStatus: Record<string, { state: 'pending' | 'applied' | 'failed'; error: ErrorInfo | null }>;
  actions: TrackedAction[];
  /**
   * Accounts removed (by this page or another client) while this page is open. Nothing of theirs
   * is taken in again: not from a late event, nor from an answer the hub gave before the removal
   * (a refresh on its way). The hub never gives an id to a second account.
   */
  removedAccounts: Record<string, true>;
  /** The lists of the folders viewed in this page, for when the hub cannot load them again (kept-lists.ts). */
  keptLists: KeptLists;
}

export const emptyList: ListState = { source: null, ids: [], nextCursor: null, loading: false, error: null, generation: 0, journal: null, loaded: false, stale: false };

export const initialMailState: MailState = {
  accounts: [],
  accountsLoaded: false,
  mailboxes: {},
  mailboxOrder: [],
  mailboxEvents: 0,
  sync: {},
  messages: {},
  list: emptyList,
  actionStatus: {},
  actions: [],
  removedAccounts: {},
  keptLists: {},
};

/** List order: newest receivedAt first, then the higher uid (a null uid, just moved here, first). */
export function compareMessages(a: MessageSummary, b: MessageSummary): number {
  if (a.receivedAt !== b.receivedAt) return a.receivedAt < b.receivedAt ? 1 : -1;
  const ua = a.uid ?? Number.MAX_SAFE_INTEGER;
  const ub = b.uid ?? Number.MAX_SAFE_INTEGER;
  return ub - ua;
}

export function isSeen(message: MessageSummary): boolean {
  return message.flags.includes('\\Seen');
}

export function isFlagged(message: MessageSummary): boolean {
  return message.flags.includes('\\Flagged');
}

export function sameSource(a: ListSource | null, b: ListSource | null): boolean {
  if (!a || !b) return a === b;
  if (a.kind === 'mailbox' && b.kind === 'mailbox') return a.mailboxId === b.mailboxId;
  if (a.kind === 'search' && b.kind === 'search') return a.query === b.query;
  return false;
}

/** Whether a message belongs in the list as an arrival (searches are not live: they refetch). */
function belongsToList(list: ListState, message: MessageSummary): boolean {
  return list.source?.kind === 'mailbox' && list.source.mailboxId === message.mailboxId;
}

/** Inserts `id` at its sorted place (binary search over the loaded part). */
function insertSorted(ids: string[], messages: Record<string, MessageSummary>, message: MessageSummary): string[] {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const other = messages[ids[mid]!];
    if (other && compareMessages(other, message) < 0) low = mid + 1;
    else high = mid;
  }
  const next = ids.slice();
  next.splice(low, 0, message.id);
  return next;
}

/**
 * Whether an arrival falls inside the loaded window. A message older than the
 * last loaded one, while more pages remain, will come with those pages.
 */
function withinLoaded(list: ListState, messages: Record<string, MessageSummary>, message: MessageSummary): boolean {
  if (list.nextCursor === null) return true;
  const last = messages[list.ids[list.ids.length - 1] ?? ''];
  return !last || compareMessages(message, last) <= 0;
}

function upsertMessage(state: MailState, message: MessageSummary): MailState {
  if (state.removedAccounts[message.accountId]) return state;
  const list = state.list;
  const present = list.ids.includes(message.id);
  const messages = { ...state.messages, [message.id]: message };
  if (present && !belongsToList(list, message) && list.source?.kind === 'mailbox') {
    // Moved away from the mailbox shown.
    return { ...state, messages, list: { ...list, ids: list.ids.filter((id) => id !== message.id) } };
  }
  if (!present && belongsToList(list, message) && withinLoaded(list, messages, message)) {
    return { ...state, messages, list: { ...list, ids: insertSorted(list.ids, state.messages, message) } };
  }
  if (!present) {
    // Not shown: keep the summary only if something (the reader) already holds it.
    return state.messages[message.id] ? { ...state, messages } : state;
  }
  return { ...state, messages };
}

function removeMessages(state: MailState, ids: readonly string[], mailboxId: string): MailState {
  const gone = new Set(ids.filter((id) => state.messages[id]?.mailboxId === mailboxId || !state.messages[id]));
  if (gone.size === 0) return state;
  const messages = { ...state.messages };
  for (const id of gone) delete messages[id];
  return { ...state, messages, list: { ...state.list, ids: state.list.ids.filter((id) => !gone.has(id)) } };
}

function upsertMailbox(state: MailState, mailbox: Mailbox): MailState {
  if (state.removedAccounts[mailbox.accountId]) return state;
  const known = mailbox.id in state.mailboxes;
  return {
    ...state,
    mailboxes: { ...state.mailboxes, [mailbox.id]: mailbox },
    mailboxOrder: known ? state.mailboxOrder : [...state.mailboxOrder, mailbox.id],
    mailboxEvents: state.mailboxEvents + 1,
  };
}

function applySyncStatus(state: MailState, payload: SyncStatusPayload): MailState {
  if (state.removedAccounts[payload.accountId]) return state;
  const accounts = state.accounts.map((account) =>
    account.id === payload.accountId ? { ...account, status: payload.error ? { state: payload.state, error: payload.error } : { state: payload.state } } : account,
  );
  return { ...state, accounts, sync: { ...state.sync, [payload.accountId]: payload } };
}

/** Folds one hub event into the mail state. */
export function applyEvent(state: MailState, event: HubEvent): MailState {
  switch (event.type) {
    case 'hub.ready':
      return state;
    case 'sync.status':
      return applySyncStatus(state, event.payload);
    case 'mailbox.updated':
      return upsertMailbox(state, event.payload.mailbox);
    case 'email.new':
    case 'email.updated':
    case 'email.deleted':
      return applyMessageEvent(noteInJournal(state, event), event);
    case 'action.status': {
      const { actionId, state: actionState, error } = event.payload;
      return forgetOldActions({ ...state, actionStatus: { ...state.actionStatus, [actionId]: { state: actionState, error: error ?? null } } });
    }
    case 'account.removed':
      return accountRemoved(state, event.payload.accountId);
    default:
      return assertNever(event, 'hub event');
  }
}

/**
 * An account removed, by this page or another client: it goes with its folders and its messages,
 * from the list shown too (a search's results), at once; the hub sends no other event for them.
 * Its actions go as well: the hub dropped their queue with the account, and would never report
 * them done. A view of one of its folders is left to followAccountRemoval (mail-commands.ts).
 */
export function accountRemoved(state: MailState, accountId: string): MailState {
  if (state.removedAccounts[accountId]) return state;
  const ofAccount = (message: MessageSummary | undefined): boolean => message?.accountId === accountId;
  const gone = new Set(Object.keys(state.messages).filter((id) => ofAccount(state.messages[id])));
  const messages = Object.fromEntries(Object.entries(state.messages).filter(([id]) => !gone.has(id)));
  const mailboxes = Object.fromEntries(Object.entries(state.mailboxes).filter(([, mailbox]) => mailbox.accountId !== accountId));
  const { [accountId]: _gone, ...sync } = state.sync;
  const ofRemovedMailbox = (mailboxId: string): boolean => state.mailboxes[mailboxId]?.accountId === accountId;
  const journal = state.list.journal?.filter((event) => (event.type === 'email.deleted' ? !ofRemovedMailbox(event.payload.mailboxId) : !ofAccount(event.payload.message))) ?? null;
  const ids = state.list.ids.some((id) => gone.has(id)) ? state.list.ids.filter((id) => !gone.has(id)) : state.list.ids;
  // A part names messages of one account (the hub's rule): one of them tells which.
  const actions = state.actions.filter((action) => !action.messageIds.some((id) => gone.has(id)) && !action.before.some(ofAccount));
  return {
    ...state,
    accounts: state.accounts.filter((account) => account.id !== accountId),
    mailboxes,
    mailboxOrder: state.mailboxOrder.filter((id) => id in mailboxes),
    sync,
    messages,
    list: { ...state.list, ids, journal },
    actions,
    removedAccounts: { ...state.removedAccounts, [accountId]: true },
    keptLists: keptForMailboxes(state.keptLists, mailboxes),
  };
}

function applyMessageEvent(state: MailState, event: MessageEvent): MailState {
  return event.type === 'email.deleted' ? removeMessages(state, event.payload.ids, event.payload.mailboxId) : upsertMessage(state, event.payload.message);
}

function noteInJournal(state: MailState, event: MessageEvent): MailState {
  const { journal } = state.list;
  return journal ? { ...state, list: { ...state.list, journal: [...journal, event] } } : state;
}

/**
 * The effects of the user's actions the hub has not reported done, applied again: a page read
 * before the hub took an action (its POST still on the way) shows the messages as they were.
 * Applying them again to a page read after is harmless: the hub had applied them already.
 */
function reapplyPendingActions(state: MailState): MailState {
  let next = state;
  for (const action of state.actions) {
    const shown = effectiveActionState(state, action).state;
    if (shown === 'sending' || shown === 'unsent' || shown === 'pending') next = applyActionEffect(next, action);
  }
  return next;
}

/**
 * What an action shows before the hub has it: the flag changed, or the messages out of a list
 * that shows them in the folder they were moved from (in the target folder, or a search run
 * after the move, the hub shows them already, uid null, as moved). Search results keep the
 * messages of an archive or a move, shown in their new folder (moves-in-search.ts).
 */
function applyActionEffect(state: MailState, action: TrackedAction): MailState {
  if (isFlagAction(action.type)) {
    const { flag, add } = FLAG_ACTIONS[action.type];
    const messages = { ...state.messages };
    for (const id of action.messageIds) if (messages[id]) messages[id] = withFlag(messages[id], flag, add);
    return { ...state, messages };
  }
  if (!removesFromList(action.type)) return state;
  if (listEffect(state, action.type, action.targetMailboxId) === 'relabel') return movedInPlace(state, action);
  const movedFrom = new Map(action.before.map((message) => [message.id, message.mailboxId]));
  const stillThere = (id: string): boolean => movedFrom.has(id) && state.messages[id]?.mailboxId === movedFrom.get(id);
  return { ...state, list: { ...state.list, ids: state.list.ids.filter((id) => !stillThere(id)) } };
}

/**
 * The accounts as the hub has them now. A sync state kept from events (progress, say) that the
 * account no longer is in goes: the event that ended it may have come while the socket was
 * down, and "Syncing 500 / 1,000" stayed beside an idle account.
 */
export function accountsLoaded(state: MailState, loaded: Account[]): MailState {
  const accounts = loaded.filter((account) => !state.removedAccounts[account.id]);
  const sync: Record<string, SyncStatusPayload> = {};
  for (const account of accounts) {
    const known = state.sync[account.id];
    if (known && known.state === account.status.state) sync[account.id] = known;
  }
  return { ...state, accounts, accountsLoaded: true, sync };
}

export function mailboxesLoaded(state: MailState, loaded: Mailbox[]): MailState {
  const mailboxes = loaded.filter((mailbox) => !state.removedAccounts[mailbox.accountId]);
  const byId: Record<string, Mailbox> = {};
  for (const mailbox of mailboxes) byId[mailbox.id] = mailbox;
  return { ...state, mailboxes: byId, mailboxOrder: mailboxes.map((m) => m.id), keptLists: keptForMailboxes(state.keptLists, byId) };
}

/** A new list is shown (a mailbox or a search); its first page is loading. The folder's list left is kept (kept-lists.ts). */
export function listReset(state: MailState, source: ListSource | null): MailState {
  return { ...state, keptLists: withListKept(state.keptLists, state.list), list: { ...emptyList, source, loading: source !== null, generation: state.list.generation + 1 } };
}

/**
 * A page arrived: the first (`replace`) or the next one. Answers for an older generation are
 * ignored. A first page replaces the list, then what happened while it loaded is applied again
 * over it: the message events of the journal, and the user's actions still on their way.
 */
export function listLoaded(state: MailState, generation: number, answered: { messages: MessageSummary[]; nextCursor: string | null }, replace: boolean): MailState {
  if (generation !== state.list.generation) return state;
  // A search answered before an account's removal may still list its messages.
  const page = answered.messages.some((message) => state.removedAccounts[message.accountId])
    ? { ...answered, messages: answered.messages.filter((message) => !state.removedAccounts[message.accountId]) }
    : answered;
  const messages = { ...state.messages };
  for (const message of page.messages) messages[message.id] = message;
  const incoming = page.messages.map((m) => m.id);
  if (!replace) {
    const seen = new Set(state.list.ids);
    const ids = [...state.list.ids, ...incoming.filter((id) => !seen.has(id))];
    return { ...state, messages, list: { ...state.list, ids, nextCursor: page.nextCursor, loading: false, error: null } };
  }
  const journal = state.list.journal ?? [];
  const list: ListState = { ...state.list, ids: incoming, nextCursor: page.nextCursor, loading: false, error: null, journal: null, loaded: true, stale: false };
  let next: MailState = withRestoredBefore({ ...state, messages, list }, page.messages);
  for (const event of journal) next = applyMessageEvent(next, event);
  return reapplyPendingActions(next);
}

/**
 * Whether the mailbox shown holds more messages than its list, with every page read: mail its
 * first sync stored after the list loaded. A first sync announces itself with mailbox.updated
 * and sync.status, never with email.new (see the protocol), so the list must be read again.
 */
export function listBehindMailbox(state: MailState): boolean {
  const { source, nextCursor, loading, error, ids } = state.list;
  if (source?.kind !== 'mailbox' || nextCursor !== null || loading || error) return false;
  const total = state.mailboxes[source.mailboxId]?.total;
  return total !== undefined && ids.length < total;
}

/** A page is loading; `replacing` for a first page, which starts the journal (see ListState). */
export function listLoading(state: MailState, generation: number, replacing = false): MailState {
  if (generation !== state.list.generation) return state;
  const journal = replacing ? (state.list.journal ?? []) : state.list.journal;
  return { ...state, list: { ...state.list, loading: true, journal } };
}

export function listFailed(state: MailState, generation: number, error: ErrorInfo): MailState {
  if (generation !== state.list.generation) return state;
  return { ...state, list: { ...state.list, loading: false, error, journal: null } };
}

/**
 * The list's first page could not be loaded: the hub was not reachable (or refused this page's
 * token, renewed with the reconnect). Offline first, what the user saw is still there: a list
 * that had loaded keeps its rows; a folder viewed before in this page shows its kept list, with
 * what happened since (the events, the user's actions not yet applied), as listLoaded does with
 * a page. Either is marked out of date (ListState.stale), and shows no more pages: the reload on
 * reconnect replaces it. Anything else is an error, as listFailed has it.
 */
export function listFromMemory(state: MailState, generation: number, error: ErrorInfo): MailState {
  if (generation !== state.list.generation) return state;
  if (state.list.loaded) return { ...state, list: { ...state.list, nextCursor: null, loading: false, error: null, journal: null, stale: true } };
  const kept = state.list.source?.kind === 'mailbox' ? keptMessages(state, state.list.source.mailboxId) : null;
  if (!kept) return listFailed(state, generation, error);
  const shown = listLoaded(state, generation, { messages: kept, nextCursor: null }, true);
  return { ...shown, list: { ...shown.list, stale: true } };
}

export function messageFetched(state: MailState, message: MessageSummary): MailState {
  if (state.removedAccounts[message.accountId]) return state;
  return { ...state, messages: { ...state.messages, [message.id]: message } };
}

/** Whether an action takes the messages out of the list shown (it moves them). */
export function removesFromList(type: ActionType): boolean {
  return type === 'move' || type === 'archive' || type === 'delete';
}

function withFlag(message: MessageSummary, flag: string, add: boolean): MessageSummary {
  const has = message.flags.includes(flag);
  if (has === add) return message;
  return { ...message, flags: add ? [...message.flags, flag] : message.flags.filter((f) => f !== flag) };
}

/** What a new action (or part of one) is made of; the rest is tracked from here on. A part without a group is an action of its own. */
export type NewAction = Omit<TrackedAction, 'before' | 'state' | 'actionId' | 'error' | 'undoIds' | 'undoError' | 'quiet' | 'group'> & { quiet?: boolean; group?: string };

function newTracked(state: MailState, action: NewAction): TrackedAction {
  const before = action.messageIds.map((id) => state.messages[id]).filter((m): m is MessageSummary => m !== undefined);
  return { ...action, group: action.group ?? action.localId, quiet: action.quiet ?? false, before, state: 'sending', actionId: null, error: null, undoIds: [], undoError: null };
}

/** The user's action, shown at once: flags changed, or the messages gone from the list. */
export function applyOptimistic(state: MailState, action: NewAction): MailState {
  const tracked = newTracked(state, action);
  return applyActionEffect({ ...state, actions: [...state.actions, tracked] }, tracked);
}

/**
 * A part of the user's action that is not sent at all (messages of another account than the
 * folder they were to move to): recorded as failed with the reason, so its toast says what was
 * left as it was; nothing changes.
 */
export function actionNotSent(state: MailState, action: NewAction, error: ErrorInfo): MailState {
  const tracked: TrackedAction = { ...newTracked(state, action), state: 'failed', error };
  return { ...state, actions: [...state.actions, tracked] };
}

function updateTracked(state: MailState, localId: string, change: Partial<TrackedAction>): MailState {
  return { ...state, actions: state.actions.map((a) => (a.localId === localId ? { ...a, ...change } : a)) };
}

/** The hub took the action. One the user undid on its way stays undoing: its undo goes now (undoAction). */
export function actionAccepted(state: MailState, localId: string, actionId: string): MailState {
  const undoing = state.actions.find((a) => a.localId === localId)?.state === 'undoing';
  return forgetOldActions(updateTracked(state, localId, { actionId, state: undoing ? 'undoing' : 'pending' }));
}

/**
 * Puts messages an action took out of the list back (a failed or undone move); a search list had
 * them too. In one pass: a copy of the list and of the messages per message put back made undoing
 * an action on 5,000 messages freeze the page for seconds (6,000: 9 s).
 */
function restoreToList(state: MailState, before: readonly MessageSummary[]): MailState {
  const listed = new Set(state.list.ids);
  const back = before.filter((old) => !listed.has(old.id) && (belongsToList(state.list, old) || state.list.source?.kind === 'search'));
  if (back.length === 0) return state;
  const messages = { ...state.messages };
  for (const old of back) messages[old.id] = old;
  return { ...state, messages, list: { ...state.list, ids: mergeSorted(state.list.ids, state.messages, back) } };
}

/** `ids` (in list order) with `added` merged in, each where insertSorted would put it: one pass. */
function mergeSorted(ids: readonly string[], messages: Record<string, MessageSummary>, added: readonly MessageSummary[]): string[] {
  const sorted = [...added].sort(compareMessages);
  const merged: string[] = [];
  let next = 0;
  for (const id of ids) {
    const listed = messages[id];
    // Before the first listed message that does not sort before it.
    while (listed && next < sorted.length && compareMessages(listed, sorted[next]!) >= 0) merged.push(sorted[next++]!.id);
    merged.push(id);
  }
  for (; next < sorted.length; next++) merged.push(sorted[next]!.id);
  return merged;
}

/** The hub refused the action: the messages are put back as they were. */
export function actionRejected(state: MailState, localId: string, error: ErrorInfo): MailState {
  const tracked = state.actions.find((a) => a.localId === localId);
  if (!tracked) return state;
  return revertActionEffect(updateTracked(state, localId, { state: 'failed', error }), tracked);
}

/** The request did not reach the hub: the change stays shown, and is sent again when the hub is back (see actionResent). */
export function actionUnsent(state: MailState, localId: string, error: ErrorInfo): MailState {
  return updateTracked(state, localId, { state: 'unsent', error });
}

/** An unsent action sent again: on its way, and shown again (a reload meanwhile may have read the messages as they were). */
export function actionResent(state: MailState, localId: string): MailState {
  const tracked = state.actions.find((a) => a.localId === localId);
  if (tracked?.state !== 'unsent') return state;
  return applyActionEffect(updateTracked(state, localId, { state: 'sending', error: null }), tracked);
}

/**
 * An action an earlier page kept unsent (unsent-actions-storage.ts), tracked again, as unsent. The
 * messages as they were are not kept with it (their content stays out of the page's storage):
 * `before` has those this page has loaded, and gets the rest as the hub's lists bring them
 * (withRestoredBefore), which then show the change.
 */
export function actionRestored(state: MailState, action: NewAction): MailState {
  if (state.actions.some((known) => known.localId === action.localId)) return state;
  const tracked: TrackedAction = { ...newTracked(state, action), state: 'unsent' };
  return applyActionEffect({ ...state, actions: [...state.actions, tracked] }, tracked);
}

/**
 * Unsent parts this page will not send: another window sent them, or the user logged out (then
 * also those on their way, `onTheirWay`: their answer finds nothing to track or keep). Their change
 * stays as shown until the hub's events or the next refresh say otherwise.
 */
export function unsentDropped(state: MailState, localIds: ReadonlySet<string>, { onTheirWay = false } = {}): MailState {
  const droppable = (action: TrackedAction): boolean => action.state === 'unsent' || (onTheirWay && action.state === 'sending' && action.actionId === null);
  const actions = state.actions.filter((action) => !droppable(action) || !localIds.has(action.localId));
  return actions.length === state.actions.length ? state : { ...state, actions };
}

/**
 * An action undone before the hub had it: unsent, or undone on its way (undoStarted) and then not
 * sent, or not reaching the hub. It never will be sent, and the messages are as they were.
 */
export function unsentUndone(state: MailState, localId: string): MailState {
  const tracked = state.actions.find((a) => a.localId === localId);
  if (!tracked || tracked.actionId !== null || (tracked.state !== 'unsent' && tracked.state !== 'undoing')) return state;
  return revertActionEffect(updateTracked(state, localId, { state: 'undone', error: null }), tracked);
}

function revertActionEffect(state: MailState, tracked: TrackedAction): MailState {
  let next = state;
  if (isFlagAction(tracked.type)) {
    const { flag } = FLAG_ACTIONS[tracked.type];
    const messages = { ...next.messages };
    for (const old of tracked.before) {
      const current = messages[old.id];
      if (current) messages[old.id] = withFlag(current, flag, old.flags.includes(flag));
    }
    next = { ...next, messages };
  } else if (removesFromList(tracked.type)) {
    next = restoreToList(movedBackInSearch(next, tracked), tracked.before);
  }
  return next;
}

/** Search results that kept the messages of an archive or a move show them in their folder again. */
function movedBackInSearch(state: MailState, tracked: TrackedAction): MailState {
  return listEffect(state, tracked.type, tracked.targetMailboxId) === 'relabel' ? movedBack(state, tracked) : state;
}

export function undoStarted(state: MailState, localId: string): MailState {
  const tracked = state.actions.find((a) => a.localId === localId);
  const next = updateTracked(state, localId, { state: 'undoing', undoError: null });
  // Search results show the messages back in their folder at once: the hub tells of the undo
  // (email.deleted in the folder the action took them to) before it answers, and a message
  // still shown there would leave the results for that.
  return tracked ? movedBackInSearch(next, tracked) : next;
}

export function undoFinished(state: MailState, localId: string, undoIds: string[]): MailState {
  const tracked = state.actions.find((a) => a.localId === localId);
  if (!tracked) return state;
  const next = updateTracked(state, localId, { state: 'undone', undoIds });
  // An undone move puts the messages back in the list shown (the hub's events confirm it).
  return removesFromList(tracked.type) ? restoreToList(movedBackInSearch(next, tracked), tracked.before) : next;
}

/** The undo was refused or did not reach the hub: the action stands, and says why it was not undone. */
export function undoFailed(state: MailState, localId: string, error: ErrorInfo): MailState {
  const tracked = state.actions.find((a) => a.localId === localId);
  if (!tracked) return state;
  // Its toast again if it went (dismissed while the undo waited for the hub): the user thinks it undone.
  const next = updateTracked(state, localId, { state: tracked.actionId ? 'pending' : 'failed', undoError: error, quiet: false });
  // The action stands: search results show its messages where it took them again (see undoStarted).
  return listEffect(next, tracked.type, tracked.targetMailboxId) === 'relabel' ? movedInPlace(next, tracked) : next;
}

/**
 * The toast of `group` goes. Its parts are forgotten, but one not sent yet (the hub was not
 * reachable) is still to be sent, and one undone on its way is still to be undone when the hub
 * answers (send): it stays, quiet, and has a toast again only if it fails.
 */
export function dismissAction(state: MailState, group: string): MailState {
  const stillToDo = (action: TrackedAction) => action.state === 'unsent' || (action.state === 'undoing' && action.actionId === null);
  const actions = state.actions.flatMap((action) => (action.group !== group ? [action] : stillToDo(action) ? [{ ...action, quiet: true }] : []));
  return forgetOldActions({ ...state, actions });
}
