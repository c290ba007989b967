// This page's unsent actions and the page's storage (unsent-actions-storage.ts): a part that did
// not reach the hub is kept there, claimed before it is sent again, forgotten once the hub has
// answered or the user undid it, and tracked again by the next page after a reload. Used by
// action-commands.ts, which sends; the app restores at its start (use-data-refresh.ts), logout clears.
import type { ActionRequest } from '../../../shared/actions';
import type { ErrorInfo } from '../../../shared/model';
import { actionNotSent, actionRestored, unsentDropped, type NewAction, type TrackedAction } from '../stores/mail-state';
import { mailStore, updateMail } from '../stores/mail-store';
import { claimUnsentAction, clearUnsentActions, forgetUnsentActions, keepUnsentAction, keptUnsentActions, type KeptAction } from '../stores/unsent-actions-storage';

/**
 * The unsent parts this page has in storage (kept, or restored from there). Only those are looked
 * up there again: most actions reach the hub at once and never touch the storage, and a part
 * missing from it was sent elsewhere only if it had been there.
 */
const kept = new Set<string>();

let pageId: string | null = null;

/** This page, in the claims of kept actions (not a secret: it only tells the pages apart). */
function thisPage(): string {
  pageId ??= `page-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  return pageId;
}

/** Keeps an unsent part, as it is now, for a later page; `request` is what it is to send. In memory only when the storage cannot hold it. */
export function keepUnsent(part: TrackedAction, request: ActionRequest): void {
  const { localId, group, type, quiet, forGood, createdAt } = part;
  if (keepUnsentAction({ localId, group, type, request, quiet, createdAt, ...(forGood ? { forGood } : {}) })) kept.add(localId);
}

export function isKept(localId: string): boolean {
  return kept.has(localId);
}

/** The hub answered these parts (took or refused them), or the user undid them: no page sends them. */
export function forgetKept(localIds: readonly string[]): void {
  const known = localIds.filter((localId) => kept.delete(localId));
  if (known.length > 0) forgetUnsentActions(known);
}

/**
 * Whether this page is to send a part again now. Another tab may hold it too (it restored it on a
 * reload, or made it): the first to claim it sends it. One claimed there is left to that tab; one
 * gone from the storage was sent (or undone) there, and is no longer tracked here.
 */
export function claimForResend(localId: string): boolean {
  if (!kept.has(localId)) return true;
  const claim = claimUnsentAction(localId, thisPage(), Date.now());
  if (claim === 'elsewhere') return false;
  if (claim === 'gone') {
    kept.delete(localId);
    updateMail((state) => unsentDropped(state, new Set([localId])));
    return false;
  }
  return true;
}

/** Why an action kept unsent for longer than KEPT_FOR_MS is not sent after all. */
export const TOO_OLD: ErrorInfo = { code: 'too_old', message: 'not sent within a week, so left as it was' };

function restored({ localId, group, type, request, quiet, forGood, createdAt }: KeptAction): NewAction {
  const targetMailboxId = type === 'move' ? request.targetMailboxId : undefined;
  return { localId, group, type, messageIds: request.messageIds, targetMailboxId, quiet, createdAt, resend: request, ...(forGood === true ? { forGood } : {}) };
}

/**
 * Tracks again, as not sent yet, the actions an earlier page kept unsent (it was closed or
 * reloaded while the hub was not reachable); the app calls it at its start, and then sends them.
 * Those kept too long are shown as not done, and forgotten. One this page tracks already (its own,
 * or restored before) stays as it is.
 */
export function restoreUnsentActions(now = Date.now()): void {
  const { toSend, tooOld } = keptUnsentActions(now);
  if (toSend.length === 0 && tooOld.length === 0) return;
  updateMail((state) => {
    const next = toSend.reduce((acc, action) => actionRestored(acc, restored(action)), state);
    const told = (action: KeptAction) => next.actions.some((known) => known.localId === action.localId);
    return tooOld.reduce((acc, action) => (told(action) ? acc : actionNotSent(acc, restored(action), TOO_OLD)), next);
  });
  for (const { localId } of toSend) kept.add(localId);
  forgetUnsentActions(tooOld.map((action) => action.localId));
}

/**
 * The user logged out: the actions not sent yet are not sent, by this page or a later one. Those
 * on their way too (a resend in flight, its answer not in): left in the page, one whose request
 * then failed was kept again after the logout, and its toast stayed.
 */
export function dropUnsentActions(): void {
  clearUnsentActions();
  kept.clear();
  const notTaken = mailStore.getState().actions.filter((action) => action.state === 'unsent' || (action.state === 'sending' && action.actionId === null));
  updateMail((state) => unsentDropped(state, new Set(notTaken.map((action) => action.localId)), { onTheirWay: true }));
}

/**
 * Forgets the kept parts this page no longer tracks: an account removed takes its actions out of
 * the page (accountRemoved), and the hub, which dropped them too, would refuse them after a reload.
 */
export function forgetUntracked(): void {
  const tracked = new Set(mailStore.getState().actions.map((action) => action.localId));
  forgetKept([...kept].filter((localId) => !tracked.has(localId)));
}
