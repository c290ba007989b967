// POST /api/actions: the change is in the store (and on every screen) at once,
// logged in the same transaction, and replayed to the server in order.
import { ACTION_TYPES, FLAG_ACTIONS, isFlagAction, type ActionAccepted, type ActionType, type FlagActionType, type UndoResponse } from '../../../shared/actions';
import type { ApiRoute } from '../server/api-router';
import { HttpError } from '../server/http-json';
import type { Store } from '../store/open-store';
import { publicMailbox, toSummary } from '../store/message-rows';
import { newId } from '../store/store-writes';
import type { MessageRecord } from '../store/store-types';
import type { SyncManager } from '../sync/sync-manager';
import type { HubEvent } from '../../../shared/protocol';
import { badRequest, isRecord } from './request-checks';

export interface ActionRouteDeps {
  store: Store;
  sync: SyncManager;
  publish(event: HubEvent): void;
}

const MAX_MESSAGES_PER_ACTION = 5000;

function parseRequest(body: unknown): { type: ActionType; messageIds: string[] } {
  if (!isRecord(body)) throw badRequest('Expected a JSON object');
  const { type, messageIds } = body;
  if (typeof type !== 'string' || !ACTION_TYPES.includes(type as ActionType)) {
    throw badRequest(`type must be one of ${ACTION_TYPES.join(', ')}`);
  }
  if (!Array.isArray(messageIds) || messageIds.length === 0 || !messageIds.every((id) => typeof id === 'string')) {
    throw badRequest('messageIds must be a non-empty array of message ids');
  }
  if (messageIds.length > MAX_MESSAGES_PER_ACTION) throw badRequest(`At most ${MAX_MESSAGES_PER_ACTION} messages per action`);
  return { type: type as ActionType, messageIds: [...new Set(messageIds as string[])] };
}

function announce({ store, publish }: ActionRouteDeps, changed: MessageRecord[]): void {
  for (const record of changed) publish({ type: 'email.updated', payload: { message: toSummary(record) } });
  for (const mailboxId of new Set(changed.map((record) => record.mailboxId))) {
    const mailbox = store.reads.getMailbox(mailboxId);
    if (mailbox) publish({ type: 'mailbox.updated', payload: { mailbox: publicMailbox(mailbox) } });
  }
}

/** Applies and logs a flag action on messages of one account, tells every client, and starts its replay. */
function queueFlagAction(deps: ActionRouteDeps, type: FlagActionType, records: MessageRecord[]): string {
  const { store, sync, publish } = deps;
  const accountId = records[0]!.accountId;
  const targets = records.map((record) => ({ record, uidValidity: store.reads.getMailbox(record.mailboxId)?.uidValidity ?? 0 }));
  const actionId = newId();
  announce(deps, store.operations.queueFlagAction(actionId, accountId, type, targets));
  publish({ type: 'action.status', payload: { actionId, state: 'pending' } });
  sync.get(accountId)?.replayNow();
  return actionId;
}

/** The flag action that sets (`add`) or clears the flag `type` acts on. */
function flagActionFor(type: FlagActionType, add: boolean): FlagActionType {
  const { flag } = FLAG_ACTIONS[type];
  const entry = Object.entries(FLAG_ACTIONS).find(([, action]) => action.flag === flag && action.add === add);
  return entry![0] as FlagActionType;
}

export function actionRoutes(deps: ActionRouteDeps): ApiRoute[] {
  const { store } = deps;
  return [
    {
      method: 'POST',
      pattern: '/api/actions',
      handle(request) {
        const { type, messageIds } = parseRequest(request.body);
        if (!isFlagAction(type)) {
          throw new HttpError(501, 'not_implemented', `"${type}" is not available yet; read/unread and flag/unflag are`);
        }
        const records = messageIds.map((id) => store.reads.getMessage(id));
        const unknown = messageIds.filter((_, index) => !records[index]);
        if (unknown.length > 0) throw new HttpError(400, 'unknown_messages', `No such messages: ${unknown.slice(0, 5).join(', ')}`);
        const found = records as MessageRecord[];
        const accountIds = new Set(found.map((record) => record.accountId));
        if (accountIds.size > 1) throw badRequest('One action acts on messages of one account');
        if (found.some((record) => record.uid === null)) throw new HttpError(409, 'not_on_server_yet', 'A message is still being moved');
        const actionId = queueFlagAction(deps, type, found);
        const body: ActionAccepted = { actionId };
        return { status: 202, body };
      },
    },
    {
      method: 'POST',
      pattern: '/api/actions/:id/undo',
      handle(request) {
        const actionId = request.params.id as string;
        const operation = store.operations.get(actionId);
        if (!operation) throw new HttpError(404, 'not_found', 'No such action');
        if (operation.state === 'pending') {
          // Not on the server yet: it never will be.
          const changed = store.operations.cancel(actionId) ?? [];
          announce(deps, changed);
          const error = { code: 'cancelled', message: 'Undone before it reached the server' };
          deps.publish({ type: 'action.status', payload: { actionId, state: 'failed', error } });
          return { body: { actionId, cancelled: true, actionIds: [] } satisfies UndoResponse };
        }
        if (operation.state === 'failed') throw new HttpError(409, 'not_undoable', 'The action did not happen, so there is nothing to undo');
        // Applied: put back the flag on the messages the action changed (those that had it
        // when it was cleared, or lacked it when it was set); the others never moved.
        const { add } = FLAG_ACTIONS[operation.type];
        const records = operation.targets
          .filter((target) => (target.hadFlag ?? !add) !== add)
          .map((target) => store.reads.getMessage(target.messageId))
          .filter((record): record is MessageRecord => record !== null && record.uid !== null);
        const actionIds = records.length > 0 ? [queueFlagAction(deps, flagActionFor(operation.type, !add), records)] : [];
        if (actionIds.length === 0) throw new HttpError(409, 'not_undoable', 'The action changed nothing that is still there');
        return { status: 202, body: { actionId, cancelled: false, actionIds } satisfies UndoResponse };
      },
    },
  ];
}
