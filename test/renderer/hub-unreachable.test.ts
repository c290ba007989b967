// When the banner and the status bar stop giving the socket's close reason ("Hub shutting down")
// and say the hub is not reachable: after a few failed attempts to reconnect, each counted once
// (an attempt reports its failure twice, error then close), and from scratch after a reconnect.
// The calls are those useHubSocket makes (folders-while-hub-down.test.tsx runs them on a socket).
import { beforeEach, expect, it } from 'vitest';
import { FAILED_RECONNECTS_UNREACHABLE, hubStore, hubUnreachable, initialHubState, markReconnecting, setSessionEnded, socketOpened } from '../../renderer/src/stores/hub-store';

beforeEach(() => hubStore.setState(initialHubState, true));

/** One attempt to reconnect that fails, as the socket reports it. */
function failedAttempt(): void {
  markReconnecting();
  markReconnecting('Connection error');
  markReconnecting('Connection lost (1006)');
}

it('keeps the close reason for a few failed reconnects, then says the hub is not reachable, until it is back', () => {
  socketOpened();
  markReconnecting('Hub shutting down');
  for (let attempt = 1; attempt < FAILED_RECONNECTS_UNREACHABLE; attempt += 1) failedAttempt();
  expect(hubUnreachable(hubStore.getState())).toBe(false);
  expect(hubStore.getState().lastError).toBe('Hub shutting down');
  failedAttempt();
  expect(hubUnreachable(hubStore.getState())).toBe(true);

  socketOpened();
  expect(hubUnreachable(hubStore.getState())).toBe(false);
  markReconnecting('Hub shutting down');
  failedAttempt();
  expect(hubUnreachable(hubStore.getState())).toBe(false);
  expect(hubStore.getState().lastError).toBe('Hub shutting down');
});

it('does not say the hub is not reachable when it refuses this page’s old token: the session ended, which the page says', () => {
  socketOpened();
  markReconnecting('Hub shutting down');
  setSessionEnded(true);
  for (let attempt = 0; attempt < FAILED_RECONNECTS_UNREACHABLE + 2; attempt += 1) failedAttempt();
  expect(hubUnreachable(hubStore.getState())).toBe(false);
});
