// @vitest-environment jsdom
// A folder created or renamed elsewhere reaches the views as mailbox.updated for a mailbox they
// do not know: the mailbox list is fetched again (once for a burst), so the new folder takes its
// place in the order and a renamed folder's old name goes. The API client is a hand-written
// fake, named as such: only whether and when the list is asked for matters here.
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { Mailbox } from '../../shared/model';
import type { ApiClient } from '../../renderer/src/api/api-client';
import { MAILBOX_REFETCH_DELAY_MS, useDataRefresh } from '../../renderer/src/mail/use-data-refresh';
import { accountsLoaded, initialMailState, mailboxesLoaded } from '../../renderer/src/stores/mail-state';
import { dispatchMailEvent, mailStore } from '../../renderer/src/stores/mail-store';

const box = (id: string, path: string): Mailbox => ({ id, accountId: 'a1', path, name: path, delimiter: '/', specialUse: null, total: 0, unread: 0 });

let asked = 0;
const serverList = [box('inbox', 'INBOX'), box('renamed', 'Projects 2026')];
const apiFake = { listMailboxes: async () => ((asked += 1), { mailboxes: serverList }) } as unknown as ApiClient;

beforeEach(() => {
  vi.useFakeTimers();
  asked = 0;
  // Loaded already (nothing else to fetch at mount), with the folder's old name.
  mailStore.setState(mailboxesLoaded(accountsLoaded(initialMailState, []), [box('inbox', 'INBOX'), box('old', 'Projects')]), true);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  mailStore.setState(initialMailState, true);
});

it('fetches the mailbox list once after a burst of events about folders it did not know, and the old name goes', async () => {
  renderHook(() => useDataRefresh(apiFake));
  act(() => {
    dispatchMailEvent({ type: 'mailbox.updated', payload: { mailbox: box('inbox', 'INBOX') } });
  });
  await act(() => vi.advanceTimersByTimeAsync(MAILBOX_REFETCH_DELAY_MS * 2));
  expect(asked).toBe(0);

  act(() => {
    dispatchMailEvent({ type: 'mailbox.updated', payload: { mailbox: box('renamed', 'Projects 2026') } });
    dispatchMailEvent({ type: 'mailbox.updated', payload: { mailbox: box('renamed', 'Projects 2026') } });
  });
  await act(() => vi.advanceTimersByTimeAsync(MAILBOX_REFETCH_DELAY_MS + 10));
  expect(asked).toBe(1);
  expect(mailStore.getState().mailboxOrder).toEqual(['inbox', 'renamed']);
});
