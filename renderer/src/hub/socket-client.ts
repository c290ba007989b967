// The socket protocol without React: the URL, the reconnect policy, and the
// routing of each event frame into the stores. useHubSocket is the lifecycle
// around these.
import { CloseCode, parseHubEvent, type HubEvent } from '../../../shared/protocol';
import { dispatchHubEvent } from '../stores/hub-store';
import { dispatchMailEvent } from '../stores/mail-store';

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

/** Capped exponential backoff with jitter: a random delay between half and all of the step. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  return Math.round(cap / 2 + (random() * cap) / 2);
}

export function socketUrl(wsUrl: string, token: string): string {
  const url = new URL(wsUrl);
  url.searchParams.set('token', token);
  return url.toString();
}

export type CloseDecision = 'stop' | 'refresh-token' | 'retry';

/** What a close means for the client: 1000 is final, 4401 needs a fresh token, anything else is retried. */
export function decideOnClose(code: number): CloseDecision {
  if (code === CloseCode.normal) return 'stop';
  if (code === CloseCode.tokenInvalid) return 'refresh-token';
  return 'retry';
}

/** Every store that folds hub events, in one place. */
export function routeHubEvent(event: HubEvent): void {
  dispatchHubEvent(event);
  dispatchMailEvent(event);
}

/**
 * Parses one frame and routes it; false (after a warning) for a frame that is not a
 * valid hub event, or one a store threw on: such a frame is dropped, the socket lives on.
 * The warnings name at most the event's type, never the frame's content (mail data).
 */
export function handleFrame(data: unknown): boolean {
  const event = typeof data === 'string' ? parseHubEvent(data) : null;
  if (!event) {
    console.warn('ignored a malformed hub event');
    return false;
  }
  try {
    routeHubEvent(event);
  } catch (error) {
    // The error's message may quote the event (assertNever does): only its name is logged.
    console.warn(`ignored a ${event.type} hub event the stores could not apply (${error instanceof Error ? error.name : typeof error})`);
    return false;
  }
  return true;
}

/**
 * Whether the hub is up but refuses `token` (a browser hides the HTTP status of a
 * refused upgrade, so the API is asked): true on 401, false when it answers or is down.
 */
export async function isTokenRefused(apiUrl: string, token: string): Promise<boolean> {
  try {
    const res = await fetch(new URL('/api/status', apiUrl), { headers: { Authorization: `Bearer ${token}` } });
    return res.status === 401;
  } catch {
    return false; // not reachable: an outage, not a stale token
  }
}
