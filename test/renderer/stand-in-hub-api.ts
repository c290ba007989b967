// The hub's JSON API as a stand-in for the renderer's action tests, served by ws-test-server.ts:
// a few accounts' folders and messages in memory, and the action routes with the hub's rules
// (electron/hub/api/action-routes.ts: one action acts on messages of one account; archive and
// delete move to the account's Archive and Trash, a delete in Trash is for good, Trash mixed with
// others is refused; a move stays in the account), and the account check of Retry now. A
// stand-in, not the hub: it can refuse an action on cue, or hold its answer (a slow reply, to
// act while the request is on its way), which the real hub cannot be made to do. The hub's
// reports (action.status, email.updated) go out over the socket only with `report`; a removed
// account's account.removed always does, as the hub sends it. recordActions
// is a barer one, for tests of what is posted: it takes every action as it comes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ActionRequest } from '../../shared/actions';
import { FLAG_ACTIONS, isFlagAction } from '../../shared/actions';
import type { Account, ErrorInfo, Mailbox, MessageSummary } from '../../shared/model';
import type { HubEvent } from '../../shared/protocol';
import type { WsTestServer } from './ws-test-server';

export interface PostedAction extends ActionRequest {
  actionId: string;
}

export interface StandInHubApi {
  accounts: Account[];
  mailboxes: Mailbox[];
  messages: Map<string, MessageSummary>;
  /** Every POST /api/actions the hub took (not those refused with `refuseNext`), in order. */
  posted: PostedAction[];
  /** Every POST /api/actions/:id/undo, by action id. */
  undone: string[];
  /** What the next POST /api/actions gets instead of being taken: an error with its status. */
  refuseNext: { status: number; error: ErrorInfo } | null;
  /**
   * What the next POST /api/actions waits for before it is taken and answered: the request is
   * in (`held` counts it), its answer is on its way. `refuseNext` is read after the wait.
   */
  holdNext: Promise<void> | null;
  /** How many POST /api/actions came in while held (holdNext). */
  held: number;
  /** Every POST /api/accounts/:id/check (Retry now), by account id. */
  checks: string[];
  /** When true, every action taken is reported over the socket at once: email.updated, then action.status applied. */
  report: boolean;
  /** Every DELETE /api/accounts/:id, by account id (a refused one too). */
  removals: string[];
  /** What the next DELETE /api/accounts/:id gets instead of the removal: an error with its status. */
  refuseNextRemoval: { status: number; error: ErrorInfo } | null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => resolve(body));
  });
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

