// User actions and mailbox contents through the hub's API, as a client sees them.
import type { ActionAccepted, ActionRequest } from '../../shared/actions';
import type { ApiErrorBody, MessagePageResponse } from '../../shared/api';
import type { Mailbox, MessageSummary } from '../../shared/model';
import type { HubEvent } from '../../shared/protocol';
import { callApi, type ApiResult, type ApiTarget } from './hub-api';
import type { EventSocket } from './ws-client';

export type ActionStatusEvent = Extract<HubEvent, { type: 'action.status' }>;

export function postAction(t: ApiTarget, request: ActionRequest): Promise<ApiResult<ActionAccepted & ApiErrorBody>> {
  return callApi<ActionAccepted & ApiErrorBody>(t, '/api/actions', { method: 'POST', body: request });
}

export async function mailboxesOf(t: ApiTarget, accountId: string): Promise<Mailbox[]> {
  return (await callApi<{ mailboxes: Mailbox[] }>(t, `/api/mailboxes?accountId=${accountId}`)).body.mailboxes;
}

/** Every message of a mailbox, newest first (all pages). */
export async function messagesOf(t: ApiTarget, mailboxId: string): Promise<MessageSummary[]> {
  const all: MessageSummary[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&before=${encodeURIComponent(cursor)}` : '';
    const page: MessagePageResponse = (await callApi<MessagePageResponse>(t, `/api/mailboxes/${mailboxId}/messages?limit=500${query}`)).body;
    all.push(...page.messages);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** Waits for the action to end (applied or failed) and returns that event. */
export function actionEnded(socket: EventSocket, actionId: string, timeoutMs = 30_000): Promise<ActionStatusEvent> {
  return socket.waitFor(
    (event: HubEvent): event is ActionStatusEvent => event.type === 'action.status' && event.payload.actionId === actionId && event.payload.state !== 'pending',
    timeoutMs,
  );
}
