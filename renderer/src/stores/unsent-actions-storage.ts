// The user's actions that never reached the hub (TrackedState 'unsent'), kept in localStorage so
// that a reload, or a tab closed while the hub was away, does not lose them: the next page sends
// them (restoreUnsentActions in action-commands.ts). Only what sending needs is kept: hub ids and
// the request, never the token, nor the messages themselves (subjects and senders stay out of the
// page's storage). Every tab of the hub's origin shares it: a tab claims an entry before sending
// it, so that two tabs holding the same entry do not both send it. Storage that is full, disabled
// or holding something else is not the user's problem: the actions are then kept in memory only.
import { ACTION_TYPES, type ActionRequest, type ActionType } from '../../../shared/actions';

const KEY = 'mailmind.unsentActions';
/** The shape of what is stored. Anything else under the key (damaged, another version) reads as nothing. */
const VERSION = 1;
/** Older actions are not sent any more: the user has long since moved on (the hub keeps its ended actions a week too). */
export const KEPT_FOR_MS = 7 * 24 * 60 * 60 * 1000;
/** A claim older than this is of a page that went away while sending: the entry may be sent again. */
export const CLAIM_MS = 60_000;

export interface KeptAction {
  localId: string;
  group: string;
  /** What the user did, which the toast says; `request` is what goes to the hub. */
  type: ActionType;
  request: ActionRequest;
  quiet: boolean;
  /** A delete in Trash: for good, no Undo (TrackedAction.forGood). */
  forGood?: boolean;
  createdAt: number;
  /** The page sending it now, and since when. */
  claim?: { page: string; at: number };
}

/**
 * How a claim went. `claimed`: this page sends it. `elsewhere`: another page is sending it.
 * `gone`: another page sent it, or it was undone or cleared there. `unknown`: the storage cannot
 * be read, so this page sends it, as without storage.
 */
export type ClaimResult = 'claimed' | 'elsewhere' | 'gone' | 'unknown';

/** The page's localStorage, or null where it is disabled (reading `localStorage` itself throws then). */
function pageStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isActionType = (value: unknown): value is ActionType => ACTION_TYPES.includes(value as ActionType);

function isRequest(value: unknown): value is ActionRequest {
  if (!isRecord(value) || !isActionType(value.type)) return false;
  const { messageIds, targetMailboxId } = value;
  return Array.isArray(messageIds) && messageIds.length > 0 && messageIds.every((id) => typeof id === 'string') && (targetMailboxId === undefined || typeof targetMailboxId === 'string');
}

function isKeptAction(value: unknown): value is KeptAction {
  if (!isRecord(value)) return false;
  const { localId, group, type, request, quiet, createdAt, claim } = value;
  const claimOk = claim === undefined || (isRecord(claim) && typeof claim.page === 'string' && typeof claim.at === 'number');
  return typeof localId === 'string' && typeof group === 'string' && isActionType(type) && isRequest(request) && typeof quiet === 'boolean' && Number.isFinite(createdAt) && claimOk;
}

/** What is stored; null when the storage cannot be read, or holds something this page did not write. */
function read(storage: Storage | null): KeptAction[] | null {
  if (!storage) return null;
  let text: string | null;
  try {
    text = storage.getItem(KEY);
  } catch (error) {
    console.warn('could not read the unsent actions kept', String(error));
    return null;
  }
  if (text === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null; // damaged: nothing to send from it (the next write replaces it)
  }
  if (!isRecord(value) || value.version !== VERSION || !Array.isArray(value.actions)) return null;
  // One damaged entry does not cost the others.
  return value.actions.filter(isKeptAction);
}

/** Stores `actions`; false when the storage is full or disabled (they stay in memory only). */
function write(storage: Storage | null, actions: KeptAction[]): boolean {
  if (!storage) return false;
  try {
    if (actions.length === 0) storage.removeItem(KEY);
    else storage.setItem(KEY, JSON.stringify({ version: VERSION, actions }));
    return true;
  } catch (error) {
    console.warn('could not keep the unsent actions for after a reload', String(error));
    return false;
  }
}

/** The kept actions, oldest first: those to send, and those kept longer than KEPT_FOR_MS, no longer to be sent. */
export function keptUnsentActions(now: number, storage = pageStorage()): { toSend: KeptAction[]; tooOld: KeptAction[] } {
  const actions = [...(read(storage) ?? [])].sort((a, b) => a.createdAt - b.createdAt);
  const tooOld = (action: KeptAction) => now - action.createdAt > KEPT_FOR_MS;
  return { toSend: actions.filter((action) => !tooOld(action)), tooOld: actions.filter(tooOld) };
}

/** Keeps (or keeps again, unclaimed) one unsent action; false when it could not be stored. */
export function keepUnsentAction(action: KeptAction, storage = pageStorage()): boolean {
  const { claim: _claim, ...unclaimed } = action;
  const others = (read(storage) ?? []).filter((kept) => kept.localId !== action.localId);
  return write(storage, [...others, unclaimed]);
}

/** Forgets kept actions: sent (the hub took or refused them), undone, or no longer to be sent. */
export function forgetUnsentActions(localIds: readonly string[], storage = pageStorage()): void {
  const actions = read(storage);
  if (!actions || localIds.length === 0) return;
  const rest = actions.filter((action) => !localIds.includes(action.localId));
  if (rest.length !== actions.length) write(storage, rest);
}

/** Forgets every kept action (the user logged out). */
export function clearUnsentActions(storage = pageStorage()): void {
  write(storage, []);
}

/**
 * Claims a kept action for `page` before it sends it. Two tabs can hold the same entry (one made
 * it, another restored it on a reload): the first to claim sends it. Reading and writing are two
 * steps, so two tabs claiming in the same instant can both win; that costs a second request
 * the hub refuses or finds done (a flag set twice), not a lost action.
 */
export function claimUnsentAction(localId: string, page: string, now: number, storage = pageStorage()): ClaimResult {
  const actions = read(storage);
  if (!actions) return 'unknown';
  const action = actions.find((kept) => kept.localId === localId);
  if (!action) return 'gone';
  if (action.claim && action.claim.page !== page && now - action.claim.at < CLAIM_MS) return 'elsewhere';
  const claimed = actions.map((kept) => (kept === action ? { ...kept, claim: { page, at: now } } : kept));
  return write(storage, claimed) ? 'claimed' : 'unknown';
}
