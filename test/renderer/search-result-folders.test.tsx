// @vitest-environment jsdom
// Search results come from every folder: each row says which one it is in, as Gmail's label chip
// does (a nested folder with its parents: "Projects / Q1"), and no folder in the sidebar is
// marked current while the list shows results; the folder's own list, back after Esc, is.
// The API peer is the stand-in server of ws-test-server.ts, so the search box and the sidebar go
// through the real API client.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Account, Mailbox, MessageSummary } from '../../shared/model';
import { ApiProvider, useApi } from '../../renderer/src/api/api-context';
import { AuthProvider } from '../../renderer/src/auth/auth-context';
import { MessageList } from '../../renderer/src/components/MessageList';
import { SearchBox } from '../../renderer/src/components/SearchBox';
import { Sidebar } from '../../renderer/src/components/Sidebar';
import { accountsLoaded, initialMailState, listLoaded, listReset, mailboxesLoaded } from '../../renderer/src/stores/mail-state';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { initialUiState, uiStore } from '../../renderer/src/stores/ui-store';
import { bridgeTo, stubLayoutApis } from './jsdom-app';
import { startWsTestServer, type WsTestServer } from './ws-test-server';

const account: Account = { id: 'a1', email: 'alice@example.test', displayName: 'Alice', imap: { host: 'h', port: 993, security: 'tls', user: 'alice' }, persistent: true, status: { state: 'idle' } };

function box(path: string, specialUse: Mailbox['specialUse'] = null): Mailbox {
  const name = path === 'INBOX' ? 'Inbox' : path.split('/').pop()!;
  return { id: `a1:${path}`, accountId: 'a1', path, name, delimiter: '/', specialUse, total: 1, unread: 0 };
}
const mailboxes = [box('INBOX', '\\Inbox'), box('Archive', '\\Archive'), box('Projects'), box('Projects/Q1'), box('INBOX/Receipts')];

function message(id: string, mailboxPath: string, day: number): MessageSummary {
  return {
    id,
    accountId: 'a1',
    mailboxId: `a1:${mailboxPath}`,
    uid: day,
    messageId: `<${id}@example.test>`,
    subject: `Quarterly report (${id})`,
    from: { name: 'Carol', address: 'carol@example.test' },
    to: [],
    cc: [],
    date: null,
    receivedAt: new Date(Date.UTC(2026, 0, day)).toISOString(),
    flags: ['\\Seen'],
    size: 100,
    hasAttachments: false,
    snippet: '',
  };
}
const inInbox = message('m-inbox', 'INBOX', 9);
const found = [inInbox, message('m-archive', 'Archive', 8), message('m-q1', 'Projects/Q1', 7), message('m-receipts', 'INBOX/Receipts', 6)];

let server: WsTestServer;
let api: ReturnType<typeof useApi> = null;

function ApiProbe() {
  api = useApi();
  return null;
}

beforeAll(() => {
  stubLayoutApis();
});

beforeEach(async () => {
  server = await startWsTestServer();
  server.handleHttp = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const q = url.searchParams.get('q') ?? '';
    const bodies: Record<string, unknown> = {
      '/api/mailboxes/a1:INBOX/messages': { messages: [inInbox], nextCursor: null },
      '/api/mailboxes/a1:Archive/messages': { messages: [found[1]], nextCursor: null },
      // The hint "also in Trash or Junk" asks with in:trash OR in:spam: nothing there.
      '/api/search': { messages: q.startsWith('in:trash') ? [] : found, nextCursor: null },
    };
    const body = bodies[decodeURIComponent(url.pathname)];
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body ?? { error: { code: 'not_found', message: 'Not found' } }));
  };
  bridgeTo(server);
  api = null;
  uiStore.setState(initialUiState, true);
  localStorage.clear();
  // The inbox is shown, as at start.
  const shown = listReset(mailboxesLoaded(accountsLoaded(initialMailState, [account]), mailboxes), { kind: 'mailbox', mailboxId: 'a1:INBOX' });
  mailStore.setState(listLoaded(shown, shown.list.generation, { messages: [inInbox], nextCursor: null }, true), true);
  render(
    <AuthProvider>
      <ApiProvider>
        <ApiProbe />
        <SearchBox />
        <Sidebar />
        <MessageList />
      </ApiProvider>
    </AuthProvider>,
  );
  await waitFor(() => expect(api).not.toBeNull());
});

afterEach(async () => {
  cleanup();
  delete window.mailmind;
  mailStore.setState(initialMailState, true);
  await server.stop().catch(() => undefined);
});

const rowIds = (): string[] => screen.queryAllByTestId('message-row').map((row) => row.getAttribute('data-id')!);
const folderOf = (id: string): string | null => {
  const row = screen.getAllByTestId('message-row').find((r) => r.getAttribute('data-id') === id)!;
  return within(row).queryByTestId('row-folder')?.textContent ?? null;
};
const currentFolders = (): string[] => screen.getAllByTestId('mailbox').filter((item) => item.getAttribute('aria-current') === 'true').map((item) => item.querySelector('.name')!.textContent!);

it('names each result’s folder, with its parents for a subfolder, and marks no folder current until the search is left', async () => {
  await waitFor(() => expect(rowIds()).toEqual(['m-inbox']));
  expect(currentFolders()).toEqual(['Inbox']);
  // In a folder's own list the rows do not repeat its name.
  expect(folderOf('m-inbox')).toBeNull();

  const input = screen.getByRole('searchbox', { name: 'Search mail' });
  fireEvent.change(input, { target: { value: 'quarterly report' } });
  fireEvent.submit(input.closest('form')!);
  await waitFor(() => expect(rowIds()).toEqual(['m-inbox', 'm-archive', 'm-q1', 'm-receipts']));
  expect(found.map((m) => folderOf(m.id))).toEqual(['Inbox', 'Archive', 'Projects / Q1', 'Inbox / Receipts']);
  expect(currentFolders()).toEqual([]);

  // Esc leaves the search: the inbox is shown, and current, again.
  fireEvent.keyDown(input, { key: 'Escape' });
  await waitFor(() => expect(rowIds()).toEqual(['m-inbox']));
  expect(currentFolders()).toEqual(['Inbox']);
  expect(folderOf('m-inbox')).toBeNull();
});

it('goes back to the folder shown before the search when the search is left, not to the inbox', async () => {
  await waitFor(() => expect(rowIds()).toEqual(['m-inbox']));
  fireEvent.click(screen.getAllByTestId('mailbox').find((item) => item.querySelector('.name')!.textContent === 'Archive')!);
  await waitFor(() => expect(rowIds()).toEqual(['m-archive']));

  const input = screen.getByRole('searchbox', { name: 'Search mail' });
  fireEvent.change(input, { target: { value: 'quarterly report' } });
  fireEvent.submit(input.closest('form')!);
  await waitFor(() => expect(rowIds()).toHaveLength(4));

  fireEvent.keyDown(input, { key: 'Escape' });
  await waitFor(() => expect(rowIds()).toEqual(['m-archive']));
  expect(currentFolders()).toEqual(['Archive']);
});
