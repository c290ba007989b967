// User actions (POST /api/actions): applied to the store at once, queued,
// replayed to the server, reported through action.status.
import type { ErrorInfo } from './model';

export const FLAG_ACTIONS = {
  markRead: { flag: '\\Seen', add: true },
  markUnread: { flag: '\\Seen', add: false },
  flag: { flag: '\\Flagged', add: true },
  unflag: { flag: '\\Flagged', add: false },
} as const;

export type FlagActionType = keyof typeof FLAG_ACTIONS;
export type ActionType = FlagActionType | 'move' | 'archive' | 'delete';

export const ACTION_TYPES: readonly ActionType[] = ['markRead', 'markUnread', 'flag', 'unflag', 'move', 'archive', 'delete'];

/** The most messages one POST /api/actions may name (400 beyond); a client splits larger ones. */
export const MAX_MESSAGES_PER_ACTION = 5000;

export interface ActionRequest {
  type: ActionType;
  /** Hub message ids. */
  messageIds: string[];
  targetMailboxId?: string;
}

export interface ActionAccepted {
  actionId: string;
}

/**
 * GET /api/actions/:id: where an action stands, as its last action.status said (for a client
 * that was not connected when it was sent). Ended actions are kept a week after they end.
 */
export interface ActionStatusResponse {
  actionId: string;
  state: 'pending' | 'applied' | 'failed';
  error?: ErrorInfo;
}

/** POST /api/actions/:id/undo: a pending action is cancelled; an applied one gets inverse actions. */
export interface UndoResponse {
  actionId: string;
  cancelled: boolean;
  /** The queued inverse actions (empty when cancelled). */
  actionIds: string[];
}

export function isFlagAction(type: ActionType): type is FlagActionType {
  return type in FLAG_ACTIONS;
}
