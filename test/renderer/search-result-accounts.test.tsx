// @vitest-environment jsdom
// With more than one account, a search result's folder chip also says whose folder it is: two
// accounts' results both said "Inbox". The account goes by its name, or (when it has none and the
// hub names it by its address) by the address's local part, kept short; the whole address where
// that would name two accounts alike. With one account the chip names the folder only
// (search-result-folders.test.tsx).
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, expect, it } from 'vitest';
import type { Account, Mailbox, MessageSummary } from '../../shared/model';
import { MessageList } from '../../renderer/src/components/MessageList';
import { initialMailState } from '../../renderer/src/stores/mail-state';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { initialUiState, uiStore } from '../../renderer/src/stores/ui-store';
import { listShown, stubLayoutApis } from './jsdom-app';
import { account, mailbox, summary } from './mail-fixtures';

const box = (accountId: string, path: string) => mailbox(accountId, path, path === 'INBOX' ? '\\Inbox' : null, { total: 1 });
const message = (id: string, inBox: Mailbox, day: number) => summary(id, inBox, day, { subject: `Budget (${id})` });

beforeAll(() => {
  stubLayoutApis();
});

afterEach(() => {
  cleanup();
  mailStore.setState(initialMailState, true);
  uiStore.setState(initialUiState, true);
});

/** The search results `found` shown, with these accounts and folders; the chip of each row. */
function showResults(accounts: Account[], mailboxes: Mailbox[], found: MessageSummary[]): Array<string | null> {
  mailStore.setState(listShown(accounts, mailboxes, { kind: 'search', query: 'budget' }, found), true);
  render(<MessageList />);
  return screen.getAllByTestId('message-row').map((row) => within(row).queryByTestId('row-folder')?.textContent ?? null);
}

it('names the account on each result’s folder chip when there are two', () => {
  const accounts = [account('a1', 'alice@example.test'), account('a2', 'bob@example.test')];
  const boxes = [box('a1', 'INBOX'), box('a2', 'INBOX'), box('a2', 'Projects/Q1')];
  const chips = showResults(accounts, boxes, [message('m1', boxes[0]!, 9), message('m2', boxes[1]!, 8), message('m3', boxes[2]!, 7)]);
  expect(chips).toEqual(['alice · Inbox', 'bob · Inbox', 'bob · Projects / Q1']);
});

it('names an account by the name it was given, and by its whole address where two would read alike', () => {
  const accounts = [account('a1', 'bob@work.test'), account('a2', 'bob@home.test'), account('a3', 'carol@example.test', { displayName: 'Carol (club)' })];
  const boxes = [box('a1', 'INBOX'), box('a2', 'INBOX'), box('a3', 'INBOX')];
  const chips = showResults(accounts, boxes, [message('m1', boxes[0]!, 9), message('m2', boxes[1]!, 8), message('m3', boxes[2]!, 7)]);
  expect(chips).toEqual(['bob@work.test · Inbox', 'bob@home.test · Inbox', 'Carol (club) · Inbox']);
});

it('names the folder only with a single account', () => {
  const boxes = [box('a1', 'INBOX'), box('a1', 'Archive')];
  const chips = showResults([account('a1', 'alice@example.test')], boxes, [message('m1', boxes[0]!, 9), message('m2', boxes[1]!, 8)]);
  expect(chips).toEqual(['Inbox', 'Archive']);
});
