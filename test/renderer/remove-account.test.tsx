// @vitest-environment jsdom
// Removing an account. There was no way to in the app; and once one was removed (through the API,
// or in another window) the page went stale: its section and folders stayed in the sidebar, a
// search kept listing its messages ("No such message" when opened), and a click on its Inbox
// showed another account's Inbox under an empty heading until a reload. Now the account's menu in
// the sidebar offers "Remove account…", which asks first, naming the account and saying that its
// mail leaves this computer only; the page drops the account, its folders and its messages at
// once and shows another account's Inbox (the setup form when none is left). Another page learns
// of it from the hub's account.removed and does the same.
// The whole app in jsdom over the stand-in hub of stand-in-hub-api.ts, its socket included (the
// `ws` client as the browser WebSocket, as in malformed-frames.test.tsx).
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import type { Account, MessageSummary } from '../../shared/model';
import { App } from '../../renderer/src/App';
import { hubStore, initialHubState } from '../../renderer/src/stores/hub-store';
import type { ListSource } from '../../renderer/src/stores/mail-state';
import { FIRST_OPEN_REFRESH_DELAY_MS } from '../../renderer/src/mail/use-data-refresh';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { setUi } from '../../renderer/src/stores/ui-store';
import { closeApp, listShown, startApp, stubLayoutApis } from './jsdom-app';
import { alice, bob, mailbox, summary } from './mail-fixtures';
import { serveStandInHubApi, type StandInHubApi } from './stand-in-hub-api';
import type { WsTestServer } from './ws-test-server';

const mailboxes = [alice, bob].flatMap(({ id }) => [mailbox(id, 'INBOX', '\\Inbox', { total: 1 }), mailbox(id, 'Archive', '\\Archive')]);
const aliceMessage = summary('m-alice', mailboxes[0]!, 9, { subject: 'Budget for Alice' });
const bobMessage = summary('m-bob', mailboxes[2]!, 8, { subject: 'Budget for Bob' });

let server: WsTestServer | undefined;
let hub: StandInHubApi;

beforeAll(() => {
  stubLayoutApis();
  globalThis.WebSocket = NodeWebSocket as unknown as typeof WebSocket;
});

afterEach(async () => {
  await closeApp(server);
  server = undefined;
  hubStore.setState(initialHubState, true);
  localStorage.clear();
});

/** The app on these accounts (Alice's and Bob's Inbox and Archive), showing `shown` as the list of `source`; resolves once its socket is open. */
async function startWith(accounts: Account[], source: ListSource, shown: MessageSummary[]): Promise<void> {
  const boxes = mailboxes.filter((m) => accounts.some((a) => a.id === m.accountId));
  const messages = [aliceMessage, bobMessage].filter((m) => accounts.some((a) => a.id === m.accountId));
  server = await startApp(listShown(accounts, boxes, source, shown), <App />, (stand) => (hub = serveStandInHubApi(stand, { accounts, mailboxes: boxes, messages })));
  await waitFor(() => expect(hubStore.getState().socket).toBe('open'), { timeout: 5000 });
}

const inboxOf = (account: Account): ListSource => ({ kind: 'mailbox', mailboxId: `${account.id}:INBOX` });
const sections = () => screen.getAllByTestId('account').map((section) => section.querySelector('h2')?.textContent);
const rows = () => screen.queryAllByTestId('message-row').map((row) => row.getAttribute('data-id'));
const menuButton = (name: string) => screen.getByRole('button', { name: `Account actions for ${name}` });

/** Opens the account's menu and chooses "Remove account…"; the dialog that asks. */
function askToRemove(name: string): HTMLElement {
  fireEvent.click(menuButton(name));
  const item = screen.getByRole('menuitem', { name: 'Remove account…' });
  expect(document.activeElement).toBe(item);
  fireEvent.click(item);
  return screen.getByRole('alertdialog');
}

it('asks first, naming the account and saying what goes; Esc and Cancel leave it all, the focus back on the menu button', async () => {
  await startWith([alice, bob], inboxOf(alice), [aliceMessage]);
  const dialog = askToRemove('Alice');
  expect(dialog.getAttribute('aria-modal')).toBe('true');
  expect(screen.getByRole('alertdialog', { name: 'Remove Alice (alice@example.test)?' })).toBe(dialog);
  const description = document.getElementById(dialog.getAttribute('aria-describedby')!)!.textContent;
  expect(description).toContain('deleted from this computer');
  expect(description).toContain('The mail on the server is not touched');
  // The focus starts on the choice that changes nothing, and Tab keeps it in the dialog.
  const cancel = within(dialog).getByRole('button', { name: 'Cancel' });
  const remove = within(dialog).getByRole('button', { name: 'Remove account' });
  expect(document.activeElement).toBe(cancel);
  fireEvent.keyDown(cancel, { key: 'Tab' });
  remove.focus();
  fireEvent.keyDown(remove, { key: 'Tab' });
  expect(document.activeElement).toBe(cancel);
  fireEvent.keyDown(cancel, { key: 'Tab', shiftKey: true });
  expect(document.activeElement).toBe(remove);
  // The app's keys act on messages: not while the dialog asks (# deletes the open message).
  setUi({ openId: aliceMessage.id });
  fireEvent.keyDown(remove, { key: '#' });
  fireEvent.keyDown(document.body, { key: '#' });
  expect(hub.posted).toEqual([]);

  fireEvent.keyDown(remove, { key: 'Escape' });
  expect(screen.queryByRole('alertdialog')).toBeNull();
  expect(document.activeElement).toBe(menuButton('Alice'));

  fireEvent.click(within(askToRemove('Alice')).getByRole('button', { name: 'Cancel' }));
  expect(screen.queryByRole('alertdialog')).toBeNull();
  expect(document.activeElement).toBe(menuButton('Alice'));
  expect(hub.removals).toEqual([]);
  expect(sections()).toEqual(['Alice', 'bob@example.test']);
});

