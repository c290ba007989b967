// @vitest-environment jsdom
// Archiving from search results: the QA steps were search `subject:"hiring plan"`, tick one Inbox
// hit and one Archive hit, press e. The toast said "Archived 2 messages — done" and both rows
// vanished, though a new search shows both, in Archive. As in Gmail, search results keep the
// messages an archive or a move takes elsewhere (they still match), showing their new folder;
// those already there are left out of the request and of the count (the hub refuses an archive
// whose messages are all in Archive, 400 already_there). A delete, or a move to Trash, still takes
// them out (a search leaves Trash out); in a folder's list an archive takes them out as before.
// The API peer is the stand-in hub of stand-in-hub-api.ts, whose search here answers from the
// messages it holds.
import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../renderer/src/api/api-client';
import { showSearch } from '../../renderer/src/mail/mail-commands';
import { accepted, check, checkedIds, eventually, hubReports, message, press, readerShows, row, rowIds, startMailView, toasts } from './action-view';
import { closeApp, stubLayoutApis } from './jsdom-app';
import { summary } from './mail-fixtures';
import type { StandInHubApi } from './stand-in-hub-api';
import type { WsTestServer } from './ws-test-server';

const QUERY = 'subject:"hiring plan"';
const hit = (id: string, mailboxPath: string, day: number) => summary(id, { id: `a1:${mailboxPath}`, accountId: 'a1' }, day, { subject: `Hiring plan (${id})` });
const inInbox = hit('plan-inbox', 'INBOX', 9);
const inArchive = hit('plan-archived', 'Archive', 8);
const inProjects = hit('plan-projects', 'Projects', 7);
const found = [inInbox, inArchive, inProjects];

let server: WsTestServer | null = null;
let hub: StandInHubApi;

beforeAll(() => stubLayoutApis());

afterEach(async () => {
  await closeApp(server ?? undefined);
  server = null;
});

/** Shows the search results `messages` of QUERY; the stand-in's search answers with its messages matching "hiring plan" outside Trash, as the hub's. */
async function startSearch(messages = found): Promise<void> {
  ({ server, hub } = await startMailView({ kind: 'search', query: QUERY }, messages));
  const served = server.handleHttp!;
  server.handleHttp = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api/search') return served(req, res);
    const trash = new Set(hub.mailboxes.filter((mailbox) => mailbox.specialUse === '\\Trash').map((mailbox) => mailbox.id));
    const matches = (url.searchParams.get('q') ?? '').startsWith('in:trash') ? [] : [...hub.messages.values()].filter((m) => m.subject.startsWith('Hiring plan') && !trash.has(m.mailboxId));
    matches.sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : -1));
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ messages: matches, nextCursor: null }));
  };
}

/** The folder chip of a result (the account's name too: there are two accounts). */
const folderOf = (id: string): string | null => within(row(id)).queryByTestId('row-folder')?.textContent ?? null;

async function hubAppliesAll(): Promise<void> {
  for (const { actionId } of hub.posted) {
    await accepted(actionId);
    hubReports(actionId, 'applied');
  }
}

