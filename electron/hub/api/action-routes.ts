// POST /api/actions: the change is in the store (and on every screen) at once,
// logged in the same transaction, and replayed to the server in order.
import { ACTION_TYPES, FLAG_ACTIONS, isFlagAction, MAX_MESSAGES_PER_ACTION, type ActionAccepted, type ActionStatusResponse, type ActionType, type UndoResponse } from '../../../shared/actions';
import { publishChange } from '../events/publish-change';
import type { ApiRoute } from '../server/api-router';
import { HttpError } from '../server/http-json';
import type { Store } from '../store/open-store';
import { isFlagKind, type OperationRecord } from '../store/operation-log';
import type { MessageRecord } from '../store/store-types';
import { flagActionFor, moveTarget, queueExpunge, queueFlags, queueMove, specialMailbox, type ActionQueueDeps } from './action-queue';
import { badRequest, isRecord } from './request-checks';

export type ActionRouteDeps = ActionQueueDeps;

interface ParsedAction {
  type: ActionType;
  messageIds: string[];
  targetMailboxId: unknown;
}

function parseRequest(body: unknown): ParsedAction {
  if (!isRecord(body)) throw badRequest('Expected a JSON object');
  const { type, messageIds, targetMailboxId } = body;
  if (typeof type !== 'string' || !ACTION_TYPES.includes(type as ActionType)) {
    throw badRequest(`type must be one of ${ACTION_TYPES.join(', ')}`);
  }
  if (!Array.isArray(messageIds) || messageIds.length === 0 || !messageIds.every((id) => typeof id === 'string')) {
    throw badRequest('messageIds must be a non-empty array of message ids');
  }
  if (messageIds.length > MAX_MESSAGES_PER_ACTION) throw badRequest(`At most ${MAX_MESSAGES_PER_ACTION} messages per action`);
  return { type: type as ActionType, messageIds: [...new Set(messageIds as string[])], targetMailboxId };
}

function findMessages(store: Store, messageIds: string[]): MessageRecord[] {
  const records = messageIds.map((id) => store.reads.getMessage(id));
  const unknown = messageIds.filter((_, index) => !records[index]);
  if (unknown.length > 0) throw new HttpError(400, 'unknown_messages', `No such messages: ${unknown.slice(0, 5).join(', ')}`);
  const found = records as MessageRecord[];
  if (new Set(found.map((record) => record.accountId)).size > 1) throw badRequest('One action acts on messages of one account');
  return found;
}

/** Moves `records` to `target`, leaving out those already there. */
function moveTo(deps: ActionRouteDeps, records: MessageRecord[], target: ReturnType<typeof moveTarget>): string {
  const moving = records.filter((record) => record.mailboxId !== target.id);
  if (moving.length === 0) throw new HttpError(400, 'already_there', `${records.length === 1 ? 'The message is' : 'The messages are'} already in ${target.name}`);
  return queueMove(deps, moving, target);
}

/** Queues one action; checks everything first so that a refused request queues nothing. */
function queueAction(deps: ActionRouteDeps, { type, messageIds, targetMailboxId }: ParsedAction): string {
  const { store } = deps;
  const records = findMessages(store, messageIds);
  const accountId = records[0]!.accountId;
  if (isFlagAction(type)) return queueFlags(deps, type, records);
  if (type === 'move') return moveTo(deps, records, moveTarget(store, accountId, targetMailboxId));
  if (type === 'archive') return moveTo(deps, records, specialMailbox(store, accountId, '\\Archive'));
  // Delete: to Trash; in Trash, for good (what Thunderbird and Gmail do).
  const inTrash = records.filter((record) => store.reads.getMailbox(record.mailboxId)?.specialUse === '\\Trash');
  if (inTrash.length === records.length) return queueExpunge(deps, records);
  if (inTrash.length > 0) throw new HttpError(400, 'mixed_delete', 'Messages in Trash are deleted for good: delete them separately');
  return moveTo(deps, records, specialMailbox(store, accountId, '\\Trash'));
}

/** The inverse of an applied action: flags put back, or messages moved back to where they were shown. */
function queueInverse(deps: ActionRouteDeps, operation: OperationRecord): string[] {
  const { store } = deps;
  if (isFlagKind(operation.kind)) {
    // Only the messages the action changed: those that had the flag when it was cleared, or lacked it when set.
    const { add } = FLAG_ACTIONS[operation.kind];
    const records = operation.targets
      .filter((target) => (target.hadFlag ?? !add) !== add)
      .map((target) => store.reads.getMessage(target.messageId))
      .filter((record): record is MessageRecord => record !== null);
    return records.length > 0 ? [queueFlags(deps, flagActionFor(operation.kind, !add), records)] : [];
  }
  if (operation.kind === 'expunge') throw new HttpError(409, 'not_undoable', 'Messages deleted for good cannot be brought back');
  const byOrigin = new Map<string, MessageRecord[]>();
  for (const target of operation.targets) {
    const record = store.reads.getMessage(target.messageId);
    if (!record || record.mailboxId !== operation.targetMailboxId) continue;
    byOrigin.set(target.mailboxId, [...(byOrigin.get(target.mailboxId) ?? []), record]);
  }
  return [...byOrigin].flatMap(([origin, records]) => {
    const mailbox = store.reads.getMailbox(origin);
    return mailbox ? [queueMove(deps, records, mailbox)] : [];
  });
}

export function actionRoutes(deps: ActionRouteDeps): ApiRoute[] {
  const { store } = deps;
  return [
    {
      method: 'POST',
      pattern: '/api/actions',
      handle(request) {
        const actionId = queueAction(deps, parseRequest(request.body));
        return { status: 202, body: { actionId } satisfies ActionAccepted };
      },
    },
    {
      // What action.status said last: a client that was not connected then asks here.
      method: 'GET',
      pattern: '/api/actions/:id',
      handle(request) {
        const operation = store.operations.get(request.params.id as string);
        if (!operation) throw new HttpError(404, 'not_found', 'No such action (or it ended more than a week ago)');
        const body: ActionStatusResponse = { actionId: operation.id, state: operation.state };
        if (operation.error) body.error = operation.error;
        return { body };
      },
    },
    {
      method: 'POST',
      pattern: '/api/actions/:id/undo',
      handle(request) {
        const actionId = request.params.id as string;
        const operation = store.operations.get(actionId);
        if (!operation) throw new HttpError(404, 'not_found', 'No such action');
        if (operation.state === 'failed') throw new HttpError(409, 'not_undoable', 'The action did not happen, so there is nothing to undo');
        const change = operation.state === 'pending' ? store.operations.cancel(actionId) : null;
        if (change) {
          // Not sent yet: it never will be.
          const error = { code: 'cancelled', message: 'Undone before it reached the server' };
          publishChange(store, deps.publish, change);
          deps.publish({ type: 'action.status', payload: { actionId, state: 'failed', error } });
          return { body: { actionId, cancelled: true, actionIds: [] } satisfies UndoResponse };
        }
        // Applied, or sent already (the server may have it): its inverse goes after it.
        const actionIds = queueInverse(deps, operation);
        if (actionIds.length === 0) throw new HttpError(409, 'not_undoable', 'The action changed nothing that is still there');
        return { status: 202, body: { actionId, cancelled: false, actionIds } satisfies UndoResponse };
      },
    },
  ];
}
