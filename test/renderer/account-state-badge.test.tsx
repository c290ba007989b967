// @vitest-environment jsdom
// The account's state beside its address in the sidebar, in words a user reads ("Sign-in
// failed"), not the protocol's state names ("auth_failed"); nothing while it is synced and
// watching. The stores alone, fed the hub's sync.status events. (Whether the badge fits beside
// a long address is layout: test/e2e/sign-in-failed.test.ts, in Chromium.)
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SyncStatusPayload } from '../../shared/protocol';
import { Sidebar } from '../../renderer/src/components/Sidebar';
import { accountsLoaded, initialMailState } from '../../renderer/src/stores/mail-state';
import { dispatchMailEvent, mailStore } from '../../renderer/src/stores/mail-store';

const account = {
  id: 'a1',
  email: 'alexandra.montgomery-whitfield@example.com',
  displayName: '',
  imap: { host: 'h', port: 993, security: 'tls' as const, user: 'alexandra' },
  persistent: true,
  status: { state: 'idle' as const },
};

beforeEach(() => mailStore.setState(accountsLoaded(initialMailState, [account]), true));
afterEach(cleanup);

const status = (payload: Omit<SyncStatusPayload, 'accountId'>) => act(() => dispatchMailEvent({ type: 'sync.status', payload: { accountId: 'a1', ...payload } }));
const badge = () => screen.queryByTestId('account-state');

it('names each state in words, with the error in its tooltip, and says nothing when synced', () => {
  render(<Sidebar />);
  expect(screen.getByRole('heading').textContent).toBe(account.email);
  expect(badge()).toBeNull();

  status({ state: 'connecting' });
  expect(badge()?.textContent).toBe('Connecting…');
  status({ state: 'syncing', mailboxId: 'm1', progress: { done: 2, total: 5 } });
  expect(badge()?.textContent).toBe('Syncing 40%');
  status({ state: 'syncing', mailboxId: 'm1' });
  expect(badge()?.textContent).toBe('Syncing');
  status({ state: 'offline', error: { code: 'connection_refused', message: 'The server refused the connection (is the port right?)' } });
  expect(badge()?.textContent).toBe('Offline');
  expect(badge()?.getAttribute('title')).toBe('The server refused the connection (is the port right?)');
  status({ state: 'auth_failed', error: { code: 'auth_failed', message: 'The server refused the login: Authentication failed.' } });
  expect(badge()?.textContent).toBe('Sign-in failed');
  expect(badge()?.getAttribute('data-state')).toBe('auth_failed');
  status({ state: 'error', error: { code: 'internal', message: 'Sync stopped after an internal error' } });
  expect(badge()?.textContent).toBe('Error');
  // The heading reads as the address and its state; the full address is its tooltip.
  expect(screen.getByRole('heading').textContent).toBe(`${account.email}Error`);
  expect(screen.getByRole('heading').getAttribute('title')).toBe(account.email);

  status({ state: 'idle' });
  expect(badge()).toBeNull();
});
