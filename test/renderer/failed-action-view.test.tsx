// @vitest-environment jsdom
// An action the hub refuses leaves the view as it was before, so the user can try again: the
// checked rows stay checked (a failed archive or delete used to clear them, a failed star kept
// them), and the reader is back on the message it showed. Of an action on two accounts, only the
// refused account's messages come back. The refusal comes from the stand-in hub (the real hub
// cannot be made to refuse on cue).
import { screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uiStore } from '../../renderer/src/stores/ui-store';
import { accepted, check, checkedIds, eventually, hubReports, message, press, readerShows, row, rowIds, startMailView, toasts } from './action-view';
import { closeApp, stubLayoutApis } from './jsdom-app';
import type { StandInHubApi } from './stand-in-hub-api';
import type { WsTestServer } from './ws-test-server';

const inbox = [message('m1', 'a1', 9), message('m2', 'a1', 8), message('m3', 'a1', 7), message('m4', 'a1', 6)];
const gone = { status: 400, error: { code: 'unknown_messages', message: 'No such messages: m2' } };

let server: WsTestServer;
let hub: StandInHubApi;

beforeAll(() => stubLayoutApis());

async function start(source: Parameters<typeof startMailView>[0], messages = inbox): Promise<void> {
  ({ server, hub } = await startMailView(source, messages));
}

afterEach(() => closeApp(server));

describe('a refused action', () => {
  it('leaves an archive’s messages checked, back in the list, to try again', async () => {
    await start({ kind: 'mailbox', mailboxId: 'a1:INBOX' });
    check('m2');
    check('m3');
    hub.refuseNext = gone;
    press('e');
    await eventually(() => toasts()[0] === 'Archived 2 messages — failed: No such messages: m2', 'the archive failed');
    expect(rowIds()).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(checkedIds()).toEqual(['m2', 'm3']);
    expect(screen.getByTestId('selection-count').textContent).toBe('2 selected');
  });

  it('leaves a star’s messages checked, as they were', async () => {
    await start({ kind: 'mailbox', mailboxId: 'a1:INBOX' });
    check('m2');
    check('m3');
    hub.refuseNext = gone;
    press('s');
    await eventually(() => toasts()[0] === 'Starred 2 messages — failed: No such messages: m2', 'the star failed');
    expect(row('m2').getAttribute('data-flagged')).toBe('false');
    expect(checkedIds()).toEqual(['m2', 'm3']);
  });

  it('puts the reader back on the message it showed', async () => {
    await start({ kind: 'mailbox', mailboxId: 'a1:INBOX' });
    row('m2').click();
    await eventually(() => readerShows() === 'm2', 'm2 open');
    hub.refuseNext = gone;
    press('#');
    await eventually(() => toasts()[0] === 'Deleted 1 message — failed: No such messages: m2', 'the delete failed');
    await eventually(() => readerShows() === 'm2', 'm2 open again');
    expect(uiStore.getState().cursorId).toBe('m2');
    expect(rowIds()).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  it('of an action on two accounts, brings back and checks again the refused account’s messages only', async () => {
    const found = [message('alice-1', 'a1', 9), message('bob-1', 'a2', 8), message('alice-2', 'a1', 7)];
    await start({ kind: 'search', query: 'report' }, found);
    check('alice-1');
    check('bob-1');
    hub.refuseNext = gone; // the first request: Alice's
    press('e');
    await eventually(() => hub.posted.length === 1, 'Bob’s archive taken');
    await accepted('act-1');
    hubReports('act-1', 'applied');
    await eventually(() => toasts()[0] === 'Archived 1 message — done; 1 message not archived: No such messages: m2', 'the partial failure shown');
    // Search results keep archived messages, in their new folder (moves-in-search.ts).
    expect(rowIds()).toEqual(['alice-1', 'bob-1', 'alice-2']);
    expect(['alice-1', 'bob-1'].map((id) => within(row(id)).getByTestId('row-folder').textContent)).toEqual(['Alice · Inbox', 'bob · Archive']);
    expect(checkedIds()).toEqual(['alice-1']);
  });
});
