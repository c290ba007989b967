// @vitest-environment jsdom
// The reader's date is the one the list shows (when the message arrived: the list sorts by it),
// with the date the sender wrote beside it where the two are more than ten minutes apart. QA saw
// 05:50 in the list and 4:50 in the reader for the same message. Rendered from the stores alone
// (no hub: the reader shows the summary the list has).
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { Reader } from '../../renderer/src/components/Reader';
import { fullDate } from '../../renderer/src/mail/format';
import { initialMailState, messageFetched } from '../../renderer/src/stores/mail-state';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { initialUiState, setUi, uiStore } from '../../renderer/src/stores/ui-store';
import { mailbox, summary } from './mail-fixtures';

const inbox = mailbox('a1', 'INBOX', '\\Inbox', { id: 'mb1' });

afterEach(() => {
  cleanup();
  uiStore.setState(initialUiState, true);
  mailStore.setState(initialMailState, true);
});

function readerDateOf(received: string, sent: string | null): string {
  const message = summary('m1', inbox, 10, { receivedAt: received, date: sent });
  mailStore.setState(messageFetched(initialMailState, message), true);
  setUi({ openId: 'm1' });
  render(<Reader />);
  return screen.getByTestId('reader-date').textContent ?? '';
}

it('shows when the message arrived, as the list does, and not the sender’s date an hour before', () => {
  const received = '2026-01-10T05:50:00.000Z';
  const sent = '2026-01-10T04:50:00.000Z';
  const shown = readerDateOf(received, sent);
  expect(shown.startsWith(fullDate(received))).toBe(true);
  expect(shown).toContain(`(sent ${fullDate(sent)})`);
});

it('shows the arrival alone when the sender’s date is within minutes of it', () => {
  const received = '2026-01-10T05:50:00.000Z';
  expect(readerDateOf(received, '2026-01-10T05:49:10.000Z')).toBe(fullDate(received));
});

it('shows the arrival when the sender wrote no date', () => {
  const received = '2026-01-10T05:50:00.000Z';
  expect(readerDateOf(received, null)).toBe(fullDate(received));
});
