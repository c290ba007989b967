// @vitest-environment jsdom
// The message list is one tab stop that the keyboard works inside, as Thunderbird's and Gmail's
// lists are (WAI-ARIA grid pattern): the arrows, Home/End and PageUp/PageDown move the cursor,
// Space and x check the cursor row, Enter and o open it, Delete deletes; the cursor row is the
// one announced (aria-activedescendant), and its check state is its aria-selected. The rows' check
// boxes and stars take clicks but no focus: every one of them was a tab stop, and the list drew
// more rows as the focus went down, so Tab never left it. A click on a check box no longer turns
// the shortcuts off, and Shift-click on one checks a range as on the row. Shift with the keys that
// move the cursor checks a range too, from one anchor as in Thunderbird; Ctrl/Cmd+A checks all.
// The API peer is the stand-in server of ws-test-server.ts, recording the actions posted
// (recordActions of stand-in-hub-api.ts).
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { MessageList, ROW_HEIGHT } from '../../renderer/src/components/MessageList';
import { SearchBox } from '../../renderer/src/components/SearchBox';
import { startInboxWithShortcuts } from './action-view';
import { closeApp, stubLayoutApis } from './jsdom-app';
import { mailbox, numberedMessages } from './mail-fixtures';
import type { RecordedActions } from './stand-in-hub-api';
import type { WsTestServer } from './ws-test-server';

const inbox = mailbox('a1', 'INBOX', '\\Inbox', { id: 'mb1', total: 6 });

/** Six read messages, m1 the newest (jsdom lays nothing out: the list renders its six overscan rows). */
const messages = numberedMessages(6, inbox, ['\\Seen']);

let server: WsTestServer;
let actions: RecordedActions;
/** The actions posted: their type and messages. */
const posted = () => actions.posted.map(({ type, messageIds }) => ({ type, messageIds }));

const panes = (
  <>
    <SearchBox />
    <MessageList />
    <button type="button">After the list</button>
  </>
);

beforeAll(() => {
  stubLayoutApis();
});

beforeEach(async () => {
  ({ server, actions } = await startInboxWithShortcuts(inbox, messages, panes));
});

afterEach(() => closeApp(server));

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
  await waitFor(() => expect(posted()).toEqual([{ type: 'delete', messageIds: ['m3'] }]));
  expect(screen.getAllByTestId('message-row').map((r) => r.getAttribute('data-id'))).toEqual(['m1', 'm2', 'm4', 'm5', 'm6']);
});

it('keeps the shortcuts working after a click on a row’s check box, and not while typing in the search box', async () => {
  // Where the focus was after the click (a check box is no text field).
  fireEvent.click(checkbox('m2'));
  fireEvent.click(checkbox('m5'));
  fireEvent.keyDown(checkbox('m5'), { key: 's' });
  await waitFor(() => expect(posted()).toEqual([{ type: 'flag', messageIds: ['m2', 'm5'] }]));

  const search = screen.getByRole('searchbox', { name: 'Search mail' });
  act(() => search.focus());
  fireEvent.keyDown(search, { key: 'e' });
  fireEvent.keyDown(search, { key: 'x' });
  expect(checkedRows()).toEqual(['m2', 'm5']);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(posted().map((action) => action.type)).toEqual(['flag']);
});

it('checks every row from the cursor to the one Shift-clicked, on its check box as on the row', () => {
  fireEvent.click(checkbox('m2'));
  fireEvent.click(checkbox('m5'), { shiftKey: true });
  expect(checkedRows()).toEqual(['m2', 'm3', 'm4', 'm5']);
  // And back up, from where the range began (Thunderbird's anchor), not from its other end.
  fireEvent.click(checkbox('m1'), { shiftKey: true });
  expect(checkedRows()).toEqual(['m1', 'm2']);
  // Without Shift, one row at a time; the next range starts there.
  fireEvent.click(checkbox('m4'));
  expect(checkedRows()).toEqual(['m1', 'm2', 'm4']);
  fireEvent.click(row('m6'), { shiftKey: true });
  expect(checkedRows()).toEqual(['m4', 'm5', 'm6']);
});

it('checks the rows the cursor passes with Shift and the arrows, Home, End and the page keys, from where Shift began, as Thunderbird does', () => {
  act(() => list().focus());
  press('ArrowDown');
  press('ArrowDown', { shiftKey: true });
  press('ArrowDown', { shiftKey: true });
  expect(checkedRows()).toEqual(['m2', 'm3', 'm4']);
  expect(announced()).toBe('m4');
  // Back up, the range shrinks to where it began, then grows on the other side.
  press('ArrowUp', { shiftKey: true });
  expect(checkedRows()).toEqual(['m2', 'm3']);
  press('ArrowUp', { shiftKey: true });
  press('ArrowUp', { shiftKey: true });
  expect(checkedRows()).toEqual(['m1', 'm2']);
  expect(row('m3').getAttribute('aria-selected')).toBe('false');
  press('End', { shiftKey: true });
  expect(checkedRows()).toEqual(['m2', 'm3', 'm4', 'm5', 'm6']);
  expect(announced()).toBe('m6');
  press('Home', { shiftKey: true });
  expect(checkedRows()).toEqual(['m1', 'm2']);

  // Without Shift the cursor moves and the rows checked stay checked (the list's check boxes, as
  // with x and Space); the next range starts where the cursor is then.
  press('ArrowDown');
  press('ArrowDown');
  press('ArrowDown');
  expect(checkedRows()).toEqual(['m1', 'm2']);
  expect(announced()).toBe('m4');
  press('ArrowDown', { shiftKey: true });
  expect(checkedRows()).toEqual(['m4', 'm5']);
  Object.defineProperty(list(), 'clientHeight', { configurable: true, value: 3 * ROW_HEIGHT + 20 });
  press('PageUp', { shiftKey: true });
  expect(checkedRows()).toEqual(['m2', 'm3', 'm4']);
  expect(announced()).toBe('m2');
  press('PageDown', { shiftKey: true });
  expect(checkedRows()).toEqual(['m4', 'm5']);

  // Shift+j and Shift+k too, as j and k move the cursor.
  press('J', { shiftKey: true });
  expect(checkedRows()).toEqual(['m4', 'm5', 'm6']);
  for (let presses = 0; presses < 4; presses += 1) press('K', { shiftKey: true });
  expect(checkedRows()).toEqual(['m2', 'm3', 'm4']);
  expect(announced()).toBe('m2');
  // After Escape unchecks them, a range starts afresh at the cursor.
  press('Escape');
  press('ArrowDown', { shiftKey: true });
  expect(checkedRows()).toEqual(['m2', 'm3']);
});

it('checks every row with Ctrl+A or Cmd+A in the list, and leaves them to the text in the search box', () => {
  const search = screen.getByRole('searchbox', { name: 'Search mail' });
  act(() => search.focus());
  expect(fireEvent.keyDown(search, { key: 'a', ctrlKey: true })).toBe(true);
  expect(checkedRows()).toEqual([]);

  act(() => list().focus());
  // Taken by the list: the browser selects no text of the page.
  expect(fireEvent.keyDown(list(), { key: 'a', ctrlKey: true })).toBe(false);
  expect(checkedRows()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
  expect(announced()).toBe('m1');
  press('Escape');
  expect(checkedRows()).toEqual([]);
  press('a', { metaKey: true });
  expect(checkedRows()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
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