/** Serves the stand-in API on `server` (its plain HTTP side); the socket side stays the server's. */
export function serveStandInHubApi(server: WsTestServer, data: { accounts: Account[]; mailboxes: Mailbox[]; messages: MessageSummary[] }): StandInHubApi {
  const hub: StandInHubApi = {
    accounts: data.accounts,
    mailboxes: data.mailboxes,
    messages: new Map(data.messages.map((message) => [message.id, { ...message }])),
    posted: [],
    undone: [],
    refuseNext: null,
    holdNext: null,
    held: 0,
    checks: [],
    report: false,
    removals: [],
    refuseNextRemoval: null,
  };
  const broadcast = (event: HubEvent) => {
    for (const connection of server.connections) if (connection.socket.readyState === connection.socket.OPEN) server.send(connection, event);
  };
  const special = (accountId: string, use: Mailbox['specialUse']) => hub.mailboxes.find((m) => m.accountId === accountId && m.specialUse === use);

  /** Applies an action as the hub does, or says why it refuses it. */
  const take = (request: ActionRequest): ErrorInfo | MessageSummary[] => {
    const found = request.messageIds.map((id) => hub.messages.get(id));
    if (found.some((message) => !message)) return { code: 'unknown_messages', message: 'No such messages' };
    const records = found as MessageSummary[];
    const accountId = records[0]!.accountId;
    if (records.some((record) => record.accountId !== accountId)) return { code: 'bad_request', message: 'One action acts on messages of one account' };
    if (isFlagAction(request.type)) {
      const { flag, add } = FLAG_ACTIONS[request.type];
      return records.map((record) => ({ ...record, flags: add ? [...new Set([...record.flags, flag])] : record.flags.filter((f) => f !== flag) }));
    }
    if (request.type === 'delete') {
      // As the hub: in Trash, for good; Trash mixed with other folders in one delete is refused.
      const inTrash = records.filter((record) => hub.mailboxes.find((m) => m.id === record.mailboxId)?.specialUse === '\\Trash');
      if (inTrash.length === records.length) {
        for (const record of records) hub.messages.delete(record.id);
        return [];
      }
      if (inTrash.length > 0) return { code: 'mixed_delete', message: 'Messages in Trash are deleted for good: delete them separately' };
    }
    const target =
      request.type === 'move'
        ? hub.mailboxes.find((m) => m.id === request.targetMailboxId)
        : special(accountId, request.type === 'archive' ? '\\Archive' : '\\Trash');
    if (!target || target.accountId !== accountId) return { code: 'bad_request', message: 'targetMailboxId must be a mailbox of the same account' };
    if (records.every((record) => record.mailboxId === target.id)) return { code: 'already_there', message: `The messages are already in ${target.name}` };
    return records.map((record) => ({ ...record, mailboxId: target.id, uid: null }));
  };

  server.handleHttp = (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname;
      if (req.method === 'GET' && path === '/api/accounts') return answer(res, 200, { accounts: hub.accounts });
      if (req.method === 'GET' && path === '/api/mailboxes') return answer(res, 200, { mailboxes: hub.mailboxes });
      const list = /^\/api\/mailboxes\/([^/]+)\/messages$/u.exec(path);
      if (req.method === 'GET' && list) {
        const mailboxId = decodeURIComponent(list[1]!);
        const messages = [...hub.messages.values()].filter((m) => m.mailboxId === mailboxId).sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : -1));
        return answer(res, 200, { messages, nextCursor: null });
      }
      if (req.method === 'GET' && path === '/api/search') return answer(res, 200, { messages: [], nextCursor: null });
      const one = /^\/api\/messages\/([^/]+)$/u.exec(path);
      const shown = one ? hub.messages.get(decodeURIComponent(one[1]!)) : undefined;
      if (req.method === 'GET' && shown) {
        return answer(res, 200, { message: { ...shown, inReplyTo: null, references: [] }, text: `The text of ${shown.subject}`, html: null, attachments: [] });
      }
      if (req.method === 'POST' && path === '/api/actions') {
        const request = JSON.parse(await readBody(req)) as ActionRequest;
        const hold = hub.holdNext;
        hub.holdNext = null;
        if (hold) {
          hub.held += 1;
          await hold;
        }
        const refusal = hub.refuseNext;
        hub.refuseNext = null;
        if (refusal) return answer(res, refusal.status, { error: refusal.error });
        const taken = take(request);
        if (!Array.isArray(taken)) return answer(res, 400, { error: taken });
        const actionId = `act-${hub.posted.length + 1}`;
        hub.posted.push({ ...request, actionId });
        for (const message of taken) hub.messages.set(message.id, message);
        answer(res, 202, { actionId });
        if (hub.report) {
          for (const message of taken) broadcast({ type: 'email.updated', payload: { message } });
          broadcast({ type: 'action.status', payload: { actionId, state: 'applied' } });
        }
        return undefined;
      }
      const check = /^\/api\/accounts\/([^/]+)\/check$/u.exec(path);
      if (req.method === 'POST' && check) {
        hub.checks.push(decodeURIComponent(check[1]!));
        return answer(res, 202, {});
      }
      const account = /^\/api\/accounts\/([^/]+)$/u.exec(path);
      if (req.method === 'DELETE' && account) {
        // As the hub: the account goes with its folders and messages, and every client is told (before the answer).
        const accountId = decodeURIComponent(account[1]!);
        hub.removals.push(accountId);
        const refusal = hub.refuseNextRemoval;
        hub.refuseNextRemoval = null;
        if (refusal) return answer(res, refusal.status, { error: refusal.error });
        if (!hub.accounts.some((known) => known.id === accountId)) return answer(res, 404, { error: { code: 'not_found', message: 'No such account' } });
        hub.accounts = hub.accounts.filter((known) => known.id !== accountId);
        hub.mailboxes = hub.mailboxes.filter((known) => known.accountId !== accountId);
        for (const [id, message] of hub.messages) if (message.accountId === accountId) hub.messages.delete(id);
        broadcast({ type: 'account.removed', payload: { accountId } });
        res.writeHead(204).end();
        return undefined;
      }
      const undo = /^\/api\/actions\/([^/]+)\/undo$/u.exec(path);
      if (req.method === 'POST' && undo) {
        const actionId = decodeURIComponent(undo[1]!);
        hub.undone.push(actionId);
        return answer(res, 202, { actionId, cancelled: false, actionIds: [`undo-${actionId}`] });
      }
      return answer(res, 404, { error: { code: 'not_found', message: 'Not found' } });
    })();
  };
  return hub;
}

export interface RecordedActions {
  /** Every POST /api/actions, in order (a refused one too), with the id it was given. */
  posted: PostedAction[];
  /** What the next POST /api/actions gets instead of its id at once: held until `hold` resolves, and refused (503) with `refuse`. */
  next: { hold?: Promise<void>; refuse?: ErrorInfo } | null;
}

/**
 * A barer stand-in on `server` than serveStandInHubApi: it takes every POST /api/actions as it
 * comes, without looking at the messages, and records it; every other request is a 404.
 */
export function recordActions(server: WsTestServer): RecordedActions {
  const recorded: RecordedActions = { posted: [], next: null };
  server.handleHttp = (req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (req.method !== 'POST' || path !== '/api/actions') return answer(res, 404, { error: { code: 'not_found', message: 'Not found' } });
      const request = JSON.parse(await readBody(req)) as ActionRequest;
      const actionId = `act-${recorded.posted.length + 1}`;
      recorded.posted.push({ ...request, actionId });
      const next = recorded.next;
      recorded.next = null;
      await next?.hold;
      if (next?.refuse) answer(res, 503, { error: next.refuse });
      else answer(res, 202, { actionId });
      return undefined;
    })();
  };
  return recorded;
}
