// @vitest-environment jsdom
// Search results come from every folder: each row says which one it is in, as Gmail's label chip
// does (a nested folder with its parents: "Projects / Q1"), and no folder in the sidebar is
// marked current while the list shows results; the folder's own list, back after Esc, is.
// The API peer is the stand-in server of ws-test-server.ts, so the search box and the sidebar go
// through the real API client.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { MessageList } from '../../renderer/src/components/MessageList';
import { SearchBox } from '../../renderer/src/components/SearchBox';
import { Sidebar } from '../../renderer/src/components/Sidebar';
import { closeApp, listShown, startApp, stubLayoutApis } from './jsdom-app';
import { alice, mailbox, summary } from './mail-fixtures';
import type { WsTestServer } from './ws-test-server';

const box = (path: string, specialUse: Parameters<typeof mailbox>[2] = null) => mailbox('a1', path, specialUse, { total: 1 });
const mailboxes = [box('INBOX', '\\Inbox'), box('Archive', '\\Archive'), box('Projects'), box('Projects/Q1'), box('INBOX/Receipts')];

const message = (id: string, mailboxPath: string, day: number) => summary(id, box(mailboxPath), day, { subject: `Quarterly report (${id})` });
const inInbox = message('m-inbox', 'INBOX', 9);
const found = [inInbox, message('m-archive', 'Archive', 8), message('m-q1', 'Projects/Q1', 7), message('m-receipts', 'INBOX/Receipts', 6)];

let server: WsTestServer;

beforeAll(() => {
  stubLayoutApis();
});

beforeEach(async () => {
  localStorage.clear();
  // The inbox is shown, as at start.
  const atStart = listShown([alice], mailboxes, { kind: 'mailbox', mailboxId: 'a1:INBOX' }, [inInbox]);
  const panes = (
    <>
      <SearchBox />
      <Sidebar />
      <MessageList />
    </>
  );
  server = await startApp(atStart, panes, (stand) => {
    stand.handleHttp = (req, res) => {
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
  });
});

afterEach(() => closeApp(server));

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
