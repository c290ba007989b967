// The hub's JSON API as typed functions: fetch with the Bearer token, errors
// turned into ApiError from the {error: {code, message}} body. No React here.
import type { ActionRequest, ActionAccepted, ActionStatusResponse, UndoResponse } from '../../../shared/actions';
import type { AccountsResponse, ApiErrorBody, MailboxesResponse, MessageDetailResponse, MessagePageResponse, StatusResponse } from '../../../shared/api';
import type { Account, ImapSecurity } from '../../../shared/model';

/** A failed API call: the HTTP status (0 when the hub was not reachable) and the hub's error code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ApiError';
  }
}

/** What a request that never reached the hub (the app's own mail service) says. */
const HUB_UNREACHABLE = 'The app could not reach its mail service (the MailMind hub is not running or not reachable)';

export interface NewAccountRequest {
  email: string;
  displayName?: string;
  imap: { host: string; port: number; security: ImapSecurity; user: string };
  password: string;
}

export interface ApiClient {
  status(): Promise<StatusResponse>;
  listAccounts(): Promise<AccountsResponse>;
  addAccount(request: NewAccountRequest): Promise<{ account: Account }>;
  removeAccount(id: string): Promise<void>;
  /** The account's new password (changed elsewhere, or lost by the keyring); the hub logs in with it first. */
  updatePassword(id: string, password: string): Promise<{ account: Account }>;
  /** "Check mail now": a connected account checks every folder now; one waiting to reconnect connects now. */
  checkAccount(id: string): Promise<void>;
  listMailboxes(): Promise<MailboxesResponse>;
  listMessages(mailboxId: string, limit: number, before?: string | null): Promise<MessagePageResponse>;
  search(query: string, limit: number, before?: string | null): Promise<MessagePageResponse>;
  getMessage(id: string): Promise<MessageDetailResponse>;
  /** The attachment's bytes (downloads need the token, so they cannot be a plain link). */
  getAttachment(messageId: string, index: number): Promise<Blob>;
  postAction(request: ActionRequest): Promise<ActionAccepted>;
  undoAction(actionId: string): Promise<UndoResponse>;
  /** Where an action stands (its action.status may have come while the socket was down). */
  getAction(actionId: string): Promise<ActionStatusResponse>;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

async function errorFrom(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? (JSON.parse(text) as unknown) : null;
  } catch {
    body = null; // not JSON (a proxy's page): reported by status below
  }
  if (isErrorBody(body)) return new ApiError(res.status, body.error.code, body.error.message);
  return new ApiError(res.status, 'http_error', `The hub answered ${res.status}`);
}

function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Creates a client for the hub at `apiUrl`; `getToken` is read on every call (the token may be replaced). */
export function createApiClient(apiUrl: string, getToken: () => string | null, fetchImpl: typeof fetch = (...args) => fetch(...args)): ApiClient {
  const base = apiUrl.replace(/\/$/, '');

  async function send(path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
    const token = getToken();
    if (!token) throw new ApiError(401, 'unauthorized', 'No session token');
    let res: Response;
    try {
      res = await fetchImpl(`${base}${path}`, {
        method: init.method ?? 'GET',
        headers: { Authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    } catch (error) {
      // fetch says only "TypeError: Failed to fetch" (the browser keeps the reason to itself):
      // nothing a reader of the message could act on. It stays on the error, for the console.
      throw new ApiError(0, 'hub_unreachable', HUB_UNREACHABLE, { cause: error });
    }
    if (!res.ok) throw await errorFrom(res);
    return res;
  }

  async function json<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const res = await send(path, init);
    return (await res.json()) as T;
  }

  return {
    status: () => json('/api/status'),
    listAccounts: () => json('/api/accounts'),
    addAccount: (request) => json('/api/accounts', { method: 'POST', body: request }),
    removeAccount: async (id) => {
      await send(`/api/accounts/${encodeURIComponent(id)}`, { method: 'DELETE' });
    },
    updatePassword: (id, password) => json(`/api/accounts/${encodeURIComponent(id)}/password`, { method: 'PUT', body: { password } }),
    checkAccount: async (id) => {
      await send(`/api/accounts/${encodeURIComponent(id)}/check`, { method: 'POST' });
    },
    listMailboxes: () => json('/api/mailboxes'),
    listMessages: (mailboxId, limit, before) => json(`/api/mailboxes/${encodeURIComponent(mailboxId)}/messages${query({ limit, before })}`),
    search: (q, limit, before) => json(`/api/search${query({ q, limit, before })}`),
    getMessage: (id) => json(`/api/messages/${encodeURIComponent(id)}`),
    getAttachment: async (messageId, index) => (await send(`/api/messages/${encodeURIComponent(messageId)}/attachments/${index}`)).blob(),
    postAction: (request) => json('/api/actions', { method: 'POST', body: request }),
    undoAction: (actionId) => json(`/api/actions/${encodeURIComponent(actionId)}/undo`, { method: 'POST' }),
    getAction: (actionId) => json(`/api/actions/${encodeURIComponent(actionId)}`),
  };
}
