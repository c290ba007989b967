// What the renderer's component tests share when they render the app's panes in jsdom against
// the stand-in hub of ws-test-server.ts.
import { cleanup, render, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { Account, Mailbox, MessageSummary } from '../../shared/model';
import { ApiProvider, useApi } from '../../renderer/src/api/api-context';
import { AuthProvider } from '../../renderer/src/auth/auth-context';
import { accountsLoaded, initialMailState, listLoaded, listReset, mailboxesLoaded, type ListSource, type MailState } from '../../renderer/src/stores/mail-state';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { initialUiState, uiStore } from '../../renderer/src/stores/ui-store';
import { startWsTestServer, type WsTestServer } from './ws-test-server';

/**
 * jsdom does no layout, and lacks the two layout APIs the message list calls (it follows its
 * height with a ResizeObserver, and scrolls a new list to the top): its height stays 0 and it
 * renders its overscan rows.
 */
export function stubLayoutApis(): void {
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
  Element.prototype.scrollTo ??= () => {};
}

/** The preload bridge as the desktop app has it, pointing the renderer at `server`. */
export function bridgeTo(server: WsTestServer): void {
  window.mailmind = {
    getHubConnection: async () => ({ wsUrl: server.wsUrl, apiUrl: `http://127.0.0.1:${server.port}`, token: 'tok-a' }),
    onOpenMessage: () => () => {},
  };
}

/** The mail state with these accounts and folders, showing `messages` (in the order given) as the list of `source`. */
export function listShown(accounts: Account[], mailboxes: Mailbox[], source: ListSource, messages: MessageSummary[]): MailState {
  const shown = listReset(mailboxesLoaded(accountsLoaded(initialMailState, accounts), mailboxes), source);
  return listLoaded(shown, shown.list.generation, { messages, nextCursor: null }, true);
}

let api: ReturnType<typeof useApi> = null;

function ApiProbe() {
  api = useApi();
  return null;
}

/** Shows `state` in the mail store and renders `panes` on it, in the app's auth and API providers; resolves once the API client is known. */
export async function renderPanes(state: MailState, panes: ReactNode): Promise<void> {
  api = null;
  mailStore.setState(state, true);
  render(
    <AuthProvider>
      <ApiProvider>
        <ApiProbe />
        {panes}
      </ApiProvider>
    </AuthProvider>,
  );
  await waitFor(
    () => {
      if (api === null) throw new Error('Timed out waiting for the API client');
    },
    { timeout: 5000 },
  );
}

/**
 * Starts a stand-in server (`serve` sets up its HTTP side), points the bridge at it, starts the
 * UI state afresh and renders `panes` on `state` (renderPanes). Stop it with closeApp.
 */
export async function startApp(state: MailState, panes: ReactNode, serve: (server: WsTestServer) => void): Promise<WsTestServer> {
  const server = await startWsTestServer();
  serve(server);
  bridgeTo(server);
  uiStore.setState(initialUiState, true);
  try {
    await renderPanes(state, panes);
  } catch (error) {
    await closeApp(server);
    throw error;
  }
  return server;
}

/** Unmounts what was rendered, takes the bridge away, empties the mail store and stops `server`. */
export async function closeApp(server: WsTestServer | undefined): Promise<void> {
  cleanup();
  delete window.mailmind;
  mailStore.setState(initialMailState, true);
  await server?.stop().catch(() => undefined);
}
