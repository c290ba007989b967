// @vitest-environment jsdom
// The list loads a folder a page at a time as it scrolls (`before` cursors), so its keys must not
// stop at the last row loaded: End went to the last loaded message of a 1,250-message folder, the
// 100th, and PageDown stopped there too. End now loads the pages after it one at a time, the
// cursor going down as each comes, and another key stops it on the way; Shift+End checks to the
// folder's real end; with a message open, End opens the folder's last message once there, not
// each page's last on the way (opening marks it read). The grid's row count and the rows' indexes
// stay those of the whole folder.
// The API peer serves the folder's pages from ws-test-server.ts, holding each until the test lets
// it go.
import type { ServerResponse } from 'node:http';
import { act, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { MessageList, ROW_HEIGHT } from '../../renderer/src/components/MessageList';
import { Toolbar } from '../../renderer/src/components/Toolbar';
import { accountsLoaded, initialMailState, listLoaded, listReset, mailboxesLoaded } from '../../renderer/src/stores/mail-state';
import { eventually } from './action-view';
import { closeApp, startApp, stubLayoutApis } from './jsdom-app';
import { alice, mailbox, numberedMessages } from './mail-fixtures';
import type { WsTestServer } from './ws-test-server';

const TOTAL = 1250;
const FIRST_PAGE = 100;
const inbox = mailbox('a1', 'INBOX', '\\Inbox', { id: 'a1:INBOX', total: TOTAL });
/** m1 the newest … m1250 the oldest. */
const messages = numberedMessages(TOTAL, inbox, ['\\Seen']);

let server: WsTestServer;
/** The `before` of each page asked for, in order. */
let asked: string[];
/** The answers held back, oldest first (while `holding`). */
let held: Array<() => void>;
let holding: boolean;

/** The folder's page after row `before` (its cursor is the row's number), as the hub answers it. */
function answerPage(res: ServerResponse, url: URL): void {
  const from = Number(url.searchParams.get('before'));
  const limit = Number(url.searchParams.get('limit'));
  const page = messages.slice(from, from + limit);
  const end = from + page.length;
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ messages: page, nextCursor: end < TOTAL ? String(end) : null }));
}

beforeAll(() => {
  stubLayoutApis();
});

beforeEach(async () => {
  asked = [];
  held = [];
  holding = true;
  const shown = listReset(mailboxesLoaded(accountsLoaded(initialMailState, [alice]), [inbox]), { kind: 'mailbox', mailboxId: inbox.id });
  const state = listLoaded(shown, shown.list.generation, { messages: messages.slice(0, FIRST_PAGE), nextCursor: String(FIRST_PAGE) }, true);
  server = await startApp(
    state,
    <>
      <Toolbar />
      <MessageList />
    </>,
    (stand) => {
      stand.handleHttp = (req, res) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        if (url.pathname !== `/api/mailboxes/${encodeURIComponent(inbox.id)}/messages`) return void res.writeHead(404).end();
        asked.push(url.searchParams.get('before') ?? '');
        if (holding) held.push(() => answerPage(res, url));
        else answerPage(res, url);
      };
    },
  );
  layOut(list(), 5);
});

afterEach(async () => {
  // An answer held back keeps its connection open, and the server from stopping.
  holding = false;
  for (const answer of held.splice(0)) answer();
  await closeApp(server);
});

const list = (): HTMLElement => screen.getByRole('grid', { name: 'Messages' });
const row = (id: string): HTMLElement | undefined => screen.queryAllByTestId('message-row').find((r) => r.getAttribute('data-id') === id);
/** The message of the row the list announces as its active one (none: null). */
const announced = (): string | null => {
  const id = list().getAttribute('aria-activedescendant');
  return id ? (document.getElementById(id)?.getAttribute('data-id') ?? null) : null;
};
const press = (key: string, init: KeyboardEventInit = {}): void => {
  act(() => void list().dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init })));
};
/** Lets the page asked for `before` row go, once it has been asked for. */
async function sendPage(before: number): Promise<void> {
  await eventually(() => asked.includes(String(before)) && held.length > 0, `the page after row ${before} asked for`);
  act(() => held.shift()!());
}
const pause = (ms: number) => act(() => new Promise((resolve) => setTimeout(resolve, ms)));

/**
 * Gives the list the layout jsdom lacks: `rows` rows high, and a scrollTop that scrolls (the list
 * renders the rows its scroll events say are in view).
 */
function layOut(element: HTMLElement, rows: number): void {
  let top = 0;
  Object.defineProperty(element, 'clientHeight', { configurable: true, value: rows * ROW_HEIGHT });
  Object.defineProperty(element, 'scrollTop', {
    configurable: true,
    get: () => top,
    set: (value: number) => {
      top = Math.max(0, value);
      element.dispatchEvent(new Event('scroll'));
    },
  });
  act(() => void element.dispatchEvent(new Event('scroll')));
}

