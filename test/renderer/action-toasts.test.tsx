// @vitest-environment jsdom
// Toasts for what needs one. Opening an unread message marks it read (queued and sent to the hub
// like any action) without a toast, as in Gmail and Thunderbird; so do star and read/unread, which
// are undone by doing them again (a toast for each click stacked three or four high): only a
// failure of these is shown. Archive, delete and move keep their toast and Undo, also when
// messages are read right after: five "Marked as read" toasts used to stack over the reader and
// push an "Archived" toast, Undo and all, off the screen.
// The API peer is the stand-in server of ws-test-server.ts (the real hub cannot be made to hold
// an answer back or refuse a mark-read on cue); the hub's reports go through the socket client's
// frame handler, as from the socket.
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ActionToasts } from '../../renderer/src/components/ActionToasts';
import { MessageList } from '../../renderer/src/components/MessageList';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { eventually, hubReports, press, row, startInboxWithShortcuts, toasts } from './action-view';
import { closeApp, stubLayoutApis } from './jsdom-app';
import { mailbox, numberedMessages } from './mail-fixtures';
import type { PostedAction, RecordedActions } from './stand-in-hub-api';
import type { WsTestServer } from './ws-test-server';

const inbox = mailbox('a1', 'INBOX', '\\Inbox', { id: 'mb1', total: 6, unread: 6 });

/** Six unread messages, m1 the newest (jsdom lays nothing out: the list renders its six overscan rows). */
const messages = numberedMessages(6, inbox, []);

let server: WsTestServer;
/** The actions posted; `actions.next` holds the next one's answer back, or refuses it. */
let actions: RecordedActions;

const panes = (
  <>
    <MessageList />
    <ActionToasts />
  </>
);

beforeAll(() => {
  stubLayoutApis();
});

beforeEach(async () => {
  ({ server, actions } = await startInboxWithShortcuts(inbox, messages, panes));
});

afterEach(() => closeApp(server));

/** Waits until the action posted `count`th has its hub id (the POST answered), then reports it applied. */
async function appliedByHub(count: number): Promise<PostedAction> {
  await eventually(() => actions.posted.length >= count, `action ${count} posted`);
  const action = actions.posted[count - 1]!;
  await eventually(() => mailStore.getState().actions.some((a) => a.actionId === action.actionId), `action ${count} accepted`);
  hubReports(action.actionId, 'applied');
  return action;
}

describe('action toasts', () => {
  it('marks opened messages read, stars and marks read or unread without a toast; archive keeps its toast, with Undo, while more are read', async () => {
    fireEvent.click(row('m1'));
    expect(row('m1').getAttribute('data-unread')).toBe('false');
    expect(await appliedByHub(1)).toMatchObject({ type: 'markRead', messageIds: ['m1'] });
    expect(toasts()).toEqual([]);

    // j with the reader open opens (and marks read) the next one: still no toast.
    press('j');
    expect(await appliedByHub(2)).toMatchObject({ type: 'markRead', messageIds: ['m2'] });
    expect(toasts()).toEqual([]);

    // Star, unstar, unread, read: each reaches the hub, none has a toast.
    press('s');
    expect(await appliedByHub(3)).toMatchObject({ type: 'flag', messageIds: ['m2'] });
    fireEvent.click(within(row('m2')).getByTestId('row-star'));
    expect(await appliedByHub(4)).toMatchObject({ type: 'unflag', messageIds: ['m2'] });
    press('u');
    expect(await appliedByHub(5)).toMatchObject({ type: 'markUnread', messageIds: ['m2'] });
    press('u');
    expect(await appliedByHub(6)).toMatchObject({ type: 'markRead', messageIds: ['m2'] });
    expect(toasts()).toEqual([]);

    // e with the reader open: the open message is archived, and says so with Undo; the reader
    // goes on to the next message, and marks it read.
    press('e');
    expect(await appliedByHub(7)).toMatchObject({ type: 'markRead', messageIds: ['m3'] });
    expect(await appliedByHub(8)).toMatchObject({ type: 'archive', messageIds: ['m2'] });
    await eventually(() => toasts()[0] === 'Archived 1 message — done', 'the archive toast done');
    expect(toasts()).toEqual(['Archived 1 message — done']);

    // Reading on: three more opened and marked read. The archive can still be undone.
    for (const [index, id] of ['m4', 'm5', 'm6'].entries()) {
      fireEvent.click(row(id));
      expect(await appliedByHub(9 + index)).toMatchObject({ type: 'markRead', messageIds: [id] });
    }
    expect(toasts()).toEqual(['Archived 1 message — done']);
    const archived = screen.getByTestId('action-toast');
    expect(archived.getAttribute('data-type')).toBe('archive');
    expect(within(archived).getByTestId('undo')).toBeTruthy();
  });

  it('keeps the toast of an archive made while the mark-read of opening was still on its way, and shows none for that', async () => {
    let release!: () => void;
    actions.next = { hold: new Promise<void>((resolve) => (release = resolve)) };
    fireEvent.click(row('m1'));
    await eventually(() => actions.posted.length === 1, 'the mark-read posted');
    press('e');
    // The reader goes on to m2, and marks it read (quietly too).
    expect(await appliedByHub(2)).toMatchObject({ type: 'markRead', messageIds: ['m2'] });
    expect(await appliedByHub(3)).toMatchObject({ type: 'archive', messageIds: ['m1'] });
    await eventually(() => toasts()[0] === 'Archived 1 message — done', 'the archive toast done');
    // The mark-read's answer comes last, then the hub's report of it.
    release();
    await eventually(() => mailStore.getState().actions.some((a) => a.actionId === 'act-1'), 'the mark-read accepted');
    hubReports('act-1', 'applied');
    expect(toasts()).toEqual(['Archived 1 message — done']);
    expect(within(screen.getByTestId('action-toast')).getByTestId('undo')).toBeTruthy();
  });

  it('says when the mark-read of opening failed: refused by the server, or by the hub', async () => {
    fireEvent.click(row('m1'));
    await eventually(() => mailStore.getState().actions[0]?.actionId === 'act-1', 'the mark-read accepted');
    expect(toasts()).toEqual([]);
    hubReports('act-1', 'failed', { code: 'replay_failed', message: 'The server refused the change' });
    expect(toasts()).toEqual(['Marked as read 1 message — failed: The server refused the change']);
    expect(screen.getByTestId('action-toast').getAttribute('data-state')).toBe('failed');
    expect(within(screen.getByTestId('action-toast')).queryByTestId('undo')).toBeNull();

    actions.next = { refuse: { code: 'hub_unavailable', message: 'The hub is restarting' } };
    fireEvent.click(row('m2'));
    await eventually(() => toasts().length === 2, 'the second failure shown');
    expect(toasts()[0]).toBe('Marked as read 1 message — failed: The hub is restarting');
    // Not marked read after all.
    expect(row('m2').getAttribute('data-unread')).toBe('true');
  });
});
