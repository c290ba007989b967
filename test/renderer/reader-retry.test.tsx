// @vitest-environment jsdom
// "It will open when the server is back": a message opened while its account could not reach
// the mail server (body not downloaded yet) opens by itself once the account is connected
// again, without the user pressing Retry. A real hub and a real Dovecot; the hub's own
// sync.status events reach the stores as the socket client would hand them on. The bridge is
// a stand-in for the Electron preload (the binary cannot run here).
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { MessagePageResponse } from '../../shared/api';
import type { MailmindBridge } from '../../shared/bridge';
import type { Account } from '../../shared/model';
import { parseHubEvent } from '../../shared/protocol';
import { ApiProvider } from '../../renderer/src/api/api-context';
import { AuthProvider } from '../../renderer/src/auth/auth-context';
import { Reader } from '../../renderer/src/components/Reader';
import { accountsLoaded, initialMailState, messageFetched } from '../../renderer/src/stores/mail-state';
import { dispatchMailEvent, mailStore } from '../../renderer/src/stores/mail-store';
import { initialUiState, setUi, uiStore } from '../../renderer/src/stores/ui-store';
import { syntheticMessages } from '../support/corpus';
import { mailboxesOf } from '../support/hub-actions';
import { callApi, waitForSyncState } from '../support/hub-api';
import { startSyncedAccount, type SyncedAccount } from '../support/synced-account';

let s: SyncedAccount;

beforeAll(async () => {
  // More than the newest 50 whose bodies are prefetched: the oldest is fetched on demand.
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(60) }, hub: { sync: { pollMs: 600_000, backoff: { baseMs: 50, maxMs: 200 } } } });
  const bridge: MailmindBridge = { getHubConnection: async () => s.t.hub.connection(), onOpenMessage: () => () => undefined };
  window.mailmind = bridge;
  // The account's sync.status events, into the stores as the renderer's socket client hands them on.
  s.socket.ws.on('message', (data) => {
    const event = parseHubEvent(String(data));
    if (event?.type === 'sync.status') dispatchMailEvent(event);
  });
}, 60_000);

afterEach(() => {
  cleanup();
  uiStore.setState(initialUiState, true);
  mailStore.setState(initialMailState, true);
});

afterAll(async () => {
  delete window.mailmind;
  await s?.stop();
});

it('opens a message that could not be downloaded once its account is connected again', async () => {
  const inbox = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Inbox')!;
  const page = await callApi<MessagePageResponse>(s.t, `/api/mailboxes/${inbox.id}/messages?limit=100`);
  const oldest = page.body.messages.at(-1)!;
  const accounts = await callApi<{ accounts: Account[] }>(s.t, '/api/accounts');
  mailStore.setState(messageFetched(accountsLoaded(initialMailState, accounts.body.accounts), oldest), true);

  await s.goOffline();
  dispatchMailEvent({ type: 'sync.status', payload: { accountId: s.account.id, state: 'offline' } });
  setUi({ openId: oldest.id });
  render(
    <AuthProvider>
      <ApiProvider>
        <Reader />
      </ApiProvider>
    </AuthProvider>,
  );
  await waitFor(() => expect(screen.getByTestId('reader-error').textContent).toContain('It will open when the server is back'), { timeout: 10_000 });

  s.socket.events.length = 0; // the idle awaited below is the reconnected session's
  s.goOnline();
  await waitForSyncState(s.socket, s.account.id, 'idle', 20_000);
  await waitFor(() => expect(screen.queryByTestId('reader-error')).toBeNull(), { timeout: 10_000 });
  await waitFor(() => expect(screen.queryByTestId('plain-text') ?? document.querySelector('iframe')).not.toBeNull(), { timeout: 10_000 });
});
