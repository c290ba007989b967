// @vitest-environment jsdom
// Delete in Trash deletes for good (as in Thunderbird and Gmail): the toolbar says "Delete
// forever" before it is pressed, and the toast offers no Undo it could not keep. A selection that
// mixes messages in Trash with others (search results) moves the others to Trash and leaves those
// already there, as Gmail's Delete does; the hub refused such a delete outright (400
// mixed_delete), and nothing was deleted.
import { screen, within } from '@testing-library/react';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { accepted, check, eventually, hubReports, message, press, rowIds, startMailView, toasts } from './action-view';
import { closeApp, stubLayoutApis } from './jsdom-app';
import { summary } from './mail-fixtures';
import type { StandInHubApi } from './stand-in-hub-api';
import type { WsTestServer } from './ws-test-server';

const inTrash = summary('alice-trashed', { id: 'a1:Trash', accountId: 'a1' }, 8, { subject: 'Report alice-trashed', flags: ['\\Seen'] });
const found = [message('alice-1', 'a1', 9), inTrash, message('alice-2', 'a1', 7)];

let server: WsTestServer | null = null;
let hub: StandInHubApi;

beforeAll(() => stubLayoutApis());

afterEach(() => {
  if (server) closeApp(server);
  server = null;
});

async function hubAppliesAll(): Promise<void> {
  for (const { actionId } of hub.posted) {
    await accepted(actionId);
    hubReports(actionId, 'applied');
  }
}

it('moves the others to Trash and leaves the one already there, when a selection mixes them', async () => {
  ({ server, hub } = await startMailView({ kind: 'search', query: 'report in:anywhere' }, found));
  check('alice-1');
  check('alice-trashed');
  expect(screen.getByTestId('action-delete').textContent).toBe('Delete');
  press('#');
  await eventually(() => hub.posted.length === 1, 'the delete posted');
  expect(hub.posted.map(({ type, messageIds }) => ({ type, messageIds }))).toEqual([{ type: 'delete', messageIds: ['alice-1'] }]);
  expect(rowIds()).toEqual(['alice-trashed', 'alice-2']);
  await hubAppliesAll();
  expect(toasts()).toEqual(['Deleted 1 message — done']);
  expect(within(screen.getByTestId('action-toast')).getByTestId('undo')).toBeTruthy();
});

it('says "Delete forever" for messages in Trash, and offers no Undo once they are deleted', async () => {
  ({ server, hub } = await startMailView({ kind: 'mailbox', mailboxId: 'a1:Trash' }, [inTrash]));
  check('alice-trashed');
  expect(screen.getByTestId('action-delete').textContent).toBe('Delete forever');
  press('#');
  await eventually(() => hub.posted.length === 1, 'the delete posted');
  expect(hub.posted.map(({ type, messageIds }) => ({ type, messageIds }))).toEqual([{ type: 'delete', messageIds: ['alice-trashed'] }]);
  await hubAppliesAll();
  expect(toasts()).toEqual(['Deleted 1 message forever — done']);
  expect(within(screen.getByTestId('action-toast')).queryByTestId('undo')).toBeNull();
});
