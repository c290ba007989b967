import { useCallback } from 'react';
import { useApi } from '../api/api-context';
import { dismiss, undoAction } from '../mail/action-commands';
import { groupOutcome, toastedGroups } from '../stores/mail-state';
import { useMail } from '../stores/use-mail';
import { ActionToast } from './ActionToast';

/**
 * The newest user actions with their state: pending, done, failed (with the reason), undo. One
 * toast for an action on messages of several accounts (one request each). Not the quiet ones
 * (star, read/unread, the mark-read on opening a message) unless they failed (TrackedAction.quiet).
 */
export function ActionToasts() {
  const api = useApi();
  const actions = useMail((state) => state.actions);
  const actionStatus = useMail((state) => state.actionStatus);
  const onDismiss = useCallback((group: string) => () => dismiss(group), []);
  const shown = toastedGroups({ actions, actionStatus }).reverse();
  if (shown.length === 0) return null;

  return (
    <div className="toasts" aria-live="polite">
      {shown.map((group) => {
        const outcome = groupOutcome({ actionStatus }, group);
        return (
          <ActionToast
            key={group.id}
            type={group.type}
            forGood={group.parts.some((part) => part.forGood)}
            outcome={outcome}
            onUndo={api && outcome.canUndo ? () => void undoAction(api, group.id) : null}
            onDismiss={onDismiss(group.id)}
          />
        );
      })}
    </div>
  );
}
