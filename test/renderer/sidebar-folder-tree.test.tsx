// @vitest-environment jsdom
// A folder whose parent is not a mailbox (\Noselect or \NonExistent: Dovecot's "Parent/Child"
// with "Parent" never created, Gmail's "[Gmail]/…") sits under a row for that parent, as in
// Thunderbird: named, indented at its depth, muted, not a button. The hub stores only selectable
// mailboxes, so the sidebar makes these rows. The API peer is the stand-in server of
// ws-test-server.ts, so a click on a mailbox goes through the real API client.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account, Mailbox } from '../../shared/model';
import { ApiProvider, useApi } from '../../renderer/src/api/api-context';
import { AuthProvider } from '../../renderer/src/auth/auth-context';
import { Sidebar } from '../../renderer/src/components/Sidebar';
import { folderTreeRows } from '../../renderer/src/mail/folder-tree';
import { accountsLoaded, initialMailState, listReset, mailboxesLoaded } from '../../renderer/src/stores/mail-state';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { initialUiState, uiStore } from '../../renderer/src/stores/ui-store';
import { bridgeTo } from './jsdom-app';
import { startWsTestServer, until, type WsTestServer } from './ws-test-server';

const accountOf = (id: string, displayName: string): Account => ({
  id,
  email: `${displayName.toLowerCase()}@example.test`,
  displayName,
  imap: { host: 'h', port: 993, security: 'tls', user: displayName.toLowerCase() },
  persistent: true,
  status: { state: 'idle' },
});
const alice = accountOf('a1', 'Alice');
const bob = accountOf('a2', 'Bob');

/** A mailbox as GET /api/mailboxes has it; the name is the path's last segment, as the hub stores it. */
function box(accountId: string, path: string, extra: Partial<Mailbox> = {}): Mailbox {
  const delimiter = extra.delimiter === undefined ? '/' : extra.delimiter;
  const name = path === 'INBOX' ? 'Inbox' : delimiter ? path.split(delimiter).pop()! : path;
  return { id: `${accountId}:${path}`, accountId, path, name, delimiter, specialUse: path === 'INBOX' ? '\\Inbox' : null, total: 0, unread: 0, ...extra };
}

/** The hub's tree order for these: INBOX, then by name, each folder's subfolders right after it. */
const aliceBoxes = [
  box('a1', 'INBOX'),
  box('a1', 'A/B/C'),
  box('a1', 'Parent/Child', { unread: 3 }),
  box('a1', 'Projects/Q1'),
  box('a1', 'Work'),
  box('a1', 'Work/Sub'),
];
const bobBoxes = [box('a2', 'INBOX'), box('a2', 'Projects/Q2'), box('a2', '[Gmail]/Sent Mail'), box('a2', '[Gmail]/Trash')];

let server: WsTestServer;
let requested: string[];
let api: ReturnType<typeof useApi> = null;

function ApiProbe() {
  api = useApi();
  return null;
}

beforeEach(async () => {
  server = await startWsTestServer();
  requested = [];
  server.handleHttp = (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    requested.push(decodeURIComponent(path));
    const found = /^\/api\/mailboxes\/[^/]+\/messages$/.test(path);
    res.writeHead(found ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(found ? { messages: [], nextCursor: null } : { error: { code: 'not_found', message: 'Not found' } }));
  };
  bridgeTo(server);
  api = null;
  uiStore.setState(initialUiState, true);
  localStorage.clear();
  // The inbox is shown, as at start.
  const loaded = mailboxesLoaded(accountsLoaded(initialMailState, [alice, bob]), [...aliceBoxes, ...bobBoxes]);
  mailStore.setState(listReset(loaded, { kind: 'mailbox', mailboxId: 'a1:INBOX' }), true);
});

afterEach(async () => {
  cleanup();
  delete window.mailmind;
  mailStore.setState(initialMailState, true);
  await server.stop().catch(() => undefined);
});

async function renderSidebar(): Promise<void> {
  render(
    <AuthProvider>
      <ApiProvider>
        <ApiProbe />
        <Sidebar />
      </ApiProvider>
    </AuthProvider>,
  );
  await until(() => api !== null, 'the API client');
}

const section = (accountName: string): HTMLElement => screen.getAllByTestId('account').find((s) => s.querySelector('h2')?.textContent?.startsWith(accountName))!;

/** The account's rows as they read on screen: two spaces per level of indentation, the name, the unread count. */
function tree(accountName: string): string[] {
  return within(section(accountName))
    .getAllByRole('listitem')
    .map((item) => {
      const row = item.matches('.mailbox') ? item : item.querySelector<HTMLElement>('.mailbox')!;
      const depth = (Number.parseInt(row.style.paddingLeft, 10) - 12) / 14;
      const unread = within(item).queryByTestId('unread-count')?.getAttribute('aria-label');
      return `${'  '.repeat(depth)}${row.querySelector('.name')!.textContent}${unread ? ` (${unread})` : ''}`;
    });
}

