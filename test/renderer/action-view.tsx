// What the renderer's action tests share: two accounts with their folders and messages, the
// panes a user acts from (list, toolbar, reader, toasts, keyboard) rendered in jsdom against the
// stand-in hub API of stand-in-hub-api.ts, and the few ways a user looks at them.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { Account, ErrorInfo, Mailbox, MessageSummary } from '../../shared/model';
import { ApiProvider, useApi } from '../../renderer/src/api/api-context';
import { AuthProvider } from '../../renderer/src/auth/auth-context';
import { ActionToasts } from '../../renderer/src/components/ActionToasts';
import { MessageList } from '../../renderer/src/components/MessageList';
import { ReaderPane } from '../../renderer/src/components/ReaderPane';
import { Toolbar } from '../../renderer/src/components/Toolbar';
import { handleFrame } from '../../renderer/src/hub/socket-client';
import { useHubSocket } from '../../renderer/src/hub/use-hub-socket';
import { useDataRefresh } from '../../renderer/src/mail/use-data-refresh';
import { useKeyboardShortcuts } from '../../renderer/src/mail/use-keyboard-shortcuts';
import { accountsLoaded, initialMailState, listLoaded, listReset, mailboxesLoaded, type ListSource } from '../../renderer/src/stores/mail-state';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { initialUiState, uiStore } from '../../renderer/src/stores/ui-store';

export const alice: Account = { id: 'a1', email: 'alice@example.test', displayName: 'Alice', imap: { host: 'h', port: 993, security: 'tls', user: 'alice' }, persistent: true, status: { state: 'idle' } };
export const bob: Account = { id: 'a2', email: 'bob@example.test', displayName: '', imap: { host: 'h', port: 993, security: 'tls', user: 'bob' }, persistent: true, status: { state: 'idle' } };

function box(accountId: string, path: string, specialUse: Mailbox['specialUse'] = null): Mailbox {
  return { id: `${accountId}:${path}`, accountId, path, name: path === 'INBOX' ? 'Inbox' : path, delimiter: '/', specialUse, total: 0, unread: 0 };
}

/** Each account's Inbox, Archive, Trash and Projects, in the hub's order. */
export const mailboxes: Mailbox[] = [alice, bob].flatMap(({ id }) => [box(id, 'INBOX', '\\Inbox'), box(id, 'Archive', '\\Archive'), box(id, 'Trash', '\\Trash'), box(id, 'Projects')]);

/** A message in `accountId`'s inbox, received on January `day` (a higher day is newer). */
export function message(id: string, accountId: string, day: number, flags: string[] = ['\\Seen']): MessageSummary {
  return {
    id,
    accountId,
    mailboxId: `${accountId}:INBOX`,
    uid: day,
    messageId: `<${id}@example.test>`,
    subject: `Report ${id}`,
    from: { name: 'Carol', address: 'carol@example.test' },
    to: [],
    cc: [],
    date: null,
    receivedAt: new Date(Date.UTC(2026, 0, day)).toISOString(),
    flags,
    size: 100,
    hasAttachments: false,
    snippet: '',
  };
}

let api: ReturnType<typeof useApi> = null;

/** The API client the panes use, once known. */
export const currentApi = () => api;

function MailView({ socket }: { socket: boolean }) {
  api = useApi();
  useKeyboardShortcuts(api);
  return (
    <>
      {socket ? <Connection /> : null}
      <Toolbar />
      <MessageList />
      <ReaderPane />
      <ActionToasts />
    </>
  );
}

/** The socket and the refreshes after it opens, as the app has them (App.tsx). */
function Connection() {
  useHubSocket();
  useDataRefresh(useApi());
  return null;
}

/**
 * Shows `messages` as the list of `source`, with both accounts and their folders, and renders
 * the panes (with the hub socket and its refreshes when `socket`); resolves once the API is known.
 */
export async function renderMailView(source: ListSource, messages: MessageSummary[], { socket = false } = {}): Promise<void> {
  api = null;
  uiStore.setState(initialUiState, true);
  const shown = listReset(mailboxesLoaded(accountsLoaded(initialMailState, [alice, bob]), mailboxes), source);
  const sorted = [...messages].sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : -1));
  mailStore.setState(listLoaded(shown, shown.list.generation, { messages: sorted, nextCursor: null }, true), true);
  render(
    <AuthProvider>
      <ApiProvider>
        <MailView socket={socket} />
      </ApiProvider>
    </AuthProvider>,
  );
  await eventually(() => api !== null, 'the API client');
}

/** Waits (rendering meanwhile) until `check` holds. */
export function eventually(check: () => boolean, what: string, timeout = 5000): Promise<void> {
  return waitFor(
    () => {
      if (!check()) throw new Error(`Timed out waiting for ${what}`);
    },
    { timeout },
  );
}

export const rowIds = (): string[] => screen.queryAllByTestId('message-row').map((r) => r.getAttribute('data-id')!);
export const row = (id: string): HTMLElement => {
  const found = screen.queryAllByTestId('message-row').find((r) => r.getAttribute('data-id') === id);
  if (!found) throw new Error(`no row ${id} (rows: ${rowIds().join(', ')})`);
  return found;
};
export const check = (id: string) => fireEvent.click(within(row(id)).getByRole('checkbox'));
export const checkedIds = (): string[] => rowIds().filter((id) => (within(row(id)).getByRole('checkbox') as HTMLInputElement).checked);
/** The toasts' text, newest first, without the buttons. */
export const toasts = (): string[] => screen.queryAllByTestId('action-toast').map((toast) => toast.textContent!.replace(/\s*(Undo)?✕$/u, ''));
export const press = (key: string) => act(() => void fireEvent.keyDown(document.body, { key }));
/** The message the reader shows (null when closed). */
export const readerShows = (): string | null => screen.queryByTestId('reader')?.getAttribute('data-message-id') ?? null;

/** The hub's report of an action, as it comes over the socket. */
export function hubReports(actionId: string, state: 'applied' | 'failed', error?: ErrorInfo): void {
  act(() => void handleFrame(JSON.stringify({ type: 'action.status', payload: error ? { actionId, state, error } : { actionId, state } })));
}

/** Waits until this window tracks the hub's `actionId` (the POST answered). */
export function accepted(actionId: string): Promise<void> {
  return eventually(() => mailStore.getState().actions.some((a) => a.actionId === actionId), `${actionId} accepted`);
}
