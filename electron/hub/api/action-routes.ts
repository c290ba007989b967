// POST /api/actions: the change is in the store (and on every screen) at once,
// logged in the same transaction, and replayed to the server in order.
import { ACTION_TYPES, isFlagAction, type ActionAccepted, type ActionType } from '../../../shared/actions';
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

export function actionRoutes({ store, sync, publish }: ActionRouteDeps): ApiRoute[] {
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
        const targets = found.map((record) => ({ record, uidValidity: store.reads.getMailbox(record.mailboxId)?.uidValidity ?? 0 }));
        const actionId = newId();
        const accountId = [...accountIds][0] as string;
        const changed = store.operations.queueFlagAction(actionId, accountId, type, targets);

        for (const record of changed) publish({ type: 'email.updated', payload: { message: toSummary(record) } });
        for (const mailboxId of new Set(changed.map((record) => record.mailboxId))) {
          const mailbox = store.reads.getMailbox(mailboxId);
          if (mailbox) publish({ type: 'mailbox.updated', payload: { mailbox: publicMailbox(mailbox) } });
        }
        publish({ type: 'action.status', payload: { actionId, state: 'pending' } });
        sync.get(accountId)?.replayNow();
        const body: ActionAccepted = { actionId };
        return { status: 202, body };
      },
    },
  ];
}
