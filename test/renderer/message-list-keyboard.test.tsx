// @vitest-environment jsdom
// The message list is one tab stop that the keyboard works inside, as Thunderbird's and Gmail's
// lists are (WAI-ARIA grid pattern): the arrows, Home/End and PageUp/PageDown move the cursor,
// Space and x check the cursor row, Enter and o open it, Delete deletes; the cursor row is the
// one announced (aria-activedescendant), and its check state is its aria-selected. The rows' check
// boxes and stars take clicks but no focus: every one of them was a tab stop, and the list drew
// more rows as the focus went down, so Tab never left it. A click on a check box no longer turns
// the shortcuts off, and Shift-click on one checks a range as on the row.
// The API peer is the stand-in server of ws-test-server.ts (records the actions posted).
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { IncomingMessage } from 'node:http';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Account, Mailbox, MessageSummary } from '../../shared/model';
import { ApiProvider, useApi } from '../../renderer/src/api/api-context';
import { AuthProvider } from '../../renderer/src/auth/auth-context';
import { MessageList, ROW_HEIGHT } from '../../renderer/src/components/MessageList';
import { SearchBox } from '../../renderer/src/components/SearchBox';
import { useKeyboardShortcuts } from '../../renderer/src/mail/use-keyboard-shortcuts';
import { accountsLoaded, initialMailState, listLoaded, listReset, mailboxesLoaded } from '../../renderer/src/stores/mail-state';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { initialUiState, uiStore } from '../../renderer/src/stores/ui-store';
import { bridgeTo, stubLayoutApis } from './jsdom-app';
import { startWsTestServer, type WsTestServer } from './ws-test-server';

const account: Account = { id: 'a1', email: 'alice@example.test', displayName: 'Alice', imap: { host: 'h', port: 993, security: 'tls', user: 'alice' }, persistent: true, status: { state: 'idle' } };
const inbox: Mailbox = { id: 'mb1', accountId: 'a1', path: 'INBOX', name: 'Inbox', delimiter: '/', specialUse: '\\Inbox', total: 6, unread: 0 };

/** Six read messages, m1 the newest (jsdom lays nothing out: the list renders its six overscan rows). */
const messages: MessageSummary[] = Array.from({ length: 6 }, (_, i) => ({
  id: `m${i + 1}`,
  accountId: 'a1',
  mailboxId: 'mb1',
  uid: 100 - i,
  messageId: `<m${i + 1}@example.test>`,
  subject: `Subject ${i + 1}`,
  from: { name: 'Carol', address: 'carol@example.test' },
  to: [],
  cc: [],
  date: null,
  receivedAt: new Date(Date.UTC(2026, 0, 10 - i)).toISOString(),
  flags: ['\\Seen'],
  size: 100,
  hasAttachments: false,
  snippet: '',
}));

let server: WsTestServer;
let posted: Array<{ type: string; messageIds: string[] }>;
let api: ReturnType<typeof useApi> = null;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => resolve(body));
  });
}

function MailView() {
  api = useApi();
  useKeyboardShortcuts(api);
  return (
    <>
      <SearchBox />
      <MessageList />
      <button type="button">After the list</button>
    </>
  );
}

beforeAll(() => {
  stubLayoutApis();
});

