// @vitest-environment jsdom
// The reader when the app's own mail service (the hub) is down: it said "Could not open the
// message: The MailMind hub is not reachable (TypeError: Failed to fetch)". It says what that
// means for the user now, and that the message opens when the service is back. A real hub,
// stopped, and a real Dovecot; the bridge is a stand-in for the Electron preload (the binary
// cannot run here).
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { HubConnection, MailmindBridge } from '../../shared/bridge';
import type { Account, MessageSummary } from '../../shared/model';
import { ApiProvider } from '../../renderer/src/api/api-context';
import { AuthProvider } from '../../renderer/src/auth/auth-context';
import { Reader } from '../../renderer/src/components/Reader';
import { accountsLoaded, initialMailState, messageFetched } from '../../renderer/src/stores/mail-state';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { initialUiState, setUi, uiStore } from '../../renderer/src/stores/ui-store';
import { syntheticMessages } from '../support/corpus';
import { mailboxesOf, messagesOf } from '../support/hub-actions';
import { callApi } from '../support/hub-api';
import { startSyncedAccount, type SyncedAccount } from '../support/synced-account';

let s: SyncedAccount;
let accounts: Account[];
let messages: MessageSummary[];

beforeAll(async () => {
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(3) }, hub: { sync: { pollMs: 600_000 } } });
  const inbox = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Inbox')!;
  messages = await messagesOf(s.t, inbox.id);
  accounts = (await callApi<{ accounts: Account[] }>(s.t, '/api/accounts')).body.accounts;
  // The connection the window had, to a hub that is then gone.
  const connection: HubConnection = s.t.hub.connection();
  const bridge: MailmindBridge = { getHubConnection: async () => connection, onOpenMessage: () => () => undefined };
  window.mailmind = bridge;
  await s.t.stop();
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

it('says the app could not reach its mail service, not "TypeError: Failed to fetch"', async () => {
  mailStore.setState(messageFetched(accountsLoaded(initialMailState, accounts), messages[0]!), true);
  setUi({ openId: messages[0]!.id });
  render(
    <AuthProvider>
      <ApiProvider>
        <Reader />
      </ApiProvider>
    </AuthProvider>,
  );
  const error = await waitFor(() => screen.getByTestId('reader-error'), { timeout: 10_000 });
  expect(error.textContent).toContain('The app could not reach its mail service, so this message cannot be opened now. It will open when the service is back.');
  expect(error.textContent).not.toMatch(/TypeError|Failed to fetch|hub is not reachable/);
});
