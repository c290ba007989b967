// @vitest-environment jsdom
// The keyboard goes back to the message list, as in Thunderbird: back from the reader (Esc, or
// Back to the list), on the row of the message that was open; after a toolbar action; and when
// the control that had the focus goes away (Retry now once its banner goes, Undo once pressed).
// Left on <body> or on a toolbar button, the list's own keys (arrows, Home/End, Space) did
// nothing until a click on the list; j and k, the app's, still did. A narrow window hides the
// list behind the reader (styles.css), which jsdom does not lay out: the focus is what is tested
// here. The API peer is the stand-in hub of stand-in-hub-api.ts.
import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OfflineBanner } from '../../renderer/src/components/OfflineBanner';
import { dispatchMailEvent } from '../../renderer/src/stores/mail-store';
import { accepted, alice, check, eventually, message, press, readerShows, row, startMailView } from './action-view';
import { closeApp, stubLayoutApis } from './jsdom-app';
import type { StandInHubApi } from './stand-in-hub-api';
import type { WsTestServer } from './ws-test-server';

const inbox = [message('m1', 'a1', 9), message('m2', 'a1', 8), message('m3', 'a1', 7)];

let server: WsTestServer;
let hub: StandInHubApi;

beforeAll(() => stubLayoutApis());

beforeEach(async () => {
  ({ server, hub } = await startMailView({ kind: 'mailbox', mailboxId: 'a1:INBOX' }, inbox, { beside: <OfflineBanner /> }));
});

afterEach(() => closeApp(server));

const list = (): HTMLElement => screen.getByRole('grid', { name: 'Messages' });
/** The message of the row the list announces as its cursor row (none: null). */
const cursorRow = (): string | null => {
  const id = list().getAttribute('aria-activedescendant');
  return id ? (document.getElementById(id)?.getAttribute('data-id') ?? null) : null;
};
/** A key pressed where the focus is, as the user's keyboard does. */
const pressHere = (key: string) => act(() => void fireEvent.keyDown(document.activeElement ?? document.body, { key }));
/** A click on a button as a pointer makes it: the button takes the focus first. */
const clickButton = (button: HTMLElement) =>
  act(() => {
    button.focus();
    fireEvent.click(button);
  });

describe('the focus back on the message list', () => {
  it('after Esc in the reader: on the message that was open, and the arrows and Home move from there', async () => {
    fireEvent.click(row('m2'));
    await eventually(() => readerShows() === 'm2', 'the reader on m2');
    press('Escape');
    expect(readerShows()).toBeNull();
    expect(document.activeElement).toBe(list());
    expect(cursorRow()).toBe('m2');
    pressHere('ArrowDown');
    await eventually(() => cursorRow() === 'm3', 'the cursor on m3');
    pressHere('Home');
    await eventually(() => cursorRow() === 'm1', 'the cursor on m1');
  });

  it('after Back to the list: on the message that was open, though the button went', async () => {
    fireEvent.click(row('m2'));
    clickButton(screen.getByRole('button', { name: 'Back to the list' }));
    expect(readerShows()).toBeNull();
    expect(screen.queryByRole('button', { name: 'Back to the list' })).toBeNull();
    expect(document.activeElement).toBe(list());
    expect(cursorRow()).toBe('m2');
    pressHere('ArrowUp');
    await eventually(() => cursorRow() === 'm1', 'the cursor on m1');
  });

  it('after the reader’s ✕: on the message that was open', async () => {
    fireEvent.click(row('m2'));
    await eventually(() => screen.queryByRole('button', { name: 'Close (Esc)' }) !== null, 'the reader');
    clickButton(screen.getByRole('button', { name: 'Close (Esc)' }));
    expect(readerShows()).toBeNull();
    expect(document.activeElement).toBe(list());
    expect(cursorRow()).toBe('m2');
  });

  it('after a toolbar action: Archive, then the arrows and Space act on the list', async () => {
    act(() => list().focus());
    expect(cursorRow()).toBe('m1');
    clickButton(screen.getByTestId('action-archive'));
    await eventually(() => hub.posted.length === 1, 'the archive posted');
    expect(hub.posted[0]).toMatchObject({ type: 'archive', messageIds: ['m1'] });
    expect(document.activeElement).toBe(list());
    expect(cursorRow()).toBe('m2');
    pressHere('ArrowDown');
    await eventually(() => cursorRow() === 'm3', 'the cursor on m3');
    pressHere(' ');
    expect(within(row('m3')).getByRole<HTMLInputElement>('checkbox').checked).toBe(true);
  });

  it('after Retry now: the button keeps the focus while retrying, and hands it to the list when its banner goes', async () => {
    act(() => dispatchMailEvent({ type: 'sync.status', payload: { accountId: alice.id, state: 'offline', error: { code: 'connection_refused', message: 'Refused' } } }));
    clickButton(screen.getByRole('button', { name: 'Retry now' }));
    await eventually(() => hub.checks.length === 1, 'the check asked');
    const retrying = screen.getByRole('button', { name: 'Retrying…' });
    expect(retrying.getAttribute('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(retrying);
    act(() => dispatchMailEvent({ type: 'sync.status', payload: { accountId: alice.id, state: 'connecting' } }));
    expect(screen.queryByTestId('account-offline-banner')).toBeNull();
    expect(document.activeElement).toBe(list());
    pressHere('End');
    await eventually(() => cursorRow() === 'm3', 'the cursor on the last message');
  });

  it('after Undo on a toast, which goes once pressed', async () => {
    check('m1');
    press('e');
    await eventually(() => hub.posted.length === 1, 'the archive posted');
    await accepted('act-1');
    clickButton(screen.getByTestId('undo'));
    await eventually(() => hub.undone.length === 1, 'the undo posted');
    expect(screen.queryByTestId('undo')).toBeNull();
    expect(document.activeElement).toBe(list());
    pressHere('Home');
    await eventually(() => cursorRow() === 'm1', 'the cursor on m1');
  });
});