beforeEach(async () => {
  server = await startWsTestServer();
  posted = [];
  server.handleHttp = (req, res) => {
    void (async () => {
      if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://localhost').pathname !== '/api/actions') {
        res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { code: 'not_found', message: 'Not found' } }));
        return;
      }
      const request = JSON.parse(await readBody(req)) as { type: string; messageIds: string[] };
      posted.push({ type: request.type, messageIds: request.messageIds });
      res.writeHead(202, { 'Content-Type': 'application/json' }).end(JSON.stringify({ actionId: `act-${posted.length}` }));
    })();
  };
  bridgeTo(server);
  api = null;
  uiStore.setState(initialUiState, true);
  const shown = listReset(mailboxesLoaded(accountsLoaded(initialMailState, [account]), [inbox]), { kind: 'mailbox', mailboxId: 'mb1' });
  mailStore.setState(listLoaded(shown, shown.list.generation, { messages, nextCursor: null }, true), true);
  render(
    <AuthProvider>
      <ApiProvider>
        <MailView />
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

const list = (): HTMLElement => screen.getByRole('grid', { name: 'Messages' });
const row = (id: string): HTMLElement => screen.getAllByTestId('message-row').find((r) => r.getAttribute('data-id') === id)!;
const checkbox = (id: string): HTMLElement => within(row(id)).getByRole('checkbox');
/** The message of the row the list announces as its active one (none: null). */
const announced = (): string | null => {
  const id = list().getAttribute('aria-activedescendant');
  return id ? (document.getElementById(id)?.getAttribute('data-id') ?? null) : null;
};
const checkedRows = (): string[] => screen.getAllByTestId('message-row').filter((r) => r.getAttribute('aria-selected') === 'true').map((r) => r.getAttribute('data-id')!);
/** A key pressed where the focus is. */
const press = (key: string, init: KeyboardEventInit = {}): void => {
  fireEvent.keyDown(document.activeElement ?? document.body, { key, ...init });
};
/** Tab's order in the document: the elements it stops on (jsdom has no Tab of its own). */
const tabStops = (): HTMLElement[] => [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]')].filter((element) => element.tabIndex >= 0);

it('is one tab stop: its rows’ check boxes and stars take clicks but not the focus', () => {
  const stops = tabStops();
  expect(stops.filter((element) => list().contains(element))).toEqual([list()]);
  // Tab goes from the list straight on to what follows it.
  expect(stops[stops.indexOf(list()) + 1]).toBe(screen.getByRole('button', { name: 'After the list' }));
  for (const box of within(list()).getAllByRole('checkbox')) expect(box.tabIndex).toBe(-1);
  for (const star of within(list()).getAllByTestId('row-star')) expect(star.tabIndex).toBe(-1);

  // A click on a check box checks its row; the list keeps the focus, so its keys go on working.
  act(() => checkbox('m2').focus());
  fireEvent.click(checkbox('m2'));
  expect(checkedRows()).toEqual(['m2']);
  expect(document.activeElement).toBe(list());
});

it('moves the cursor with the arrows, Home, End, PageUp and PageDown, and announces the cursor row', () => {
  expect(list().getAttribute('aria-multiselectable')).toBe('true');
  // Tabbing in puts the cursor on the first row.
  act(() => list().focus());
  expect(announced()).toBe('m1');
  expect(row('m1').classList.contains('cursor')).toBe(true);

  press('ArrowDown');
  press('ArrowDown');
  expect(announced()).toBe('m3');
  press('ArrowUp');
  expect(announced()).toBe('m2');
  press('End');
  expect(announced()).toBe('m6');
  press('Home');
  expect(announced()).toBe('m1');

  // A page is the rows the list shows: three here.
  Object.defineProperty(list(), 'clientHeight', { configurable: true, value: 3 * ROW_HEIGHT + 20 });
  press('PageDown');
  expect(announced()).toBe('m4');
  press('PageDown');
  expect(announced()).toBe('m6');
  press('PageUp');
  expect(announced()).toBe('m3');
  expect(row('m3').classList.contains('cursor')).toBe(true);
  expect(row('m1').classList.contains('cursor')).toBe(false);
});

it('leaves the arrows alone outside the list: they scroll what has the focus', () => {
  act(() => list().focus());
  act(() => screen.getByRole('button', { name: 'After the list' }).focus());
  press('ArrowDown');
  press('End');
  expect(announced()).toBe('m1');
});

it('checks the cursor row with Space or x, opens it with Enter or o, and deletes it with Delete', async () => {
  act(() => list().focus());
  press('ArrowDown');
  press(' ');
  expect(checkedRows()).toEqual(['m2']);
  press('x');
  expect(checkedRows()).toEqual([]);
  press('ArrowDown');
  press('x');
  press('ArrowDown');
  press(' ');
  expect(checkedRows()).toEqual(['m3', 'm4']);
  press('Escape');
  expect(checkedRows()).toEqual([]);

  press('o');
  expect(row('m4').getAttribute('aria-current')).toBe('true');
  press('Escape');
  expect(row('m4').hasAttribute('aria-current')).toBe(false);
  press('ArrowUp');
  press('Enter');
  expect(row('m3').getAttribute('aria-current')).toBe('true');
  press('Escape');

  press('Delete');
  await waitFor(() => expect(posted).toEqual([{ type: 'delete', messageIds: ['m3'] }]));
  expect(screen.getAllByTestId('message-row').map((r) => r.getAttribute('data-id'))).toEqual(['m1', 'm2', 'm4', 'm5', 'm6']);
});

it('keeps the shortcuts working after a click on a row’s check box, and not while typing in the search box', async () => {
  // Where the focus was after the click (a check box is no text field).
  fireEvent.click(checkbox('m2'));
  fireEvent.click(checkbox('m5'));
  fireEvent.keyDown(checkbox('m5'), { key: 's' });
  await waitFor(() => expect(posted).toEqual([{ type: 'flag', messageIds: ['m2', 'm5'] }]));

  const search = screen.getByRole('searchbox', { name: 'Search mail' });
  act(() => search.focus());
  fireEvent.keyDown(search, { key: 'e' });
  fireEvent.keyDown(search, { key: 'x' });
  expect(checkedRows()).toEqual(['m2', 'm5']);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(posted.map((action) => action.type)).toEqual(['flag']);
});

it('checks every row from the cursor to the one Shift-clicked, on its check box as on the row', () => {
  fireEvent.click(checkbox('m2'));
  fireEvent.click(checkbox('m5'), { shiftKey: true });
  expect(checkedRows()).toEqual(['m2', 'm3', 'm4', 'm5']);
  // And back up, from the new cursor.
  fireEvent.click(checkbox('m1'), { shiftKey: true });
  expect(checkedRows()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  // Without Shift, one row at a time.
  fireEvent.click(checkbox('m3'));
  expect(checkedRows()).toEqual(['m1', 'm2', 'm4', 'm5']);
});

it('names each row’s check box and star after its message', () => {
  const first = row('m1');
  expect(within(first).getByRole('checkbox', { name: 'Select: Subject 1 from Carol' })).toBeTruthy();
  const star = within(first).getByRole('button', { name: 'Star: Subject 1' });
  expect(star.getAttribute('aria-pressed')).toBe('false');
  expect(screen.getAllByRole('checkbox', { name: /^Select: Subject \d from Carol$/ })).toHaveLength(6);
});

it('leaves the cursor where it is when a click focuses the list: the click chooses the row', () => {
  fireEvent.mouseDown(row('m4'));
  act(() => list().focus());
  fireEvent.mouseUp(row('m4'));
  expect(announced()).toBeNull();
  fireEvent.click(row('m4'));
  expect(announced()).toBe('m4');
  expect(row('m4').getAttribute('aria-current')).toBe('true');
});
