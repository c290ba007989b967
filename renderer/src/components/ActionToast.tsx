import { useEffect, useRef } from 'react';
import type { ActionType } from '../../../shared/actions';
import type { ErrorInfo } from '../../../shared/model';
import type { TrackedAction, TrackedState } from '../stores/mail-state';

const verbs: Record<ActionType, string> = {
  markRead: 'Marked as read',
  markUnread: 'Marked as unread',
  flag: 'Starred',
  unflag: 'Unstarred',
  move: 'Moved',
  archive: 'Archived',
  delete: 'Deleted',
};

const stateText: Record<TrackedState, string> = {
  sending: 'sending…',
  pending: 'waiting for the server',
  applied: 'done',
  failed: 'failed',
  undoing: 'undoing…',
  undone: 'undone',
};

/** How long a finished action stays on screen (a failed one stays until dismissed). */
export const FINISHED_TOAST_MS = 8000;

export interface ActionToastProps {
  action: TrackedAction;
  state: TrackedState;
  error: ErrorInfo | null;
  onUndo: (() => void) | null;
  onDismiss(): void;
}

export function ActionToast({ action, state, error, onUndo, onDismiss }: ActionToastProps) {
  const finished = state === 'applied' || state === 'undone';
  // The latest callback, without restarting the timer on every render.
  const dismissRef = useRef(onDismiss);
  dismissRef.current = onDismiss;
  useEffect(() => {
    if (!finished) return undefined;
    const timer = setTimeout(() => dismissRef.current(), FINISHED_TOAST_MS);
    return () => clearTimeout(timer);
  }, [finished]);
  const count = action.messageIds.length;
  return (
    <div className={`toast toast-${state}`} data-testid="action-toast" data-state={state} data-type={action.type}>
      <span>
        {verbs[action.type]} {count} message{count === 1 ? '' : 's'} — <span data-testid="action-state">{stateText[state]}</span>
        {error ? <span className="error">: {error.message}</span> : null}
        {action.undoError && state !== 'undoing' ? (
          <span className="error" data-testid="undo-error">
            {' '}
            — not undone: {action.undoError.message}
          </span>
        ) : null}
      </span>
      {onUndo ? (
        <button type="button" onClick={onUndo} data-testid="undo">
          Undo
        </button>
      ) : null}
      <button type="button" className="ghost" aria-label="Dismiss" onClick={onDismiss}>
        ✕
      </button>
    </div>
  );
}
