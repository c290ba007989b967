// The hub's public protocol: the one place an event or client frame shape is
// written. Both sides switch over these unions exhaustively (assertNever).
import type { ActionState, ErrorInfo, Mailbox, MessageSummary, SyncState } from './model';

/** Bumped on any incompatible change to events, frames or API shapes. */
export const PROTOCOL_VERSION = 1;

export const EVENTS_PATH = '/ws/events/';

/** Largest client frame the hub accepts; larger frames close the socket with 1009. */
export const MAX_CLIENT_FRAME_BYTES = 64 * 1024;

export const CloseCode = {
  /** Intentional close: the client must not reconnect. */
  normal: 1000,
  /** The hub is shutting down. */
  goingAway: 1001,
  /** A frame that is not valid protocol JSON. */
  policyViolation: 1008,
  /** A frame larger than MAX_CLIENT_FRAME_BYTES. */
  messageTooBig: 1009,
  /** Too many connections. */
  tryAgainLater: 1013,
  /** The token is no longer valid: fetch a new one, then reconnect. */
  tokenInvalid: 4401,
} as const;

/** The group every connection of a profile joins after authentication. */
export function userEventsGroup(profile: string): string {
  return `user_${profile}_events`;
}

export interface HubReadyPayload {
  protocolVersion: number;
  hubVersion: string;
  profile: string;
  /** Whether secrets (token, account passwords) are kept in the OS keychain. */
  keyring: 'available' | 'unavailable';
}

export interface SyncStatusPayload {
  accountId: string;
  state: SyncState;
  mailboxId?: string;
  progress?: { done: number; total: number };
  error?: ErrorInfo;
}

export type HubEvent =
  | { type: 'hub.ready'; payload: HubReadyPayload }
  | { type: 'sync.status'; payload: SyncStatusPayload }
  | { type: 'mailbox.updated'; payload: { mailbox: Mailbox } }
  | { type: 'email.new'; payload: { message: MessageSummary } }
  | { type: 'email.updated'; payload: { message: MessageSummary } }
  | { type: 'email.deleted'; payload: { ids: string[]; mailboxId: string } }
  | { type: 'action.status'; payload: { actionId: string; state: ActionState; error?: ErrorInfo } };

export type HubEventType = HubEvent['type'];
export type HubEventOf<T extends HubEventType> = Extract<HubEvent, { type: T }>;

// A record (not an array) so that adding an event type without listing it here
// fails to compile.
const hubEventTypes: Record<HubEventType, true> = {
  'hub.ready': true,
  'sync.status': true,
  'mailbox.updated': true,
  'email.new': true,
  'email.updated': true,
  'email.deleted': true,
  'action.status': true,
};
export const HUB_EVENT_TYPES = Object.keys(hubEventTypes) as HubEventType[];

/** Frames a client may send. Anything else closes the socket with 1008. */
export type ClientFrame =
  /** Ask the hub to send hub.ready again (e.g. to check the socket end to end). */
  { type: 'hub.status.request'; payload: Record<string, never> };

export type ClientFrameType = ClientFrame['type'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Validates a client frame; null when it is not valid protocol JSON. */
export function parseClientFrame(text: string): ClientFrame | null {
  const value = parseJson(text);
  if (!isPlainObject(value) || !isPlainObject(value.payload)) return null;
  if (value.type === 'hub.status.request' && Object.keys(value.payload).length === 0) {
    return { type: 'hub.status.request', payload: {} };
  }
  return null;
}

/** Checks the envelope of a hub event: a known type and an object payload. */
export function parseHubEvent(text: string): HubEvent | null {
  const value = parseJson(text);
  if (!isPlainObject(value) || !isPlainObject(value.payload)) return null;
  if (typeof value.type !== 'string' || !(value.type in hubEventTypes)) return null;
  return value as unknown as HubEvent;
}
