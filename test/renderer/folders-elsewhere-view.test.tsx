// @vitest-environment jsdom
// Folders created, renamed or deleted elsewhere. The views fetch the mailbox list again after a
// burst of mailbox.updated (the hub announces every folder left after a removal), so a new folder
// takes its place in the order and a renamed or deleted folder's old name goes.
// The API client is a hand-written fake, named as such: only what is asked for, and when, matters.
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { Mailbox, MessageSummary } from '../../shared/model';
import { ApiError, type ApiClient } from '../../renderer/src/api/api-client';
import { loadFirstPage } from '../../renderer/src/mail/mail-commands';
import { MAILBOX_REFETCH_DELAY_MS, useDataRefresh } from '../../renderer/src/mail/use-data-refresh';
import { accountsLoaded, initialMailState, listReset, mailboxesLoaded } from '../../renderer/src/stores/mail-state';
import { dispatchMailEvent, mailStore } from '../../renderer/src/stores/mail-store';

const box = (id: string, path: string): Mailbox => ({ id, accountId: 'a1', path, name: path, delimiter: '/', specialUse: null, total: 0, unread: 0 });

let asked = 0;
const serverList: Mailbox[] = [];
const apiFake = { listMailboxes: async () => ((asked += 1), { mailboxes: serverList }) } as unknown as ApiClient;

beforeEach(() => {
  vi.useFakeTimers();
  asked = 0;
  serverList.splice(0, serverList.length, box('inbox', 'INBOX'), box('renamed', 'Projects 2026'));
  // Loaded already (nothing else to fetch at mount), with the folder's old name.
  mailStore.setState(mailboxesLoaded(accountsLoaded(initialMailState, []), [box('inbox', 'INBOX'), box('old', 'Projects')]), true);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  mailStore.setState(initialMailState, true);
});

it('fetches the mailbox list once after a burst of folder events, so a renamed folder’s old name goes', async () => {
  renderHook(() => useDataRefresh(apiFake));
  act(() => {
    dispatchMailEvent({ type: 'mailbox.updated', payload: { mailbox: box('renamed', 'Projects 2026') } });
    dispatchMailEvent({ type: 'mailbox.updated', payload: { mailbox: box('renamed', 'Projects 2026') } });
    dispatchMailEvent({ type: 'mailbox.updated', payload: { mailbox: box('inbox', 'INBOX') } });
  });
  await act(() => vi.advanceTimersByTimeAsync(MAILBOX_REFETCH_DELAY_MS / 2));
  expect(asked).toBe(0);
  await act(() => vi.advanceTimersByTimeAsync(MAILBOX_REFETCH_DELAY_MS + 10));
  expect(asked).toBe(1);
  expect(mailStore.getState().mailboxOrder).toEqual(['inbox', 'renamed']);
});

it('drops a folder deleted elsewhere once the hub announces the folders left (it has no event for a removed one)', async () => {
  serverList.splice(0, serverList.length, box('inbox', 'INBOX'));
  renderHook(() => useDataRefresh(apiFake));
  act(() => {
    dispatchMailEvent({ type: 'mailbox.updated', payload: { mailbox: box('inbox', 'INBOX') } });
  });
  await act(() => vi.advanceTimersByTimeAsync(MAILBOX_REFETCH_DELAY_MS + 10));
  expect(asked).toBe(1);
  expect(mailStore.getState().mailboxOrder).toEqual(['inbox']);
});

it('shows the inbox when the folder shown is the one deleted elsewhere', async () => {
  serverList.splice(0, serverList.length, box('inbox', 'INBOX'));
  mailStore.setState(listReset(mailStore.getState(), { kind: 'mailbox', mailboxId: 'old' }));
  const api = { ...apiFake, listMessages: async () => page(['m1']) } as unknown as ApiClient;
  renderHook(() => useDataRefresh(api));
  act(() => {
    dispatchMailEvent({ type: 'mailbox.updated', payload: { mailbox: box('inbox', 'INBOX') } });
  });
  await act(() => vi.advanceTimersByTimeAsync(MAILBOX_REFETCH_DELAY_MS + 10));
  const state = mailStore.getState();
  expect(state.list.source).toEqual({ kind: 'mailbox', mailboxId: 'inbox' });
  expect(state.list.ids).toEqual(['m1']);
});

// A folder deleted elsewhere while shown: the protocol has no event for it, so the views learn of
// it when its list is asked for again (a reconnect, a click in the sidebar) and the hub answers 404.
const page = (ids: string[]) => ({ messages: ids.map((id) => ({ id }) as MessageSummary), nextCursor: null });

it('shows the inbox, and drops the folder from the sidebar, when the folder shown is gone from the hub', async () => {
  vi.useRealTimers();
  mailStore.setState(listReset(mailboxesLoaded(accountsLoaded(initialMailState, []), [box('inbox', 'INBOX'), box('gone', 'Old projects')]), { kind: 'mailbox', mailboxId: 'gone' }), true);
  const api = {
    listMailboxes: async () => ({ mailboxes: [box('inbox', 'INBOX')] }),
    listMessages: async (mailboxId: string) => {
      if (mailboxId === 'gone') throw new ApiError(404, 'not_found', 'No such mailbox');
      return page(['m1', 'm2']);
    },
  } as unknown as ApiClient;
  await loadFirstPage(api);
  const state = mailStore.getState();
  expect(state.mailboxOrder).toEqual(['inbox']);
  expect(state.list.source).toEqual({ kind: 'mailbox', mailboxId: 'inbox' });
  expect(state.list.ids).toEqual(['m1', 'm2']);
  expect(state.list.error).toBeNull();
});

it('keeps showing the error when the hub still lists the folder it answered 404 for', async () => {
  vi.useRealTimers();
  mailStore.setState(listReset(mailboxesLoaded(accountsLoaded(initialMailState, []), [box('inbox', 'INBOX'), box('odd', 'Odd')]), { kind: 'mailbox', mailboxId: 'odd' }), true);
  let inboxAsked = 0;
  const api = {
    listMailboxes: async () => ({ mailboxes: [box('inbox', 'INBOX'), box('odd', 'Odd')] }),
    listMessages: async (mailboxId: string) => {
      if (mailboxId === 'odd') throw new ApiError(404, 'not_found', 'No such mailbox');
      inboxAsked += 1;
      return page([]);
    },
  } as unknown as ApiClient;
  await loadFirstPage(api);
  const state = mailStore.getState();
  expect(state.list.source).toEqual({ kind: 'mailbox', mailboxId: 'odd' });
  expect(state.list.error?.code).toBe('not_found');
  expect(inboxAsked).toBe(0);
});
