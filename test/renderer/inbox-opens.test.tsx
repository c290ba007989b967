// @vitest-environment jsdom
// With no folder open, the inbox opens by itself, as in Thunderbird and Gmail: after the first
// account is added its folders come a moment later (mailbox.updated, while the hub lists and
// syncs them), and "No mailbox selected." stayed until the user clicked Inbox. The folder shown
// last opens instead when the hub has it. The inbox opened while its first sync runs fills as the
// sync stores mail (announced by mailbox.updated, never email.new).
// The API peer is the stand-in server of ws-test-server.ts; the hub's events go through the socket
// client's frame handler, as from the socket.
import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Mailbox, MessageSummary } from '../../shared/model';
import { useApi } from '../../renderer/src/api/api-context';
import { MessageList } from '../../renderer/src/components/MessageList';
import { handleFrame } from '../../renderer/src/hub/socket-client';
import { MAILBOX_REFETCH_MAX_WAIT_MS, useDataRefresh } from '../../renderer/src/mail/use-data-refresh';
import { accountsLoaded, initialMailState, type MailState } from '../../renderer/src/stores/mail-state';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { initialUiState, setUi, uiStore } from '../../renderer/src/stores/ui-store';
import { bridgeTo, closeApp, listShown, renderPanes, stubLayoutApis } from './jsdom-app';
import { alice, mailbox, summary } from './mail-fixtures';
import { startWsTestServer, type WsTestServer } from './ws-test-server';

const account = { ...alice, imap: { ...alice.imap, security: 'none' as const }, status: { state: 'syncing' as const } };

const box = (path: string, specialUse: Mailbox['specialUse'], total: number) => mailbox('a1', path, specialUse, { total });
const message = (id: string, mailboxPath: string, day: number) => summary(id, { id: `a1:${mailboxPath}`, accountId: 'a1' }, day, { flags: [] });

/** What the hub has: folders, and each one's messages (newest first). */
let hubMailboxes: Mailbox[];
let hubMessages: Record<string, MessageSummary[]>;
let server: WsTestServer;

function MailView() {
  useDataRefresh(useApi());
  return <MessageList />;
}

beforeAll(() => {
  stubLayoutApis();
});

beforeEach(async () => {
  hubMailboxes = [box('INBOX', '\\Inbox', 2), box('Archive', '\\Archive', 1)];
  hubMessages = { 'a1:INBOX': [message('i2', 'INBOX', 2), message('i1', 'INBOX', 1)], 'a1:Archive': [message('a1', 'Archive', 1)] };
  server = await startWsTestServer();
  server.handleHttp = (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const list = /^\/api\/mailboxes\/([^/]+)\/messages$/.exec(path);
    const body = path === '/api/mailboxes' ? { mailboxes: hubMailboxes } : list ? { messages: hubMessages[list[1]!] ?? [], nextCursor: null } : null;
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body ?? { error: { code: 'not_found', message: 'Not found' } }));
  };
  bridgeTo(server);
  uiStore.setState(initialUiState, true);
  localStorage.clear();
});

afterEach(() => closeApp(server));

/** The account just added: the hub has not listed its folders yet, so none is open. */
const justAdded = (): MailState => accountsLoaded(initialMailState, [account]);

const renderView = (state: MailState): Promise<void> => renderPanes(state, <MailView />);

/** The hub announces its folders (their first sync, or a session's start). */
function folderEvents(): void {
  act(() => {
    for (const mailbox of hubMailboxes) handleFrame(JSON.stringify({ type: 'mailbox.updated', payload: { mailbox } }));
  });
}

const rowIds = (): string[] => screen.queryAllByTestId('message-row').map((row) => row.getAttribute('data-id')!);
const shown = () => mailStore.getState().list.source;

it('opens the inbox by itself once the first account’s folders come', async () => {
  await renderView(justAdded());
  expect(screen.getByText('No mailbox selected.')).toBeTruthy();
  folderEvents();
  await waitFor(() => expect(rowIds()).toEqual(['i2', 'i1']), { timeout: 5000 });
  expect(shown()).toEqual({ kind: 'mailbox', mailboxId: 'a1:INBOX' });
  expect(localStorage.getItem('mailmind.lastMailbox')).toBe('a1:INBOX');
});

it('opens the inbox while the first sync still announces batch after batch', async () => {
  await renderView(justAdded());
  // A large inbox's first sync: a mailbox.updated per batch, several a second, for a long while.
  const deadline = Date.now() + MAILBOX_REFETCH_MAX_WAIT_MS + 1500;
  while (shown() === null && Date.now() < deadline) {
    folderEvents();
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
  }
  expect(shown()).toEqual({ kind: 'mailbox', mailboxId: 'a1:INBOX' });
  await waitFor(() => expect(rowIds()).toEqual(['i2', 'i1']));
});

it('opens the folder shown last instead, when the hub has it', async () => {
  localStorage.setItem('mailmind.lastMailbox', 'a1:Archive');
  await renderView(justAdded());
  folderEvents();
  await waitFor(() => expect(rowIds()).toEqual(['a1']), { timeout: 5000 });
  expect(shown()).toEqual({ kind: 'mailbox', mailboxId: 'a1:Archive' });
});

it('leaves the form for another account open: nothing opens behind it', async () => {
  setUi({ view: 'setup' });
  await renderView(justAdded());
  folderEvents();
  await waitFor(() => expect(Object.keys(mailStore.getState().mailboxes)).toHaveLength(2), { timeout: 5000 });
  expect(shown()).toBeNull();
  expect(uiStore.getState().view).toBe('setup');
});

it('fills the inbox shown while its first sync stores mail', async () => {
  // The inbox opened with what the first sync had stored then: one message.
  await renderView(listShown([account], [box('INBOX', '\\Inbox', 1)], { kind: 'mailbox', mailboxId: 'a1:INBOX' }, [message('i1', 'INBOX', 1)]));
  expect(rowIds()).toEqual(['i1']);
  // The sync stores the rest: mailbox.updated with the new count, no email.new.
  hubMessages['a1:INBOX'] = [message('i3', 'INBOX', 3), message('i2', 'INBOX', 2), message('i1', 'INBOX', 1)];
  hubMailboxes = [box('INBOX', '\\Inbox', 3), box('Archive', '\\Archive', 1)];
  folderEvents();
  await waitFor(() => expect(rowIds()).toEqual(['i3', 'i2', 'i1']), { timeout: 5000 });
});