/** The buttons among the account's folder rows (its heading has the account's menu button besides). */
const buttons = (accountName: string): string[] =>
  within(section(accountName).querySelector<HTMLElement>('ul:not([role="menu"])')!)
    .getAllByRole('button')
    .map((b) => b.querySelector('.name')!.textContent!);
const shown = () => mailStore.getState().list.source;

describe('Sidebar folder tree', () => {
  it('shows a parent that is not a mailbox right above its child, one row per missing level', async () => {
    await renderSidebar();
    expect(tree('Alice')).toEqual(['Inbox', 'A', '  B', '    C', 'Parent', '  Child (3 unread)', 'Projects', '  Q1', 'Work', '  Sub']);
    // Only mailboxes are buttons; "Work" is one, so it gets no second row.
    expect(buttons('Alice')).toEqual(['Inbox', 'C', 'Child', 'Q1', 'Work', 'Sub']);
  });

  it('does not open a parent that is not a mailbox: no button, no focus, no unread count, the list shown stays', async () => {
    await renderSidebar();
    const parent = within(section('Alice')).getByText('Parent').closest('li')!;
    expect(within(parent).queryByRole('button')).toBeNull();
    expect(within(parent).queryByTestId('unread-count')).toBeNull();
    parent.focus();
    expect(document.activeElement).not.toBe(parent);

    fireEvent.click(within(section('Alice')).getByText('Parent'));
    fireEvent.click(parent);
    expect(shown()).toEqual({ kind: 'mailbox', mailboxId: 'a1:INBOX' });
    expect(requested).toEqual([]);

    // Its child opens as any mailbox does.
    fireEvent.click(within(section('Alice')).getByRole('button', { name: /Child/ }));
    expect(shown()).toEqual({ kind: 'mailbox', mailboxId: 'a1:Parent/Child' });
    await act(() => until(() => requested.includes('/api/mailboxes/a1:Parent/Child/messages') && !mailStore.getState().list.loading, 'the child’s list loaded'));
  });

  it('hides a namespace prefix that holds every folder ("Mail/", \\Noselect): its folders show at the top, and open', async () => {
    const carol = accountOf('a3', 'Carol');
    const carolBoxes = [
      box('a3', 'INBOX'),
      box('a3', 'Mail/Drafts', { specialUse: '\\Drafts' }),
      box('a3', 'Mail/Sent', { specialUse: '\\Sent', unread: 1 }),
      box('a3', 'Mail/Trash', { specialUse: '\\Trash' }),
      box('a3', 'Mail/Lists/dev'),
      box('a3', 'Mail/Projects'),
      box('a3', 'Mail/Projects/Q1'),
    ];
    const loaded = mailboxesLoaded(accountsLoaded(initialMailState, [alice, bob, carol]), [...aliceBoxes, ...bobBoxes, ...carolBoxes]);
    mailStore.setState(listReset(loaded, { kind: 'mailbox', mailboxId: 'a1:INBOX' }), true);
    await renderSidebar();
    expect(tree('Carol')).toEqual(['Inbox', 'Drafts', 'Sent (1 unread)', 'Trash', 'Lists', '  dev', 'Projects', '  Q1']);
    expect(within(section('Carol')).queryByText('Mail')).toBeNull();

    fireEvent.click(within(section('Carol')).getByRole('button', { name: /Sent/ }));
    expect(shown()).toEqual({ kind: 'mailbox', mailboxId: 'a3:Mail/Sent' });
    await act(() => until(() => requested.includes('/api/mailboxes/a3:Mail/Sent/messages') && !mailStore.getState().list.loading, 'Sent’s list loaded'));
  });

  it('gives each account its own parent rows, Gmail’s [Gmail] among them', async () => {
    await renderSidebar();
    expect(tree('Bob')).toEqual(['Inbox', 'Projects', '  Q2', '[Gmail]', '  Sent Mail', '  Trash']);
    expect(within(section('Alice')).getAllByText('Projects')).toHaveLength(1);
    expect(within(section('Bob')).getAllByText('Projects')).toHaveLength(1);
  });
});

