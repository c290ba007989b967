// @vitest-environment jsdom
// The status views render from the stores alone: sync progress, the offline
// banners (hub and mail server), the session-ended banner.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OfflineBanner } from '../../renderer/src/components/OfflineBanner';
import { SyncProgress } from '../../renderer/src/components/SyncProgress';
import { Sidebar } from '../../renderer/src/components/Sidebar';
import { dispatchHubEvent, hubStore, initialHubState, setSessionEnded, setSocketState, socketOpened } from '../../renderer/src/stores/hub-store';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { accountsLoaded, initialMailState } from '../../renderer/src/stores/mail-state';
import { dispatchMailEvent, mailStore } from '../../renderer/src/stores/mail-store';

const account = { id: 'a1', email: 'alice@example.com', displayName: 'Alice', imap: { host: 'h', port: 993, security: 'tls' as const, user: 'alice' }, persistent: true, status: { state: 'idle' as const } };

beforeEach(() => {
  hubStore.setState(initialHubState, true);
  mailStore.setState(accountsLoaded(initialMailState, [account]), true);
});
afterEach(cleanup);

describe('SyncProgress', () => {
  it('shows done/total while the account syncs, and goes away when it is idle', () => {
    render(<SyncProgress accountId="a1" />);
    expect(screen.queryByTestId('sync-progress')).toBeNull();
    act(() => dispatchMailEvent({ type: 'sync.status', payload: { accountId: 'a1', state: 'syncing', mailboxId: 'm', progress: { done: 1500, total: 50000 } } }));
    expect(screen.getByTestId('sync-progress').textContent).toContain('1,500 / 50,000');
    expect(screen.getByRole('progressbar', { name: 'Sync progress' }).getAttribute('value')).toBe('1500');
    act(() => dispatchMailEvent({ type: 'sync.status', payload: { accountId: 'a1', state: 'idle' } }));
    expect(screen.queryByTestId('sync-progress')).toBeNull();
  });
});

describe('OfflineBanner', () => {
  it('asks for a reload when the hub it reconnected to speaks another protocol version (it was updated)', () => {
    render(<OfflineBanner />);
    act(() => dispatchHubEvent({ type: 'hub.ready', payload: { protocolVersion: PROTOCOL_VERSION, hubVersion: '1', profile: 'default', keyring: 'available' } }));
    expect(screen.queryByTestId('protocol-mismatch-banner')).toBeNull();
    act(() => dispatchHubEvent({ type: 'hub.ready', payload: { protocolVersion: PROTOCOL_VERSION + 1, hubVersion: '2', profile: 'default', keyring: 'available' } }));
    expect(screen.getByTestId('protocol-mismatch-banner').textContent).toContain('Reload');
  });

  it('says nothing before the first connection, and tells when the hub is lost after it', () => {
    render(<OfflineBanner />);
    act(() => setSocketState('connecting'));
    expect(screen.queryByTestId('offline-banner')).toBeNull();
    act(() => socketOpened());
    expect(screen.queryByTestId('offline-banner')).toBeNull();
    act(() => setSocketState('reconnecting', 'Hub shutting down'));
    expect(screen.getByTestId('offline-banner').textContent).toContain('Hub shutting down');
    act(() => setSessionEnded(true));
    expect(screen.getByTestId('session-ended-banner')).toBeTruthy();
    act(() => socketOpened());
    expect(screen.queryByTestId('offline-banner')).toBeNull();
    expect(screen.queryByTestId('session-ended-banner')).toBeNull();
  });

  it('names an account whose mail server is unreachable, and a refused password', () => {
    render(<OfflineBanner />);
    act(() => dispatchMailEvent({ type: 'sync.status', payload: { accountId: 'a1', state: 'offline', error: { code: 'connection_refused', message: 'connect ECONNREFUSED' } } }));
    expect(screen.getByTestId('account-offline-banner').textContent).toMatch(/alice@example.com is offline \(connect ECONNREFUSED\)\. Cached mail still opens/);
    act(() => dispatchMailEvent({ type: 'sync.status', payload: { accountId: 'a1', state: 'auth_failed' } }));
    expect(screen.getByTestId('account-offline-banner').textContent).toContain('refused the password');
    act(() => dispatchMailEvent({ type: 'sync.status', payload: { accountId: 'a1', state: 'idle' } }));
    expect(screen.queryByTestId('account-offline-banner')).toBeNull();
  });

  it('says a folder does not sync without calling the account offline', () => {
    render(<OfflineBanner />);
    const error = { code: 'mailbox_sync_failed', message: 'Could not sync "Projects": Internal error occurred' };
    act(() => dispatchMailEvent({ type: 'sync.status', payload: { accountId: 'a1', state: 'error', error } }));
    const text = screen.getByTestId('account-offline-banner').textContent ?? '';
    expect(text).toContain('Could not sync "Projects": Internal error occurred. The other folders are up to date');
    expect(text).not.toMatch(/offline/);
  });
});

describe('Sidebar', () => {
  it('says that an account added without a keyring lasts for this session only', () => {
    const { unmount } = render(<Sidebar />);
    expect(screen.queryByTestId('account-session-only')).toBeNull();
    unmount();
    act(() => mailStore.setState(accountsLoaded(initialMailState, [{ ...account, persistent: false }]), true));
    render(<Sidebar />);
    expect(screen.getByTestId('account-session-only').textContent).toMatch(/For this session only.*removed when MailMind quits/);
  });
});