it('removes the account on Remove: its section, folders and messages go at once, and Bob’s Inbox shows, with the focus', async () => {
  await startWith([alice, bob], inboxOf(alice), [aliceMessage]);
  act(() => setUi({ openId: aliceMessage.id }));
  fireEvent.click(within(askToRemove('Alice')).getByRole('button', { name: 'Remove account' }));

  await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  expect(hub.removals).toEqual([alice.id]);
  expect(sections()).toEqual(['bob@example.test']);
  expect(screen.getAllByTestId('mailbox').map((m) => m.getAttribute('data-mailbox-id'))).toEqual(['a2:INBOX', 'a2:Archive']);
  await waitFor(() => expect(rows()).toEqual([bobMessage.id]));
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Inbox');
  expect(screen.getAllByTestId('mailbox').find((m) => m.getAttribute('aria-current') === 'true')?.getAttribute('data-mailbox-id')).toBe('a2:INBOX');
  expect(mailStore.getState().messages[aliceMessage.id]).toBeUndefined();
  expect(screen.queryByTestId('reader')).toBeNull();
  expect(document.activeElement).toBe(screen.getByTestId('message-list'));
});

it('shows the setup form, focused, once the last account is removed', async () => {
  await startWith([alice], inboxOf(alice), [aliceMessage]);
  fireEvent.click(within(askToRemove('Alice')).getByRole('button', { name: 'Remove account' }));
  await waitFor(() => expect(screen.getByTestId('setup-form')).toBeTruthy());
  expect(screen.queryAllByTestId('account')).toEqual([]);
  expect(screen.queryAllByTestId('mailbox')).toEqual([]);
  await waitFor(() => expect(screen.getByTestId('setup-form').contains(document.activeElement)).toBe(true));
});

it('keeps the account, and says why, when the hub refuses to remove it', async () => {
  await startWith([alice, bob], inboxOf(alice), [aliceMessage]);
  hub.refuseNextRemoval = { status: 500, error: { code: 'internal', message: 'The store is busy' } };
  const dialog = askToRemove('Alice');
  const remove = within(dialog).getByRole('button', { name: 'Remove account' });
  fireEvent.click(remove);
  await waitFor(() => expect(within(dialog).getByRole('alert').textContent).toBe('The account could not be removed. The store is busy'));
  expect(document.activeElement).toBe(remove);
  expect(sections()).toEqual(['Alice', 'bob@example.test']);
  expect(rows()).toEqual([aliceMessage.id]);
});

/**
 * Another window removes Alice's account: the hub answers it, and tells this page (account.removed).
 * Resolves once this page has the event (before its first refresh, a second after the socket opened).
 */
async function removedElsewhere(): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${server!.port}/api/accounts/${alice.id}`, { method: 'DELETE' });
  expect(res.status).toBe(204);
  await waitFor(() => expect(hubStore.getState().recentEvents.map((event) => event.type)).toContain('account.removed'));
  expect(hub.removals).toEqual([alice.id]);
}

it('drops an account removed in another window at once: its section, its search results and its message in the reader', async () => {
  await startWith([alice, bob], { kind: 'search', query: 'budget' }, [aliceMessage, bobMessage]);
  act(() => setUi({ openId: aliceMessage.id }));
  await waitFor(() => expect(screen.getByTestId('reader')).toBeTruthy());
  await removedElsewhere();
  expect(sections()).toEqual(['bob@example.test']);
  expect(rows()).toEqual([bobMessage.id]);
  expect(screen.queryByTestId('reader')).toBeNull();
  expect(screen.getAllByTestId('mailbox').every((m) => m.getAttribute('data-mailbox-id')?.startsWith('a2:'))).toBe(true);
  // The search stays, without Alice's messages.
  expect(mailStore.getState().list.source).toEqual({ kind: 'search', query: 'budget' });
});

it('shows Bob’s Inbox when the folder shown was of the account removed in another window', async () => {
  await startWith([alice, bob], inboxOf(alice), [aliceMessage]);
  await removedElsewhere();
  expect(sections()).toEqual(['bob@example.test']);
  expect(mailStore.getState().list.source).toEqual(inboxOf(bob));
  await waitFor(() => expect(rows()).toEqual([bobMessage.id]));
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Inbox');
});

it('shows an account added in another window once its first folders are announced (no reload needed)', async () => {
  await startWith([alice], inboxOf(alice), [aliceMessage]);
  expect(sections()).toEqual(['Alice']);
  // After the refresh a page makes a second after its socket opens (FIRST_OPEN_REFRESH_DELAY_MS),
  // which reads the accounts too: an account added before it showed anyway.
  await new Promise((resolve) => setTimeout(resolve, FIRST_OPEN_REFRESH_DELAY_MS + 500));
  // Added elsewhere (another window, the API): the hub has it, and announces its folders as it syncs them.
  const bobBoxes = mailboxes.filter((m) => m.accountId === bob.id);
  hub.accounts = [...hub.accounts, bob];
  hub.mailboxes = [...hub.mailboxes, ...bobBoxes];
  for (const connection of server!.connections) server!.send(connection, { type: 'mailbox.updated', payload: { mailbox: bobBoxes[0]! } });
  await waitFor(() => expect(sections()).toEqual(['Alice', 'bob@example.test']), { timeout: 5000 });
});