describe('folderTreeRows', () => {
  const describeRows = (mailboxes: Mailbox[]) =>
    folderTreeRows(mailboxes).map((row) => (row.kind === 'container' ? `${row.accountId} (${row.path}) @${row.depth}` : row.mailbox.id));

  it('never lets folders of two accounts share a parent row, even one right after the other', () => {
    expect(describeRows([box('a1', 'Projects/Q1'), box('a2', 'Projects/Q2')])).toEqual(['a1 (Projects) @0', 'a1:Projects/Q1', 'a2 (Projects) @0', 'a2:Projects/Q2']);
  });

  it('uses each mailbox’s own delimiter, and adds nothing in a flat namespace (no delimiter)', () => {
    expect(describeRows([box('a1', 'Lists.dev', { delimiter: '.' }), box('a1', 'Lists/dev', { delimiter: null })])).toEqual(['a1 (Lists) @0', 'a1:Lists.dev', 'a1:Lists/dev']);
  });

  it('takes a folder under "Inbox" to be under INBOX (the name INBOX is case-insensitive)', () => {
    expect(describeRows([box('a1', 'INBOX'), box('a1', 'Inbox/Receipts')])).toEqual(['a1:INBOX', 'a1:Inbox/Receipts']);
  });

  it('shows a missing parent once before a run of its subfolders, and again if the order comes back to it later', () => {
    expect(describeRows([box('a1', 'P/x'), box('a1', 'P/y/z'), box('a1', 'P/w'), box('a1', 'Q'), box('a1', 'P/v')])).toEqual([
      'a1 (P) @0',
      'a1:P/x',
      'a1 (P/y) @1',
      'a1:P/y/z',
      'a1:P/w',
      'a1:Q',
      'a1 (P) @0',
      'a1:P/v',
    ]);
  });
});

describe('folderTreeRows: the namespace prefix', () => {
  /** Each row with its depth: "(path)" for a row that is not a mailbox. */
  const describeRows = (mailboxes: Mailbox[]) =>
    folderTreeRows(mailboxes).map((row) => (row.kind === 'container' ? `(${row.path}) @${row.depth}` : `${row.mailbox.path} @${row.depth}`));
  const special = (path: string, specialUse: Mailbox['specialUse'], delimiter: string | null = '/') => box('a1', path, { specialUse, delimiter });

  it('leaves out a prefix that is not a mailbox and holds every folder but INBOX, special ones right inside', () => {
    expect(describeRows([box('a1', 'INBOX'), special('Mail/Sent', '\\Sent'), box('a1', 'Mail/Work'), box('a1', 'Mail/A/B/C')])).toEqual([
      'INBOX @0',
      'Mail/Sent @0',
      'Mail/Work @0',
      '(Mail/A) @0',
      '(Mail/A/B) @1',
      'Mail/A/B/C @2',
    ]);
    // Any delimiter: "INBOX." is the usual prefix with ".", but a \Noselect "Mail." is one too.
    expect(describeRows([box('a1', 'INBOX', { delimiter: '.' }), special('Mail.Trash', '\\Trash', '.'), special('Mail.Lists.dev', null, '.')])).toEqual([
      'INBOX @0',
      'Mail.Trash @0',
      '(Mail.Lists) @0',
      'Mail.Lists.dev @1',
    ]);
  });

  it('keeps the row when a folder is outside it, when nothing special is in it, or when it is a mailbox', () => {
    // "Notes" at the top: "Mail" is a folder of the user's like any other.
    expect(describeRows([box('a1', 'INBOX'), special('Mail/Sent', '\\Sent'), box('a1', 'Notes')])).toEqual(['INBOX @0', '(Mail) @0', 'Mail/Sent @1', 'Notes @0']);
    // The only folder besides INBOX is the user's own, in a parent never created: a prefix holds the special folders.
    expect(describeRows([box('a1', 'INBOX'), box('a1', 'Projects/Q1')])).toEqual(['INBOX @0', '(Projects) @0', 'Projects/Q1 @1']);
    // A special folder deeper down does not make its grandparent a prefix.
    expect(describeRows([box('a1', 'INBOX'), special('Old/2019/Sent', '\\Sent')])).toEqual(['INBOX @0', '(Old) @0', '(Old/2019) @1', 'Old/2019/Sent @2']);
    // A selectable parent is a mailbox, shown as one ("INBOX." servers keep every folder under the inbox).
    expect(describeRows([box('a1', 'INBOX', { delimiter: '.' }), special('INBOX.Sent', '\\Sent', '.'), special('INBOX.Work', null, '.')])).toEqual([
      'INBOX @0',
      'INBOX.Sent @1',
      'INBOX.Work @1',
    ]);
    expect(describeRows([box('a1', 'INBOX'), box('a1', 'Mail'), special('Mail/Sent', '\\Sent')])).toEqual(['INBOX @0', 'Mail @0', 'Mail/Sent @1']);
  });

  it('decides for each account on its own', () => {
    const other = (path: string, extra: Partial<Mailbox> = {}) => box('a2', path, extra);
    expect(
      describeRows([box('a1', 'INBOX'), special('Mail/Sent', '\\Sent'), other('INBOX'), other('Mail/Sent', { specialUse: '\\Sent' }), other('Notes')]),
    ).toEqual(['INBOX @0', 'Mail/Sent @0', 'INBOX @0', '(Mail) @0', 'Mail/Sent @1', 'Notes @0']);
  });
});
