// @vitest-environment jsdom
// Archiving, deleting or moving the message open in the reader opens the next one in the list, or
// the previous one after the last (what Thunderbird does; Gmail goes back to the list), in a
// folder and in search results alike, and marks it read as opening does; with none left the reader
// closes. Checked rows acted on leave the message open in the reader where it is. The stand-in hub
// of stand-in-hub-api.ts answers.
import { fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uiStore } from '../../renderer/src/stores/ui-store';
import { check, eventually, message, press, readerShows, row, rowIds, startMailView } from './action-view';
import { closeApp, stubLayoutApis } from './jsdom-app';
import type { StandInHubApi } from './stand-in-hub-api';
import type { WsTestServer } from './ws-test-server';

let server: WsTestServer;
let hub: StandInHubApi;

beforeAll(() => stubLayoutApis());

async function start(source: Parameters<typeof startMailView>[0], messages: ReturnType<typeof message>[]): Promise<void> {
  ({ server, hub } = await startMailView(source, messages));
}

afterEach(() => closeApp(server));

const opened = (id: string | null) => eventually(() => readerShows() === id, `the reader on ${id}`);

describe('the reader after its message is archived or deleted', () => {
  it('in a folder: opens the next message (marked read), the previous after the last, and closes when none is left', async () => {
    await start({ kind: 'mailbox', mailboxId: 'a1:INBOX' }, [message('m1', 'a1', 9), message('m2', 'a1', 8), message('m3', 'a1', 7, []), message('m4', 'a1', 6)]);
    fireEvent.click(row('m2'));
    await opened('m2');
    press('e');
    await opened('m3');
    expect(rowIds()).toEqual(['m1', 'm3', 'm4']);
    expect(uiStore.getState().cursorId).toBe('m3');
    expect(row('m3').getAttribute('data-unread')).toBe('false');
    await eventually(() => hub.posted.some((a) => a.type === 'markRead' && a.messageIds[0] === 'm3'), 'm3 marked read on the server');

    press('#');
    await opened('m4');
    press('e'); // m4 was the last: the one before it
    await opened('m1');
    fireEvent.change(screen.getByLabelText('Move to'), { target: { value: 'a1:Projects' } });
    await opened(null);
    expect(rowIds()).toEqual([]);
  });

  it('in search results: the next result, of whichever account', async () => {
    await start({ kind: 'search', query: 'report' }, [message('alice-1', 'a1', 9), message('bob-1', 'a2', 8), message('alice-2', 'a1', 7)]);
    fireEvent.click(row('alice-1'));
    await opened('alice-1');
    press('e');
    await opened('bob-1');
    // Search results keep archived messages (moves-in-search.ts): the reader moves on all the same.
    expect(rowIds()).toEqual(['alice-1', 'bob-1', 'alice-2']);
    press('#');
    await opened('alice-2');
    await eventually(() => hub.posted.length === 2, 'both posted');
    expect(hub.messages.get('bob-1')?.mailboxId).toBe('a2:Trash');
  });

  it('stays on its message when checked rows are archived', async () => {
    await start({ kind: 'mailbox', mailboxId: 'a1:INBOX' }, [message('m1', 'a1', 9), message('m2', 'a1', 8), message('m3', 'a1', 7)]);
    fireEvent.click(row('m1'));
    await opened('m1');
    check('m2');
    check('m3');
    press('e');
    expect(rowIds()).toEqual(['m1']);
    await opened('m1');
  });
});