it('goes with End to the folder’s last message, the pages after the loaded ones coming one after another, the cursor going down with them', async () => {
  act(() => list().focus());
  expect(announced()).toBe('m1');
  press('End');
  // At once to the last row loaded…
  expect(announced()).toBe('m100');
  expect(list().getAttribute('aria-rowcount')).toBe(String(TOTAL));
  // …and on as each page comes.
  await sendPage(100);
  await eventually(() => announced() === 'm600', 'the cursor on the last row of the second page');
  await sendPage(600);
  await eventually(() => announced() === 'm1100', 'the cursor on the last row of the third page');
  await sendPage(1100);
  await eventually(() => announced() === 'm1250', 'the cursor on the folder’s last message');
  expect(asked).toEqual(['100', '600', '1100']);
  expect(row('m1250')!.getAttribute('aria-rowindex')).toBe(String(TOTAL));
  expect(row('m1250')!.classList.contains('cursor')).toBe(true);
  expect(list().getAttribute('aria-rowcount')).toBe(String(TOTAL));
  expect(list().getAttribute('data-count')).toBe(String(TOTAL));
});

it('stops End on its way at another key: the cursor stays where it was then, and no further page loads', async () => {
  act(() => list().focus());
  press('End');
  expect(announced()).toBe('m100');
  await eventually(() => held.length === 1, 'the page after row 100 asked for');
  // Space checks the row the cursor has reached, and stops it there.
  press(' ');
  await sendPage(100);
  await eventually(() => list().getAttribute('data-count') === '600', 'the second page shown');
  await pause(100);
  expect(announced()).toBe('m100');
  expect(row('m100')!.getAttribute('aria-selected')).toBe('true');
  expect(asked).toEqual(['100']);

  // So does a key that moves it.
  press('End');
  expect(announced()).toBe('m600');
  await eventually(() => held.length === 1, 'the page after row 600 asked for');
  press('ArrowUp');
  await sendPage(600);
  await eventually(() => list().getAttribute('data-count') === '1100', 'the third page shown');
  await pause(100);
  expect(announced()).toBe('m599');
  expect(asked).toEqual(['100', '600']);
  expect(row('m599')!.getAttribute('aria-rowindex')).toBe('599');
});

it('goes on with PageDown and ArrowDown past the last row loaded, into the page after it', async () => {
  act(() => list().focus());
  // Five rows a page: the twentieth PageDown goes past the hundredth row, the last loaded.
  for (let presses = 0; presses < 19; presses += 1) press('PageDown');
  expect(announced()).toBe('m96');
  press('PageDown');
  expect(announced()).toBe('m100');
  await sendPage(100);
  await eventually(() => announced() === 'm101', 'the cursor five rows on, in the second page');

  // Where the page after is on its way (the list asked for it as it scrolled near), the arrow waits for it.
  for (let presses = 0; presses < 99; presses += 1) press('PageDown');
  for (let presses = 0; presses < 4; presses += 1) press('ArrowDown');
  expect(announced()).toBe('m600');
  await eventually(() => held.length === 1, 'the page after row 600 asked for');
  press('ArrowDown');
  await sendPage(600);
  await eventually(() => announced() === 'm601', 'the cursor on the first row of the third page');
});

it('checks every message to the folder’s end with Shift+End, and the range stays that of the whole folder', async () => {
  act(() => list().focus());
  press('ArrowDown');
  press('End', { shiftKey: true });
  expect(screen.getByTestId('selection-count').textContent).toBe('99 selected');
  await sendPage(100);
  await sendPage(600);
  await sendPage(1100);
  await eventually(() => announced() === 'm1250', 'the cursor on the folder’s last message');
  expect(screen.getByTestId('selection-count').textContent).toBe(`${TOTAL - 1} selected`);
  expect(row('m1250')!.getAttribute('aria-selected')).toBe('true');
  // Shift+PageUp shrinks the range from the same anchor (m2).
  press('PageUp', { shiftKey: true });
  expect(announced()).toBe('m1245');
  expect(screen.getByTestId('selection-count').textContent).toBe(`${TOTAL - 6} selected`);
  expect(row('m1250')!.getAttribute('aria-selected')).toBe('false');
  expect(row('m1245')!.getAttribute('aria-selected')).toBe('true');
});

it('opens the folder’s last message with End while one is open, once there: not the last of each page on the way', async () => {
  act(() => list().focus());
  act(() => void row('m1')!.click());
  expect(row('m1')!.getAttribute('aria-current')).toBe('true');
  press('End');
  await sendPage(100);
  await eventually(() => announced() === 'm600', 'the cursor on the last row of the second page');
  expect(row('m600')!.hasAttribute('aria-current')).toBe(false);
  await sendPage(600);
  await sendPage(1100);
  await eventually(() => row('m1250')?.getAttribute('aria-current') === 'true', 'the folder’s last message open');
  expect(announced()).toBe('m1250');
});