describe('archive and move in search results', () => {
  it('keeps the archived rows, shows them in Archive, and leaves the one already there out of the request and the count', async () => {
    await startSearch();
    expect(rowIds()).toEqual(['plan-inbox', 'plan-archived', 'plan-projects']);
    check('plan-inbox');
    check('plan-archived');
    press('e');
    expect(rowIds()).toEqual(['plan-inbox', 'plan-archived', 'plan-projects']);
    expect(folderOf('plan-inbox')).toBe('Alice · Archive');
    expect(folderOf('plan-archived')).toBe('Alice · Archive');
    expect(checkedIds()).toEqual([]);
    await eventually(() => hub.posted.length === 1, 'the archive posted');
    expect(hub.posted.map(({ type, messageIds }) => ({ type, messageIds }))).toEqual([{ type: 'archive', messageIds: ['plan-inbox'] }]);
    await hubAppliesAll();
    expect(toasts()).toEqual(['Archived 1 message — done']);

    // Searching again shows the same, as the hub has it.
    const api = createApiClient(`http://127.0.0.1:${server!.port}`, () => 'tok-a');
    await act(() => showSearch(api, QUERY));
    expect(rowIds()).toEqual(['plan-inbox', 'plan-archived', 'plan-projects']);
    expect(folderOf('plan-inbox')).toBe('Alice · Archive');
  });

  it('moves the reader on to the next result, as after an archive in a folder, and keeps the row', async () => {
    await startSearch();
    fireEvent.click(row('plan-inbox'));
    await eventually(() => readerShows() === 'plan-inbox', 'the reader on plan-inbox');
    press('e');
    await eventually(() => readerShows() === 'plan-archived', 'the reader on the next result');
    expect(rowIds()).toEqual(['plan-inbox', 'plan-archived', 'plan-projects']);
    expect(folderOf('plan-inbox')).toBe('Alice · Archive');
    await eventually(() => hub.posted.length === 1, 'the archive posted');
    expect(hub.posted[0]).toMatchObject({ type: 'archive', messageIds: ['plan-inbox'] });
  });

  it('shows the rows in their folder again when the archive is undone', async () => {
    await startSearch();
    check('plan-inbox');
    check('plan-projects');
    press('e');
    await eventually(() => hub.posted.length === 1, 'the archive posted');
    await hubAppliesAll();
    expect(toasts()).toEqual(['Archived 2 messages — done']);
    fireEvent.click(within(screen.getByTestId('action-toast')).getByTestId('undo'));
    await eventually(() => toasts()[0] === 'Archived 2 messages — undone', 'the archive undone');
    expect(rowIds()).toEqual(['plan-inbox', 'plan-archived', 'plan-projects']);
    expect([folderOf('plan-inbox'), folderOf('plan-projects')]).toEqual(['Alice · Inbox', 'Alice · Projects']);
  });

  it('puts the folder back when the hub refuses the archive', async () => {
    await startSearch();
    hub.refuseNext = { status: 400, error: { code: 'bad_request', message: 'The hub said no' } };
    check('plan-inbox');
    press('e');
    await eventually(() => toasts()[0] === 'Archived 1 message — failed: The hub said no', 'the refusal shown');
    expect(folderOf('plan-inbox')).toBe('Alice · Inbox');
    expect(checkedIds()).toEqual(['plan-inbox']);
  });

  it('sends nothing when every message is already in Archive, and says so', async () => {
    await startSearch();
    check('plan-archived');
    press('e');
    expect(toasts()).toEqual(['Archived 1 message — failed: The message is already in Archive']);
    expect(folderOf('plan-archived')).toBe('Alice · Archive');
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(hub.posted).toEqual([]);
  });

  it('keeps the rows of a move, in their new folder, and leaves out the one already there', async () => {
    await startSearch();
    check('plan-inbox');
    check('plan-projects');
    fireEvent.change(screen.getByLabelText('Move to'), { target: { value: 'a1:Projects' } });
    expect(rowIds()).toEqual(['plan-inbox', 'plan-archived', 'plan-projects']);
    expect([folderOf('plan-inbox'), folderOf('plan-projects')]).toEqual(['Alice · Projects', 'Alice · Projects']);
    await eventually(() => hub.posted.length === 1, 'the move posted');
    expect(hub.posted[0]).toMatchObject({ type: 'move', messageIds: ['plan-inbox'], targetMailboxId: 'a1:Projects' });
    await hubAppliesAll();
    expect(toasts()).toEqual(['Moved 1 message — done']);
  });
});

describe('what still leaves search results', () => {
  it('a delete takes the rows out (a search leaves Trash out), the one in Archive too', async () => {
    await startSearch();
    check('plan-inbox');
    check('plan-archived');
    press('#');
    expect(rowIds()).toEqual(['plan-projects']);
    await eventually(() => hub.posted.length === 1, 'the delete posted');
    expect(hub.posted[0]).toMatchObject({ type: 'delete', messageIds: ['plan-inbox', 'plan-archived'] });
    await hubAppliesAll();
    expect(toasts()).toEqual(['Deleted 2 messages — done']);
  });

  it('a move to Trash takes the rows out', async () => {
    await startSearch();
    check('plan-projects');
    fireEvent.change(screen.getByLabelText('Move to'), { target: { value: 'a1:Trash' } });
    expect(rowIds()).toEqual(['plan-inbox', 'plan-archived']);
  });

  it('an archive in a folder’s list takes the rows out, as before', async () => {
    ({ server, hub } = await startMailView({ kind: 'mailbox', mailboxId: 'a1:INBOX' }, [inInbox, message('other', 'a1', 5)]));
    check('plan-inbox');
    press('e');
    expect(rowIds()).toEqual(['other']);
    await eventually(() => hub.posted.length === 1, 'the archive posted');
    expect(hub.posted[0]).toMatchObject({ type: 'archive', messageIds: ['plan-inbox'] });
  });
});
