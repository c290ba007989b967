// The hub's public protocol: the one place an event or client frame shape is
// written. Both sides switch over these unions exhaustively (assertNever).
import type { ActionState, EmailAddress, ErrorInfo, Mailbox, MessageSummary, SpecialUse, SyncState } from './model';

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
  | { type: 'action.status'; payload: { actionId: string; state: ActionState; error?: ErrorInfo } }
  /**
   * The account is gone from the hub (removed by any client), with its mailboxes, messages and
   * queued actions: no mailbox.updated or email.deleted follows for them. Account ids are never
   * used again.
   */
  | { type: 'account.removed'; payload: { accountId: string } };

export type HubEventType = HubEvent['type'];
export type HubEventOf<T extends HubEventType> = Extract<HubEvent, { type: T }>;

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

// Runtime checks of the event shapes above. An event frame is untrusted input: the
// renderer folds and renders a parsed event without looking at it again, so a
// payload that is not what its type says (no `flags`, a null `progress.done`)
// must be refused here, not thrown on during a render.

type Check = (value: unknown) => boolean;
/** One check per property of T (optional ones included), so a field added to a type without a check fails to compile. */
type Checks<T> = { [K in keyof T]-?: Check };

const isString: Check = (value) => typeof value === 'string';
const isNumber: Check = (value) => typeof value === 'number' && Number.isFinite(value);
const isBoolean: Check = (value) => typeof value === 'boolean';
const nullable = (check: Check): Check => (value) => value === null || check(value);
// JSON has no undefined: a property reads as undefined only when it is absent.
const optional = (check: Check): Check => (value) => value === undefined || check(value);
const arrayOf = (check: Check): Check => (value) => Array.isArray(value) && value.every(check);
// A record (not an array) so that a value added to the union without listing it here fails to compile.
const oneOf = <T extends string>(values: Record<T, true>): Check => (value) => typeof value === 'string' && Object.hasOwn(values, value);

/** An object whose own properties pass their checks (inherited ones such as `constructor` count as absent); other properties are allowed. */
function shape<T>(checks: Checks<T>): Check {
  const entries = Object.entries(checks) as Array<[string, Check]>;
  return (value) => isPlainObject(value) && entries.every(([key, check]) => check(Object.hasOwn(value, key) ? value[key] : undefined));
}

const isAddress = shape<EmailAddress>({ name: isString, address: isString });
const isErrorInfo = shape<ErrorInfo>({ code: isString, message: isString });

const isMessageSummary = shape<MessageSummary>({
  id: isString,
  accountId: isString,
  mailboxId: isString,
  uid: nullable(isNumber),
  messageId: nullable(isString),
  subject: isString,
  from: nullable(isAddress),
  to: arrayOf(isAddress),
  cc: arrayOf(isAddress),
  date: nullable(isString),
  receivedAt: isString,
  flags: arrayOf(isString),
  size: isNumber,
  hasAttachments: isBoolean,
  snippet: isString,
});

const specialUses: Record<SpecialUse, true> = { '\\Inbox': true, '\\Sent': true, '\\Drafts': true, '\\Trash': true, '\\Junk': true, '\\Archive': true, '\\All': true, '\\Flagged': true };

const isMailbox = shape<Mailbox>({
  id: isString,
  accountId: isString,
  path: isString,
  name: isString,
  delimiter: nullable(isString),
  specialUse: nullable(oneOf(specialUses)),
  total: isNumber,
  unread: isNumber,
});

const syncStates: Record<SyncState, true> = { connecting: true, syncing: true, idle: true, offline: true, error: true, auth_failed: true };
const actionStates: Record<ActionState, true> = { pending: true, applied: true, failed: true };

type PayloadOf<T extends HubEventType> = HubEventOf<T>['payload'];

/** The payload check of every event type: a type without one fails to compile. */
const isPayloadOf: Record<HubEventType, Check> = {
  'hub.ready': shape<HubReadyPayload>({ protocolVersion: isNumber, hubVersion: isString, profile: isString, keyring: oneOf({ available: true, unavailable: true }) }),
  'sync.status': shape<SyncStatusPayload>({
    accountId: isString,
    state: oneOf(syncStates),
    mailboxId: optional(isString),
    progress: optional(shape<NonNullable<SyncStatusPayload['progress']>>({ done: isNumber, total: isNumber })),
    error: optional(isErrorInfo),
  }),
  'mailbox.updated': shape<PayloadOf<'mailbox.updated'>>({ mailbox: isMailbox }),
  'email.new': shape<PayloadOf<'email.new'>>({ message: isMessageSummary }),
  'email.updated': shape<PayloadOf<'email.updated'>>({ message: isMessageSummary }),
  'email.deleted': shape<PayloadOf<'email.deleted'>>({ ids: arrayOf(isString), mailboxId: isString }),
  'action.status': shape<PayloadOf<'action.status'>>({ actionId: isString, state: oneOf(actionStates), error: optional(isErrorInfo) }),
  'account.removed': shape<PayloadOf<'account.removed'>>({ accountId: isString }),
};

export const HUB_EVENT_TYPES = Object.keys(isPayloadOf) as HubEventType[];

/** Validates a hub event: a known type and a payload of the shape that type defines; null otherwise. */
export function parseHubEvent(text: string): HubEvent | null {
  const value = parseJson(text);
  if (!isPlainObject(value) || typeof value.type !== 'string' || !Object.hasOwn(isPayloadOf, value.type)) return null;
  return isPayloadOf[value.type as HubEventType](value.payload) ? (value as unknown as HubEvent) : null;
}
