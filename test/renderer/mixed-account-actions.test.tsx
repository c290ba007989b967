// @vitest-environment jsdom
// Search results mix the messages of every account, and so can a selection. The hub acts on one
// account per action, so the renderer sends one action per account and shows them as one: one
// toast, one Undo for all. Star and read/unread act in each account, quietly. "Move to…" groups
// the folders by account; a move into one account's folder moves that account's messages and
// says why the others stay (MailMind does not move mail between accounts), which stay selected
// for a move into their own account's folder.
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accepted, check, checkedIds, eventually, hubReports, message, press, row, rowIds, startMailView, toasts } from './action-view';
import { closeApp, stubLayoutApis } from './jsdom-app';
import type { StandInHubApi } from './stand-in-hub-api';
import type { WsTestServer } from './ws-test-server';

/** Search results: Alice's and Bob's messages, newest first. */
const found = [message('alice-1', 'a1', 9, []), message('bob-1', 'a2', 8, []), message('alice-2', 'a1', 7), message('bob-2', 'a2', 6)];

let server: WsTestServer;
let hub: StandInHubApi;

beforeAll(() => stubLayoutApis());

beforeEach(async () => {
  ({ server, hub } = await startMailView({ kind: 'search', query: 'report' }, found));
});

afterEach(() => closeApp(server));

/** The folder each result is shown in (its chip), in list order. */
const folders = () => rowIds().map((id) => within(row(id)).getByTestId('row-folder').textContent);

/** Reports every action the hub took so far as applied. */
async function hubAppliesAll(): Promise<void> {
  for (const { actionId } of hub.posted) {
    await accepted(actionId);
    hubReports(actionId, 'applied');
  }
}

describe('actions on a selection of two accounts', () => {
  it('archives each account’s messages in its own account, with one toast whose Undo undoes both', async () => {
    check('alice-1');
    check('bob-1');
    fireEvent.click(screen.getByTestId('action-archive'));
    // Search results keep archived messages, in their new folder (moves-in-search.ts).
    expect(rowIds()).toEqual(['alice-1', 'bob-1', 'alice-2', 'bob-2']);
    expect(folders()).toEqual(['Alice · Archive', 'bob · Archive', 'Alice · Inbox', 'bob · Inbox']);
    await eventually(() => hub.posted.length === 2, 'both archives posted');
    expect(hub.posted.map(({ type, messageIds }) => ({ type, messageIds }))).toEqual([
      { type: 'archive', messageIds: ['alice-1'] },
      { type: 'archive', messageIds: ['bob-1'] },
    ]);
    expect(hub.messages.get('alice-1')?.mailboxId).toBe('a1:Archive');
    expect(hub.messages.get('bob-1')?.mailboxId).toBe('a2:Archive');
    await hubAppliesAll();
    expect(toasts()).toEqual(['Archived 2 messages — done']);

    fireEvent.click(within(screen.getByTestId('action-toast')).getByTestId('undo'));
    await eventually(() => toasts()[0] === 'Archived 2 messages — undone', 'the archive undone');
    expect(hub.undone).toEqual(['act-1', 'act-2']);
    expect(rowIds()).toEqual(['alice-1', 'bob-1', 'alice-2', 'bob-2']);
    expect(folders()).toEqual(['Alice · Inbox', 'bob · Inbox', 'Alice · Inbox', 'bob · Inbox']);
  });

  it('deletes each account’s messages to its own Trash', async () => {
    check('alice-2');
    check('bob-2');
    press('#');
    await eventually(() => hub.posted.length === 2, 'both deletes posted');
    expect(hub.messages.get('alice-2')?.mailboxId).toBe('a1:Trash');
    expect(hub.messages.get('bob-2')?.mailboxId).toBe('a2:Trash');
    await hubAppliesAll();
    expect(toasts()).toEqual(['Deleted 2 messages — done']);
  });

  it('stars and marks read in each account, without a toast, and keeps the selection', async () => {
    check('alice-1');
    check('bob-1');
    press('s');
    expect(row('alice-1').getAttribute('data-flagged')).toBe('true');
    expect(row('bob-1').getAttribute('data-flagged')).toBe('true');
    await eventually(() => hub.posted.length === 2, 'both stars posted');
    expect(hub.posted.map(({ type, messageIds }) => ({ type, messageIds }))).toEqual([
      { type: 'flag', messageIds: ['alice-1'] },
      { type: 'flag', messageIds: ['bob-1'] },
    ]);
    press('u');
    expect(row('alice-1').getAttribute('data-unread')).toBe('false');
    expect(row('bob-1').getAttribute('data-unread')).toBe('false');
    await eventually(() => hub.posted.length === 4, 'both mark-reads posted');
    expect(hub.messages.get('bob-1')?.flags).toEqual(['\\Flagged', '\\Seen']);
    await hubAppliesAll();
    expect(toasts()).toEqual([]);
    expect(checkedIds()).toEqual(['alice-1', 'bob-1']);
  });
});

describe('"Move to…" with two accounts', () => {
  const menu = () => screen.getByLabelText('Move to') as HTMLSelectElement;
  const groups = () => [...menu().querySelectorAll('optgroup')].map((group) => [group.label, ...[...group.querySelectorAll('option')].map((o) => o.textContent)]);

  it('offers the folders of the selection’s accounts, grouped by account', () => {
    check('bob-1');
    expect(groups()).toEqual([['bob@example.test', 'Inbox', 'Archive', 'Trash', 'Projects']]);
    check('alice-1');
    expect(groups()).toEqual([
      ['Alice (alice@example.test)', 'Inbox', 'Archive', 'Trash', 'Projects'],
      ['bob@example.test', 'Inbox', 'Archive', 'Trash', 'Projects'],
    ]);
  });

  it('moves the messages of the folder’s account, and says why the others stay, which stay selected', async () => {
    check('alice-1');
    check('bob-1');
    check('alice-2');
    fireEvent.change(menu(), { target: { value: 'a1:Projects' } });
    expect(rowIds()).toEqual(['alice-1', 'bob-1', 'alice-2', 'bob-2']);
    expect(folders()).toEqual(['Alice · Projects', 'bob · Inbox', 'Alice · Projects', 'bob · Inbox']);
    expect(checkedIds()).toEqual(['bob-1']);
    await eventually(() => hub.posted.length === 1, 'the move posted');
    expect(hub.posted[0]).toMatchObject({ type: 'move', messageIds: ['alice-1', 'alice-2'], targetMailboxId: 'a1:Projects' });
    await hubAppliesAll();
    expect(toasts()).toEqual(['Moved 2 messages — done; 1 message not moved: MailMind does not move mail between accounts']);
    expect(within(screen.getByTestId('action-toast')).getByTestId('undo')).toBeTruthy();

    // Bob's, still selected, go to Bob's folder.
    fireEvent.change(menu(), { target: { value: 'a2:Projects' } });
    await eventually(() => hub.posted.length === 2, 'the second move posted');
    expect(hub.posted[1]).toMatchObject({ type: 'move', messageIds: ['bob-1'], targetMailboxId: 'a2:Projects' });
    expect(folders()).toEqual(['Alice · Projects', 'bob · Projects', 'Alice · Projects', 'bob · Inbox']);
  });
});
