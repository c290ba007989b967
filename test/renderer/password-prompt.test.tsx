// @vitest-environment jsdom
// The "password changed" banner of an account the server refuses. A wrong password typed there
// was shown for a moment, then the banner went away and came back empty: the hub tries the stored
// password again by itself (auth_failed, connecting, auth_failed…), and the banner was removed for
// each "connecting". Now it stays while the user fixes the password: the server's refusal is said
// until the user types again, the focus stays in the field with the text selected to type over, and
// the right password still fixes the account. A real hub and a real Dovecot (the hub retries every
// 50-200 ms here, so its own flips happen while the test looks); the hub's sync.status events
// reach the stores as the socket client would hand them on. The bridge is a stand-in for the
// Electron preload (the binary cannot run here).
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { MailmindBridge } from '../../shared/bridge';
import type { Account } from '../../shared/model';
import { parseHubEvent, type HubEvent } from '../../shared/protocol';
import { ApiProvider } from '../../renderer/src/api/api-context';
import { AuthProvider } from '../../renderer/src/auth/auth-context';
import { OfflineBanner } from '../../renderer/src/components/OfflineBanner';
import { accountsLoaded, initialMailState } from '../../renderer/src/stores/mail-state';
import { dispatchMailEvent, mailStore } from '../../renderer/src/stores/mail-store';
import { syntheticMessages } from '../support/corpus';
import { callApi, waitForSyncState } from '../support/hub-api';
import { startSyncedAccount, type SyncedAccount } from '../support/synced-account';

const NEW_PASSWORD = 'changed-elsewhere';
let s: SyncedAccount;
/** The account's states as the hub announced them, in order. */
const states: string[] = [];

beforeAll(async () => {
  // The hub's loop retries a refused login without end here (the app stops after 3), every 50-200 ms.
  s = await startSyncedAccount({
    dovecot: { corpus: syntheticMessages(3) },
    hub: { sync: { pollMs: 600_000, backoff: { baseMs: 50, maxMs: 200 }, maxAuthAttempts: 1_000_000 } },
  });
  const bridge: MailmindBridge = { getHubConnection: async () => s.t.hub.connection(), onOpenMessage: () => () => undefined };
  window.mailmind = bridge;
  s.socket.ws.on('message', (data) => {
    const event = parseHubEvent(String(data));
    if (event?.type !== 'sync.status') return;
    states.push(event.payload.state);
    act(() => dispatchMailEvent(event));
  });
  // Changed on the server; a server restart ends the session, and the next logins are refused.
  await s.dovecot.setPassword(s.dovecot.users[0]!.user, NEW_PASSWORD);
  await s.dovecot.stop();
  await s.dovecot.start();
  await waitForSyncState(s.socket, s.account.id, 'auth_failed', 30_000);
}, 60_000);

afterEach(() => {
  cleanup();
  mailStore.setState(initialMailState, true);
});

afterAll(async () => {
  delete window.mailmind;
  await s?.stop();
});

const field = () => screen.getByLabelText(`Password for ${s.dovecot.users[0]!.user}`) as HTMLInputElement;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('keeps a refused password on screen through the hub’s retries, then takes the right one', async () => {
  const accounts = await callApi<{ accounts: Account[] }>(s.t, '/api/accounts');
  mailStore.setState(accountsLoaded(initialMailState, accounts.body.accounts), true);
  render(
    <AuthProvider>
      <ApiProvider>
        <OfflineBanner />
      </ApiProvider>
    </AuthProvider>,
  );
  const input = await waitFor(field);
  input.focus();
  fireEvent.change(input, { target: { value: 'still-wrong' } });
  fireEvent.submit(input.form!);

  const error = await waitFor(() => screen.getByTestId('password-prompt-error'), { timeout: 10_000 });
  expect(error.textContent).toMatch(/^The server did not accept this password\. The server refused the login: /);
  // The hub's own retries meanwhile: the account goes through "connecting" again and again.
  states.length = 0;
  await waitFor(() => expect(states.filter((state) => state === 'connecting').length).toBeGreaterThanOrEqual(3), { timeout: 10_000 });
  await waitFor(() => expect(states.at(-1)).toBe('auth_failed'));
  // The same field (not a new, empty one), with the text typed, the focus and the refusal.
  expect(field()).toBe(input);
  expect(input.value).toBe('still-wrong');
  expect(document.activeElement).toBe(input);
  expect([input.selectionStart, input.selectionEnd]).toEqual([0, 'still-wrong'.length]);
  expect(screen.getByTestId('password-prompt-error').textContent).toContain('The server did not accept this password.');
  expect(input.getAttribute('aria-invalid')).toBe('true');
  expect(input.getAttribute('aria-describedby')).toBe(error.id);

  // Typing again is the answer to it: the refusal goes.
  fireEvent.change(input, { target: { value: NEW_PASSWORD } });
  expect(screen.queryByTestId('password-prompt-error')).toBeNull();
  await wait(300);
  expect(screen.queryByTestId('password-prompt-error')).toBeNull();

  fireEvent.submit(input.form!);
  await waitFor(() => expect(screen.getByTestId('password-prompt-accepted').textContent).toContain('Password accepted'), { timeout: 10_000 });
  await waitFor(() => expect(screen.queryByTestId('account-offline-banner')).toBeNull(), { timeout: 30_000 });
  await waitForSyncState(s.socket, s.account.id, 'idle', 30_000);
  expect(mailStore.getState().accounts[0]!.status.state).toBe('idle');
}, 60_000);

it('keeps the banner, not a new one, while a refused account connects again', async () => {
  // The stores alone: the same flips as the hub's, one after the other.
  const [account] = (await callApi<{ accounts: Account[] }>(s.t, '/api/accounts')).body.accounts;
  mailStore.setState(accountsLoaded(initialMailState, [{ ...account!, status: { state: 'auth_failed' } }]), true);
  render(<OfflineBanner />);
  const banner = screen.getByTestId('account-offline-banner');
  const input = field();
  fireEvent.change(input, { target: { value: 'half-typed' } });
  const status = (state: 'connecting' | 'auth_failed' | 'syncing' | 'offline'): HubEvent => ({ type: 'sync.status', payload: { accountId: account!.id, state } });
  act(() => dispatchMailEvent(status('connecting')));
  expect(screen.getByTestId('account-offline-banner')).toBe(banner);
  expect(banner.getAttribute('data-state')).toBe('connecting');
  expect(banner.textContent).toContain('refused the password');
  act(() => dispatchMailEvent(status('auth_failed')));
  expect(field()).toBe(input);
  expect(input.value).toBe('half-typed');
  // Connected: the banner goes. An account that is merely offline gets no password prompt.
  act(() => dispatchMailEvent(status('connecting')));
  act(() => dispatchMailEvent(status('syncing')));
  expect(screen.queryByTestId('account-offline-banner')).toBeNull();
  act(() => dispatchMailEvent(status('connecting')));
  act(() => dispatchMailEvent(status('offline')));
  expect(screen.getByTestId('account-offline-banner').textContent).toContain('is offline');
  expect(screen.queryByTestId('password-prompt')).toBeNull();
});
