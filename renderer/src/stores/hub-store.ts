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
}

export const RECENT_EVENT_LIMIT = 50;

export const initialHubState: HubState = { socket: 'idle', hub: null, recentEvents: [], lastError: null, openCount: 0, sessionEnded: false };

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
  hubStore.setState({ socket, lastError });
}

/** The socket is open (again): state 'open', and the views learn they must refetch. */
export function socketOpened(): void {
  hubStore.setState((state) => ({ socket: 'open', lastError: null, openCount: state.openCount + 1, sessionEnded: false }));
}

export function useHubState<T>(select: (state: HubState) => T): T {
  return useStore(hubStore, select);
}

export function setSessionEnded(sessionEnded: boolean): void {
  hubStore.setState({ sessionEnded });
}

/**
 * The socket is down and will retry. The first reason given (e.g. the hub's own
 * "Hub shutting down") is kept until the socket opens again: later failed attempts
 * only say "no connection", which is less useful to show.
 */
export function markReconnecting(reason: string | null = null): void {
  hubStore.setState((state) => ({ socket: 'reconnecting', lastError: state.lastError ?? reason }));
}
