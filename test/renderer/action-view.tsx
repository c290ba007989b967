// What the renderer's action tests share: two accounts with their folders and messages, the
// panes a user acts from (list, toolbar, reader, toasts, keyboard) rendered in jsdom against the
// stand-in hub API of stand-in-hub-api.ts, and the few ways a user looks at them.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { ErrorInfo, Mailbox, MessageSummary } from '../../shared/model';
import { useApi } from '../../renderer/src/api/api-context';
import { ActionToasts } from '../../renderer/src/components/ActionToasts';
import { MessageList } from '../../renderer/src/components/MessageList';
import { ReaderPane } from '../../renderer/src/components/ReaderPane';
import { Toolbar } from '../../renderer/src/components/Toolbar';
import { handleFrame } from '../../renderer/src/hub/socket-client';
import { useHubSocket } from '../../renderer/src/hub/use-hub-socket';
import { useDataRefresh } from '../../renderer/src/mail/use-data-refresh';
import { useKeyboardShortcuts } from '../../renderer/src/mail/use-keyboard-shortcuts';
import type { ListSource } from '../../renderer/src/stores/mail-state';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { listShown, startApp } from './jsdom-app';
import { alice, bob, mailbox, summary } from './mail-fixtures';
import { recordActions, serveStandInHubApi, type RecordedActions, type StandInHubApi } from './stand-in-hub-api';
import type { WsTestServer } from './ws-test-server';

export { alice, bob };

/** Each account's Inbox, Archive, Trash and Projects, in the hub's order. */
export const mailboxes = [alice, bob].flatMap(({ id }) => [mailbox(id, 'INBOX', '\\Inbox'), mailbox(id, 'Archive', '\\Archive'), mailbox(id, 'Trash', '\\Trash'), mailbox(id, 'Projects')]);

/** A message in `accountId`'s inbox, received on January `day` (a higher day is newer). */
export function message(id: string, accountId: string, day: number, flags: string[] = ['\\Seen']): MessageSummary {
  return summary(id, { id: `${accountId}:INBOX`, accountId }, day, { subject: `Report ${id}`, flags });
}

/** The panes a user acts from, with the hub socket and its refreshes when `socket`, and `children` (probes) beside them. */
export function MailView({ socket, children }: { socket: boolean; children?: ReactNode }) {
  useKeyboardShortcuts(useApi());
  return (
    <>
      {socket ? <Connection /> : null}
      <Toolbar />
      <MessageList />
      <ReaderPane />
      <ActionToasts />
      {children}
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
 * Starts the stand-in hub API with both accounts' folders and `messages`, points the renderer at
 * it, shows `messages` as the list of `source` and renders the panes (with the hub socket and its
 * refreshes when `socket`, and `beside` them: a banner, say); resolves once the API is known.
 * Stop it with closeApp of jsdom-app.tsx.
 */
export async function startMailView(
  source: ListSource,
  messages: MessageSummary[],
  { socket = false, beside = null }: { socket?: boolean; beside?: ReactNode } = {},
): Promise<{ server: WsTestServer; hub: StandInHubApi }> {
  const sorted = [...messages].sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : -1));
  let hub!: StandInHubApi;
  const view = <MailView socket={socket}>{beside}</MailView>;
  const server = await startApp(listShown([alice, bob], mailboxes, source, sorted), view, (stand) => (hub = serveStandInHubApi(stand, { accounts: [alice, bob], mailboxes, messages })));
  return { server, hub };
}

function KeyboardShortcuts() {
  useKeyboardShortcuts(useApi());
  return null;
}

/**
 * Shows Alice's `inbox` of `messages` and renders `panes` with the keyboard shortcuts on, on a
 * stand-in that records the actions posted (recordActions of stand-in-hub-api.ts). Stop it with
 * closeApp of jsdom-app.tsx.
 */
export async function startInboxWithShortcuts(inbox: Mailbox, messages: MessageSummary[], panes: ReactNode): Promise<{ server: WsTestServer; actions: RecordedActions }> {
  let actions!: RecordedActions;
  const shown = listShown([alice], [inbox], { kind: 'mailbox', mailboxId: inbox.id }, messages);
  // The shortcuts after the panes: their effects run after the panes', as when a view above the panes has them.
  const view = (
    <>
      {panes}
      <KeyboardShortcuts />
    </>
  );
  const server = await startApp(shown, view, (stand) => (actions = recordActions(stand)));
  return { server, actions };
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
