import { useCallback } from 'react';
import { useApi } from '../api/api-context';
import { dismiss, undoAction } from '../mail/mail-commands';
import { canOfferUndo, effectiveActionState, toastedActions } from '../stores/mail-state';
import { useMail } from '../stores/use-mail';
import { ActionToast } from './ActionToast';

/**
 * The newest actions with their state: pending, done, failed (with the reason), undo. Not the
 * mark-read on opening a message, unless it failed (TrackedAction.quiet).
 */
export function ActionToasts() {
  const api = useApi();
  const actions = useMail((state) => state.actions);
  const actionStatus = useMail((state) => state.actionStatus);
  const onDismiss = useCallback((localId: string) => () => dismiss(localId), []);
  const shown = toastedActions({ actions, actionStatus }).reverse();
  if (shown.length === 0) return null;

  return (
    <div className="toasts" aria-live="polite">
      {shown.map((action) => {
        const { state, error } = effectiveActionState({ actionStatus }, action);
        const canUndo = !!api && canOfferUndo(action, state);
        return (
          <ActionToast
            key={action.localId}
            action={action}
            state={state}
            error={error}
            onUndo={canUndo ? () => void undoAction(api, action.localId) : null}
            onDismiss={onDismiss(action.localId)}
          />
        );
      })}
    </div>
  );
}
