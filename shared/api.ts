// Shapes of the hub's JSON API (same server as the WebSocket, Bearer token).
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
  | 'internal';

export interface ApiErrorBody {
  error: { code: ApiErrorCode | (string & {}); message: string };
}

/** GET /api/status: the same facts as the hub.ready event. */
export type StatusResponse = HubReadyPayload;
