// @vitest-environment jsdom
// An action that never reached the hub (it was not reachable) is not a failure: its change stays
// on screen, and it is sent when the hub connection is back, once, in the order the actions were
// made; its toast follows what happens then. The mark-read of opening a message stays quiet unless
// the hub refuses it for good. The hub is the stand-in of stand-in-hub-api.ts on a real socket
// and port, stopped and started again as a hub restart does.
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import { hubStore, initialHubState } from '../../renderer/src/stores/hub-store';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { check, eventually, message, row, rowIds, startMailView, toasts } from './action-view';
import { closeApp, stubLayoutApis } from './jsdom-app';
import type { StandInHubApi } from './stand-in-hub-api';
import type { WsTestServer } from './ws-test-server';

const inbox = [message('m1', 'a1', 9, []), message('m2', 'a1', 8), message('m3', 'a1', 7)];

let server: WsTestServer;
let hub: StandInHubApi;

beforeAll(() => {
  stubLayoutApis();
  // jsdom's own WebSocket cannot run under vitest (see use-hub-socket.test.tsx); `ws` has the browser API.
  globalThis.WebSocket = NodeWebSocket as unknown as typeof WebSocket;
});

beforeEach(async () => {
  hubStore.setState(initialHubState, true);
  ({ server, hub } = await startMailView({ kind: 'mailbox', mailboxId: 'a1:INBOX' }, inbox, { socket: true }));
  // The hub reports each action it takes (no action is taken before this).
  hub.report = true;
  await connected();
  await server.stop();
  await eventually(() => hubStore.getState().socket !== 'open', 'the connection lost');
});

afterEach(() => closeApp(server));

const connected = () => eventually(() => hubStore.getState().socket === 'open', 'the connection (back)', 15_000);
const posted = () => hub.posted.map(({ type, messageIds }) => `${type} ${messageIds.join(',')}`);

describe('actions while the hub is not reachable', () => {
  it('keeps an opened message read, without a word, and marks it read on the hub once it is back', async () => {
    fireEvent.click(row('m1'));
    await eventually(() => mailStore.getState().actions[0]?.state === 'unsent', 'the mark-read not sent');
    expect(row('m1').getAttribute('data-unread')).toBe('false');
    expect(row('m1').getAttribute('data-pending')).toBe('true');
    expect(toasts()).toEqual([]);

    await server.start();
    await connected();
    await eventually(() => posted().length === 1, 'the mark-read sent');
    await eventually(() => row('m1').getAttribute('data-pending') === 'false', 'the mark-read applied');
    expect(posted()).toEqual(['markRead m1']);
    expect(hub.messages.get('m1')?.flags).toEqual(['\\Seen']);
    expect(row('m1').getAttribute('data-unread')).toBe('false');
    expect(toasts()).toEqual([]);
  });

  it('sends them in order when it is back; an archive’s toast says it waits, then that it is done', async () => {
    fireEvent.click(within(row('m2')).getByTestId('row-star'));
    fireEvent.click(within(row('m2')).getByTestId('row-star'));
    check('m3');
    fireEvent.click(screen.getByTestId('action-archive'));
    const waiting = 'Archived 1 message — not sent yet: the hub is not reachable, sent when it is back';
    await eventually(() => toasts()[0] === waiting, 'the archive waiting');
    expect(toasts()).toEqual([waiting]);
    expect(row('m2').getAttribute('data-flagged')).toBe('false');
    expect(rowIds()).toEqual(['m1', 'm2']);

    await server.start();
    await connected();
    await eventually(() => toasts()[0] === 'Archived 1 message — done', 'the archive done');
    expect(posted()).toEqual(['flag m2', 'unflag m2', 'archive m3']);
    expect(hub.messages.get('m2')?.flags).toEqual(['\\Seen']);
    expect(hub.messages.get('m3')?.mailboxId).toBe('a1:Archive');
    expect(rowIds()).toEqual(['m1', 'm2']);
  });

  it('shows the mark-read of opening, and puts it back, when the hub refuses it once back', async () => {
    fireEvent.click(row('m1'));
    await eventually(() => mailStore.getState().actions[0]?.state === 'unsent', 'the mark-read not sent');
    hub.refuseNext = { status: 400, error: { code: 'unknown_messages', message: 'No such messages: m1' } };
    await server.start();
    await connected();
    await eventually(() => toasts().length === 1, 'the failure shown');
    expect(toasts()).toEqual(['Marked as read 1 message — failed: No such messages: m1']);
    expect(row('m1').getAttribute('data-unread')).toBe('true');
  });

  it('undoes an archive not sent yet here: it is never sent', async () => {
    check('m3');
    fireEvent.click(screen.getByTestId('action-archive'));
    await eventually(() => screen.queryByTestId('undo') !== null, 'Undo offered');
    fireEvent.click(screen.getByTestId('undo'));
    expect(toasts()).toEqual(['Archived 1 message — undone']);
    expect(rowIds()).toEqual(['m1', 'm2', 'm3']);
    await server.start();
    await connected();
    fireEvent.click(within(row('m2')).getByTestId('row-star'));
    await eventually(() => posted().length === 1, 'the star sent');
    expect(posted()).toEqual(['flag m2']);
  });
});
