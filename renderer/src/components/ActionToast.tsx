import { useEffect, useRef } from 'react';
import type { ActionType } from '../../../shared/actions';
import { listFocusWhenGone } from '../mail/list-focus';
import type { GroupOutcome, TrackedState } from '../stores/mail-state';

const verbs: Record<ActionType, string> = {
  markRead: 'Marked as read',
  markUnread: 'Marked as unread',
  flag: 'Starred',
  unflag: 'Unstarred',
  move: 'Moved',
  archive: 'Archived',
  delete: 'Deleted',
};

/** What was not done, for the messages of a part that failed while the others went through. */
const notDone: Record<ActionType, string> = {
  markRead: 'not marked as read',
  markUnread: 'not marked as unread',
  flag: 'not starred',
  unflag: 'not unstarred',
  move: 'not moved',
  archive: 'not archived',
  delete: 'not deleted',
};

const stateText: Record<TrackedState, string> = {
  sending: 'sending…',
  unsent: 'not sent yet: the hub is not reachable, sent when it is back',
  pending: 'waiting for the server',
  applied: 'done',
  failed: 'failed',
  undoing: 'undoing…',
  undone: 'undone',
};

/** How long a finished action stays on screen (a failed one, or one done in part, stays until dismissed). */
export const FINISHED_TOAST_MS = 8000;

export interface ActionToastProps {
  type: ActionType;
  /** A delete of messages in Trash: gone for good. */
  forGood?: boolean;
  outcome: GroupOutcome;
  onUndo: (() => void) | null;
  onDismiss(): void;
}

const messages = (count: number) => `${count} message${count === 1 ? '' : 's'}`;

export function ActionToast({ type, forGood = false, outcome, onUndo, onDismiss }: ActionToastProps) {
  const { state, error, count, undoError } = outcome;
  const finished = (state === 'applied' || state === 'undone') && outcome.notDone === null;
  // The latest callback, without restarting the timer on every render.
  const dismissRef = useRef(onDismiss);
  dismissRef.current = onDismiss;
  useEffect(() => {
    if (!finished) return undefined;
    const timer = setTimeout(() => dismissRef.current(), FINISHED_TOAST_MS);
    return () => clearTimeout(timer);
  }, [finished]);
  return (
    <div className={`toast toast-${state}`} data-testid="action-toast" data-state={state} data-type={type}>
      <span>
        {verbs[type]} {messages(count)}
        {forGood ? ' forever' : ''} — <span data-testid="action-state">{stateText[state]}</span>
        {error ? <span className="error">: {error.message}</span> : null}
        {outcome.notDone ? (
          <span className="error" data-testid="not-done">
            ; {messages(outcome.notDone.count)} {notDone[type]}
            {outcome.notDone.error ? `: ${outcome.notDone.error.message}` : ''}
          </span>
        ) : null}
        {undoError && state !== 'undoing' ? (
          <span className="error" data-testid="undo-error">
            {' '}
            — not undone: {undoError.message}
          </span>
        ) : null}
      </span>
      {/* Both go once used (Undo while undoing, ✕ with the toast): the focus goes to the list. */}
      {onUndo ? (
        <button ref={listFocusWhenGone} type="button" onClick={onUndo} data-testid="undo">
          Undo
        </button>
      ) : null}
      <button ref={listFocusWhenGone} type="button" className="ghost" aria-label="Dismiss" onClick={onDismiss}>
        ✕
      </button>
    </div>
  );
}
