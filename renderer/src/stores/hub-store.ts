// The connection slice: socket state and what the hub said. No React here; the
// reducer is pure so it can be unit-tested on its own.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { HubEvent, HubReadyPayload } from '../../../shared/protocol';
import { assertNever } from '../../../shared/assert-never';

export type SocketState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface HubState {
  socket: SocketState;
  hub: HubReadyPayload | null;
  /** The newest events first, a bounded window for the status view. */
  recentEvents: HubEvent[];
  lastError: string | null;
  /** How many times the socket has opened: each open after the first is a reconnect, and the views refetch. */
  openCount: number;
  /** The hub is up but refuses this page's token (it restarted with a new one). */
  sessionEnded: boolean;
  /** Attempts to reconnect that failed since the socket was lost (see hubUnreachable). */
  failedReconnects: number;
  /** An attempt to reconnect is on its way: the next failure reported is its. */
  reconnectTried: boolean;
}

export const RECENT_EVENT_LIMIT = 50;

/**
 * Failed attempts to reconnect after which the hub is said to be not reachable, rather than what
 * the socket's close said: with the backoff (socket-client.ts), two to four seconds. The hub's
 * own "Hub shutting down" is the news while it stops, and while it restarts; still shown once
 * it has long stopped, it read as if it were still stopping.
 */
export const FAILED_RECONNECTS_UNREACHABLE = 3;

export const initialHubState: HubState = { socket: 'idle', hub: null, recentEvents: [], lastError: null, openCount: 0, sessionEnded: false, failedReconnects: 0, reconnectTried: false };

/** Folds one hub event into the state. */
export function applyEvent(state: HubState, event: HubEvent): HubState {
  const recentEvents = [event, ...state.recentEvents].slice(0, RECENT_EVENT_LIMIT);
  switch (event.type) {
    case 'hub.ready':
      return { ...state, hub: event.payload, recentEvents };
    case 'sync.status':
    case 'mailbox.updated':
    case 'email.new':
    case 'email.updated':
    case 'email.deleted':
    case 'action.status':
    case 'account.removed':
      return { ...state, recentEvents };
    default:
      return assertNever(event, 'hub event');
  }
}

export const hubStore = createStore<HubState>(() => initialHubState);

export function dispatchHubEvent(event: HubEvent): void {
  hubStore.setState((state) => applyEvent(state, event));
}

export function setSocketState(socket: SocketState, lastError: string | null = null): void {
  hubStore.setState({ socket, lastError, failedReconnects: 0, reconnectTried: false });
}

/** The socket is open (again): state 'open', and the views learn they must refetch. */
export function socketOpened(): void {
  hubStore.setState((state) => ({ socket: 'open', lastError: null, openCount: state.openCount + 1, sessionEnded: false, failedReconnects: 0, reconnectTried: false }));
}

export function useHubState<T>(select: (state: HubState) => T): T {
  return useStore(hubStore, select);
}

export function setSessionEnded(sessionEnded: boolean): void {
  hubStore.setState({ sessionEnded });
}

/**
 * The socket is down and will retry: without a reason, an attempt to reconnect starts (what
 * useHubSocket calls it for); with one, the socket or that attempt failed. The first reason
 * given (e.g. the hub's own "Hub shutting down") is kept until the socket opens again: later
 * failed attempts only say "no connection", which is less useful to show; after a few of them,
 * though, the hub is said to be not reachable instead (hubUnreachable).
 */
export function markReconnecting(reason: string | null = null): void {
  hubStore.setState((state) => {
    if (reason === null) return { socket: 'reconnecting', reconnectTried: true };
    // An attempt reports its failure twice (error, then close): it counts once.
    const failedReconnects = state.reconnectTried ? state.failedReconnects + 1 : state.failedReconnects;
    return { socket: 'reconnecting', lastError: state.lastError ?? reason, failedReconnects, reconnectTried: false };
  });
}

/** Whether the socket is down and reconnecting to the hub has failed for a while: the hub is not reachable, whatever the close said. */
export function hubUnreachable(state: HubState): boolean {
  // Refused for an old token, the hub is there: the page's session ended, which says so itself.
  return state.socket !== 'open' && !state.sessionEnded && state.failedReconnects >= FAILED_RECONNECTS_UNREACHABLE;
}
