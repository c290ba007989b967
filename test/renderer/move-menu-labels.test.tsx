// @vitest-environment jsdom
// The move menu lists folders without indentation: nested ones say where they are, so two
// folders of the same name ("Q1" under two projects) can be told apart.
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Mailbox, MessageSummary } from '../../shared/model';
import { Toolbar } from '../../renderer/src/components/Toolbar';
import { initialMailState, listReset, mailboxesLoaded, messageFetched } from '../../renderer/src/stores/mail-state';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { initialUiState, uiStore } from '../../renderer/src/stores/ui-store';

function box(path: string, name = path.split('/').pop()!): Mailbox {
  return { id: `a1:${path}`, accountId: 'a1', path, name, delimiter: '/', specialUse: null, total: 0, unread: 0 };
}

const message: MessageSummary = {
  id: 'm1', accountId: 'a1', mailboxId: 'a1:INBOX', uid: 1, messageId: null, subject: 'Hi',
  from: { name: 'Ann', address: 'ann@example.test' }, to: [], cc: [], date: null,
  receivedAt: '2024-01-01T00:00:00.000Z', flags: [], size: 1, hasAttachments: false, snippet: '',
};

beforeEach(() => {
  const boxes = [box('INBOX', 'Inbox'), box('INBOX/Receipts'), box('Alpha'), box('Alpha/Q1'), box('Beta/Q1'), box('Beta/Q1/Notes')];
  mailStore.setState(messageFetched(listReset(mailboxesLoaded(initialMailState, boxes), { kind: 'mailbox', mailboxId: 'a1:INBOX' }), message), true);
  uiStore.setState({ ...initialUiState, selected: { m1: true } }, true);
});

afterEach(() => cleanup());

it('names each folder with the folders it is in, and leaves out the one shown', () => {
  render(<Toolbar />);
  const options = within(screen.getByLabelText('Move to')).getAllByRole('option').map((option) => option.textContent);
  expect(options).toEqual(['Move to…', 'Inbox / Receipts', 'Alpha', 'Alpha / Q1', 'Beta / Q1', 'Beta / Q1 / Notes']);
});
