import type { ActionType } from '../../../shared/actions';
import { useApi } from '../api/api-context';
import { dismiss, undoAction } from '../mail/mail-commands';
import { effectiveActionState, type TrackedAction, type TrackedState } from '../stores/mail-state';
import { useMail } from '../stores/mail-store';

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

const SHOWN = 4;

/** The newest actions with their state: pending, done, failed (with the reason), undo. */
export function ActionToasts() {
  const api = useApi();
  const actions = useMail((state) => state.actions);
  const actionStatus = useMail((state) => state.actionStatus);
  const shown = actions.slice(-SHOWN).reverse();
  if (shown.length === 0) return null;
  const label = (action: TrackedAction): string => `${verbs[action.type]} ${action.messageIds.length} message${action.messageIds.length === 1 ? '' : 's'}`;

  return (
    <div className="toasts" aria-live="polite">
      {shown.map((action) => {
        const { state, error } = effectiveActionState({ actionStatus }, action);
        const canUndo = !!action.actionId && (state === 'pending' || state === 'applied');
        return (
          <div key={action.localId} className={`toast toast-${state}`} data-testid="action-toast" data-state={state} data-type={action.type}>
            <span>
              {label(action)} — <span data-testid="action-state">{stateText[state]}</span>
              {error ? <span className="error">: {error.message}</span> : null}
            </span>
            {canUndo && api ? (
              <button type="button" onClick={() => void undoAction(api, action.localId)} data-testid="undo">
                Undo
              </button>
            ) : null}
            <button type="button" className="ghost" aria-label="Dismiss" onClick={() => dismiss(action.localId)}>
              ✕
            </button>
          </div>
        );
      })}
    </div>
  );
}
