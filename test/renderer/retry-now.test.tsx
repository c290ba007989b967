// @vitest-environment jsdom
// An account offline (its mail server away) waits longer and longer between reconnects. Its
// banner offers "Retry now", and the network coming back (the browser's `online` event) asks
// too: both ask the hub to check the account at once (POST /api/accounts/:id/check). The hub's
// side is tested against Dovecot (test/hub/sync/reconnect-sooner.test.ts); here a stand-in hub
// records what the page asks.
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OfflineBanner } from '../../renderer/src/components/OfflineBanner';
import { accountsLoaded, initialMailState } from '../../renderer/src/stores/mail-state';
import { dispatchMailEvent } from '../../renderer/src/stores/mail-store';
import type { Account } from '../../shared/model';
import { closeApp, startApp } from './jsdom-app';
import type { WsTestServer } from './ws-test-server';

const account = (id: string, email: string): Account => ({ id, email, displayName: email, imap: { host: 'h', port: 993, security: 'tls', user: email }, persistent: true, status: { state: 'idle' } });

let server: WsTestServer | undefined;
let checks: string[];
/** What the next check answers. */
let answer = 202;

beforeEach(async () => {
  checks = [];
  answer = 202;
  server = await startApp(accountsLoaded(initialMailState, [account('a1', 'alice@example.com'), account('b1', 'bob@example.com')]), <OfflineBanner />, (s) => {
    s.handleHttp = (req, res) => {
      const match = /^\/api\/accounts\/([^/]+)\/check$/.exec(req.url ?? '');
      if (req.method === 'POST' && match) checks.push(decodeURIComponent(match[1]!));
      res.writeHead(match ? answer : 404, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(answer === 202 ? '{}' : JSON.stringify({ error: { code: 'internal', message: 'The hub broke' } }));
    };
  });
});

afterEach(() => closeApp(server));

const goOffline = (accountId: string): void =>
  act(() => dispatchMailEvent({ type: 'sync.status', payload: { accountId, state: 'offline', error: { code: 'connection_refused', message: 'The server is not accepting connections' } } }));

describe('an offline account', () => {
  it('offers Retry now, which asks the hub to check that account and says it is retrying', async () => {
    goOffline('a1');
    const banner = screen.getByTestId('account-offline-banner');
    expect(banner.textContent).toContain('alice@example.com is offline');
    fireEvent.click(screen.getByRole('button', { name: 'Retry now' }));
    await waitFor(() => expect(checks).toEqual(['a1']));
    // Disabled for the mouse, but not `disabled`: a focused button that turns disabled drops the focus.
    const retrying = screen.getByRole('button', { name: 'Retrying…' });
    expect(retrying.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(retrying);
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(checks).toEqual(['a1']);
    // The account connects, fails again: the banner comes back with the button offered again.
    act(() => dispatchMailEvent({ type: 'sync.status', payload: { accountId: 'a1', state: 'connecting' } }));
    expect(screen.queryByTestId('account-offline-banner')).toBeNull();
    goOffline('a1');
    expect(screen.getByRole('button', { name: 'Retry now' })).toBeTruthy();
  });

  it('says so when the hub cannot be asked, and offers the button again', async () => {
    answer = 500;
    goOffline('a1');
    fireEvent.click(screen.getByRole('button', { name: 'Retry now' }));
    await waitFor(() => expect(screen.getByTestId('account-offline-banner').textContent).toContain('Could not ask the hub to retry'));
    expect(screen.getByRole('button', { name: 'Retry now' })).toBeTruthy();
  });

  it('is checked when the network comes back, and only the offline ones are', async () => {
    goOffline('b1');
    act(() => void window.dispatchEvent(new Event('online')));
    await waitFor(() => expect(checks).toEqual(['b1']));
  });
});
