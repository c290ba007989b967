// @vitest-environment jsdom
// With no folder open, the inbox opens by itself, as in Thunderbird and Gmail: after the first
// account is added its folders come a moment later (mailbox.updated, while the hub lists and
// syncs them), and "No mailbox selected." stayed until the user clicked Inbox. The folder shown
// last opens instead when the hub has it. The inbox opened while its first sync runs fills as the
// sync stores mail (announced by mailbox.updated, never email.new).
// The API peer is the stand-in server of ws-test-server.ts; the hub's events go through the socket
// client's frame handler, as from the socket.
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Account, Mailbox, MessageSummary } from '../../shared/model';
import { ApiProvider, useApi } from '../../renderer/src/api/api-context';
import { AuthProvider } from '../../renderer/src/auth/auth-context';
import { MessageList } from '../../renderer/src/components/MessageList';
import { handleFrame } from '../../renderer/src/hub/socket-client';
import { MAILBOX_REFETCH_MAX_WAIT_MS, useDataRefresh } from '../../renderer/src/mail/use-data-refresh';
import { accountsLoaded, initialMailState, listLoaded, listReset, mailboxesLoaded, type MailState } from '../../renderer/src/stores/mail-state';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { initialUiState, setUi, uiStore } from '../../renderer/src/stores/ui-store';
import { bridgeTo, stubLayoutApis } from './jsdom-app';
import { startWsTestServer, type WsTestServer } from './ws-test-server';

const account: Account = { id: 'a1', email: 'alice@example.test', displayName: 'Alice', imap: { host: 'h', port: 993, security: 'none', user: 'alice' }, persistent: true, status: { state: 'syncing' } };

function box(path: string, specialUse: Mailbox['specialUse'], total: number): Mailbox {
  return { id: `a1:${path}`, accountId: 'a1', path, name: path === 'INBOX' ? 'Inbox' : path, delimiter: '/', specialUse, total, unread: 0 };
}

function message(id: string, mailboxPath: string, day: number): MessageSummary {
  return {
    id,
    accountId: 'a1',
    mailboxId: `a1:${mailboxPath}`,
    uid: day,
    messageId: `<${id}@example.test>`,
    subject: `Subject ${id}`,
    from: { name: 'Carol', address: 'carol@example.test' },
    to: [],
    cc: [],
    date: null,
    receivedAt: new Date(Date.UTC(2026, 0, day)).toISOString(),
    flags: [],
    size: 100,
    hasAttachments: false,
    snippet: '',
  };
}

/** What the hub has: folders, and each one's messages (newest first). */
let hubMailboxes: Mailbox[];
let hubMessages: Record<string, MessageSummary[]>;
let server: WsTestServer;
let api: ReturnType<typeof useApi> = null;

function MailView() {
  api = useApi();
  useDataRefresh(api);
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
  api = null;
  uiStore.setState(initialUiState, true);
  localStorage.clear();
});

afterEach(async () => {
  cleanup();
  delete window.mailmind;
  mailStore.setState(initialMailState, true);
  await server.stop().catch(() => undefined);
});

/** The account just added: the hub has not listed its folders yet, so none is open. */
const justAdded = (): MailState => accountsLoaded(initialMailState, [account]);

async function renderView(state: MailState): Promise<void> {
  mailStore.setState(state, true);
  render(
    <AuthProvider>
      <ApiProvider>
        <MailView />
      </ApiProvider>
    </AuthProvider>,
  );
  await waitFor(() => expect(api).not.toBeNull());
}

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
  const opened = listReset(mailboxesLoaded(justAdded(), [box('INBOX', '\\Inbox', 1)]), { kind: 'mailbox', mailboxId: 'a1:INBOX' });
  await renderView(listLoaded(opened, opened.list.generation, { messages: [message('i1', 'INBOX', 1)], nextCursor: null }, true));
  expect(rowIds()).toEqual(['i1']);
  // The sync stores the rest: mailbox.updated with the new count, no email.new.
  hubMessages['a1:INBOX'] = [message('i3', 'INBOX', 3), message('i2', 'INBOX', 2), message('i1', 'INBOX', 1)];
  hubMailboxes = [box('INBOX', '\\Inbox', 3), box('Archive', '\\Archive', 1)];
  folderEvents();
  await waitFor(() => expect(rowIds()).toEqual(['i3', 'i2', 'i1']), { timeout: 5000 });
});
