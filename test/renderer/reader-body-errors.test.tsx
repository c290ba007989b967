// @vitest-environment jsdom
// What the reader says when a body cannot be had although the server is there. A message the
// server will not send (its file unreadable: Dovecot ends the session over it) said "It will
// open when the server is back", while the account was connected and nothing would ever change:
// now it says the server would not send it, with a Retry that works once the server can. A
// message too large to download says so, without a Retry that cannot help. A real hub and a real
// Dovecot; the bridge is a stand-in for the Electron preload (the binary cannot run here).
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { MailmindBridge } from '../../shared/bridge';
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
import { setReadable } from '../support/mail/maildir-files';
import { onePartMessage } from '../support/mail/one-part-message';
import { startSyncedAccount, type SyncedAccount } from '../support/synced-account';

let s: SyncedAccount;
let messages: MessageSummary[];

beforeAll(async () => {
  // 60 messages (the oldest is not prefetched), then one over the 64 MiB download limit.
  const huge = onePartMessage({ subject: 'Huge log', contentType: 'text/plain', body: 'A very long log line.\r\n'.repeat(3_000_000) });
  s = await startSyncedAccount({ dovecot: { corpus: [...syntheticMessages(60), huge] }, hub: { sync: { pollMs: 600_000 } } });
  const bridge: MailmindBridge = { getHubConnection: async () => s.t.hub.connection(), onOpenMessage: () => () => undefined };
  window.mailmind = bridge;
  const inbox = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Inbox')!;
  messages = await messagesOf(s.t, inbox.id);
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

async function openInReader(message: MessageSummary): Promise<void> {
  const accounts = await callApi<{ accounts: Account[] }>(s.t, '/api/accounts');
  mailStore.setState(messageFetched(accountsLoaded(initialMailState, accounts.body.accounts), message), true);
  setUi({ openId: message.id });
  render(
    <AuthProvider>
      <ApiProvider>
        <Reader />
      </ApiProvider>
    </AuthProvider>,
  );
}

it('says the server would not send a message it cannot read, and opens it on Retry once it can', async () => {
  const oldest = messages.find((m) => m.uid === 1)!;
  await setReadable(s.dovecot, 1, false);
  await openInReader(oldest);
  await waitFor(() => expect(screen.getByTestId('reader-error').textContent).toContain('The mail server would not send this message'), { timeout: 10_000 });
  expect(screen.getByTestId('reader-error').textContent).not.toContain('when the server is back');

  await setReadable(s.dovecot, 1, true);
  fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
  await waitFor(() => expect(screen.queryByTestId('reader-error')).toBeNull(), { timeout: 10_000 });
  await waitFor(() => expect(screen.queryByTestId('plain-text') ?? document.querySelector('iframe')).not.toBeNull(), { timeout: 10_000 });
});

it('says a message is too large to open here, without a Retry', async () => {
  await openInReader(messages.find((m) => m.subject === 'Huge log')!);
  await waitFor(() => expect(screen.getByTestId('reader-error').textContent).toMatch(/This message is \d+ MB, more than MailMind downloads to open/), { timeout: 10_000 });
  expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
});
