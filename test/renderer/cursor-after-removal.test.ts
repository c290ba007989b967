// Where the list cursor goes when messages leave the list (archived, moved, deleted), by the
// user or elsewhere.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageSummary } from '../../shared/model';
import { initialMailState, listLoaded, listReset, messageFetched } from '../../renderer/src/stores/mail-state';
import { dispatchMailEvent, mailStore, updateMailFollowingRemovals } from '../../renderer/src/stores/mail-store';
import { actionTargets, cursorAfterRemoval, initialUiState, setUi, uiStore } from '../../renderer/src/stores/ui-store';

const ids = ['m5', 'm4', 'm3', 'm2', 'm1'];

describe('cursorAfterRemoval', () => {
  it('moves to the next message still in the list, else the one before, else nowhere', () => {
    expect(cursorAfterRemoval(ids, 'm3', new Set(['m3']))).toBe('m2');
    expect(cursorAfterRemoval(ids, 'm3', new Set(['m3', 'm2', 'm1']))).toBe('m4');
    expect(cursorAfterRemoval(ids, 'm1', new Set(['m1']))).toBe('m2');
    expect(cursorAfterRemoval(ids, 'm3', new Set(ids))).toBeNull();
  });

  it('stays where it is when its message stays', () => {
    expect(cursorAfterRemoval(ids, 'm4', new Set(['m3']))).toBe('m4');
    expect(cursorAfterRemoval(ids, null, new Set(['m3']))).toBeNull();
  });

  it('leaves the next Delete nothing of the deleted message to act on', () => {
    // Deleted from the cursor (nothing checked, nothing open): the next press acts on the next message.
    const after = { ...initialUiState, cursorId: cursorAfterRemoval(ids, 'm3', new Set(['m3'])) };
    expect(actionTargets(after)).toEqual(['m2']);
  });
});

describe('messages leaving the list without the user (deleted or moved elsewhere)', () => {
  const inboxMessage = (id: string, minute: number): MessageSummary => ({
    id,
    accountId: 'a1',
    mailboxId: 'inbox',
    uid: minute,
    messageId: null,
    subject: id,
    from: null,
    to: [],
    cc: [],
    date: null,
    receivedAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
    flags: [],
    size: 1,
    hasAttachments: false,
    snippet: '',
  });

  beforeEach(() => {
    const reset = listReset(initialMailState, { kind: 'mailbox', mailboxId: 'inbox' });
    mailStore.setState(listLoaded(reset, reset.list.generation, { messages: [3, 2, 1].map((n) => inboxMessage(`m${n}`, n)), nextCursor: null }, true), true);
  });
  afterEach(() => {
    mailStore.setState(initialMailState, true);
    uiStore.setState(initialUiState, true);
  });

  it('moves the cursor on, unchecks the row and closes the reader on the message deleted elsewhere', () => {
    setUi({ cursorId: 'm2', openId: 'm2', selected: { m2: true, m3: true } });
    dispatchMailEvent({ type: 'email.deleted', payload: { ids: ['m2'], mailboxId: 'inbox' } });
    const ui = uiStore.getState();
    expect(ui).toMatchObject({ cursorId: 'm1', openId: null, selected: { m3: true } });
    // The next Delete acts on what the user sees, not on the message that left.
    expect(actionTargets(ui)).toEqual(['m3']);
  });

  it('lets go of a message moved to another mailbox by another client', () => {
    setUi({ cursorId: 'm3', openId: 'm3' });
    dispatchMailEvent({ type: 'email.updated', payload: { message: { ...inboxMessage('m3', 3), mailboxId: 'archive' } } });
    expect(uiStore.getState()).toMatchObject({ cursorId: 'm2', openId: null });
  });

  it('keeps the view when other messages come and go', () => {
    setUi({ cursorId: 'm2', openId: 'm2', selected: { m2: true } });
    dispatchMailEvent({ type: 'email.deleted', payload: { ids: ['m1'], mailboxId: 'inbox' } });
    dispatchMailEvent({ type: 'email.new', payload: { message: inboxMessage('m4', 4) } });
    expect(uiStore.getState()).toMatchObject({ cursorId: 'm2', openId: 'm2', selected: { m2: true } });
  });

  it('closes a reader showing a message outside the list when it is deleted', () => {
    mailStore.setState(messageFetched(mailStore.getState(), { ...inboxMessage('x9', 9), mailboxId: 'sent' }), true);
    setUi({ openId: 'x9' });
    dispatchMailEvent({ type: 'email.deleted', payload: { ids: ['x9'], mailboxId: 'sent' } });
    expect(uiStore.getState().openId).toBeNull();
  });

  it('does not take rows a reload stopped short of for removed (new mail pushed them past its last page)', () => {
    setUi({ cursorId: 'm1', openId: 'm1', selected: { m1: true } });
    const { generation } = mailStore.getState().list;
    // The reload after a reconnect: one newer message, and the pages stop before m1 (more to come).
    updateMailFollowingRemovals((state) => listLoaded(state, generation, { messages: [inboxMessage('m4', 4), inboxMessage('m3', 3), inboxMessage('m2', 2)], nextCursor: 'more' }, true));
    expect(uiStore.getState()).toMatchObject({ cursorId: 'm1', openId: 'm1', selected: { m1: true } });
    // Within what it loaded, a row missing was removed.
    setUi({ cursorId: 'm3', openId: 'm3' });
    const now = mailStore.getState().list.generation;
    updateMailFollowingRemovals((state) => listLoaded(state, now, { messages: [inboxMessage('m4', 4), inboxMessage('m2', 2)], nextCursor: 'more' }, true));
    expect(uiStore.getState()).toMatchObject({ cursorId: 'm2', openId: null });
  });
});
