// Shapes of the hub's JSON API (same server as the WebSocket, Bearer token).
import type { Account, Mailbox, MessageSummary } from './model';
import type { HubReadyPayload } from './protocol';

export const API_PREFIX = '/api';

export type ApiErrorCode =
  | 'bad_request'
  | 'bad_json'
  | 'payload_too_large'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'rate_limited'
  | 'internal'
  // GET /api/messages/:id (and its attachments) when the body is not cached:
  | 'body_unavailable_offline' // 503: the account is not connected, or the server does not answer
  | 'body_fetch_failed' // 502: the server is there but would not send this message (its text in `message`)
  | 'message_too_large' // 413: too large to download when opened
  // POST /api/session/renew refusals (all 401):
  | 'origin_mismatch'
  | 'session_missing'
  | 'session_invalid'
  | 'session_expired';

export interface ApiErrorBody {
  error: { code: ApiErrorCode | (string & {}); message: string };
}

/** GET /api/status: the same facts as the hub.ready event. */
export type StatusResponse = HubReadyPayload;

/**
 * Headless mode's browser session. `POST` here with the Bearer token sets an
 * HttpOnly cookie (answer: SessionResponse); `DELETE` clears it. Only the hub's
 * own page may call these (its Origin), and no CORS headers are ever sent.
 */
export const SESSION_PATH = '/api/session';

/**
 * `POST` with the session cookie and no token: the current launch's token
 * (RenewSessionResponse), so a page reconnects after a hub restart by itself.
 */
export const SESSION_RENEW_PATH = '/api/session/renew';

export interface SessionResponse {
  /** When the cookie stops working (ISO 8601); the page sets it again whenever it takes a token. */
  expiresAt: string;
}

export interface RenewSessionResponse {
  token: string;
}

export interface MessagePageResponse {
  messages: MessageSummary[];
  /** Opaque: pass as `before` for the next (older) page; null at the end. */
  nextCursor: string | null;
}

export interface AttachmentInfo {
  /** Position among the message's attachments, in document order; what /attachments/:index takes. */
  index: number;
  /** Decoded file name (RFC 2231 / RFC 2047 undone); for a part that names none, one from its type ("invite.ics", "message.eml"). */
  filename: string;
  contentType: string;
  /** Decoded size in bytes. */
  size: number;
  /** Content-ID without angle brackets (what a `cid:` URL names), or null. */
  contentId: string | null;
  disposition: 'attachment' | 'inline';
}

/** GET /api/messages/:id: the summary, threading headers and the body (HTML as received). */
export interface MessageDetailResponse {
  message: MessageSummary & { inReplyTo: string | null; references: string[] };
  text: string | null;
  html: string | null;
  attachments: AttachmentInfo[];
}

export interface AccountsResponse {
  accounts: Account[];
}

export interface MailboxesResponse {
  mailboxes: Mailbox[];
}
