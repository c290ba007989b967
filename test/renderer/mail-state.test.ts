// The mail reducers on their own: events, pages, optimistic actions and their outcomes.
import { describe, expect, it } from 'vitest';
import type { Mailbox, MessageSummary } from '../../shared/model';
import {
  accountsLoaded,
  actionAccepted,
  actionRejected,
  applyEvent,
  applyOptimistic,
  compareMessages,
  dismissAction,
  effectiveActionState,
  initialMailState,
  canOfferUndo,
  listLoaded,
  listLoading,
  listReset,
  mailboxesLoaded,
  pendingMessageIds,
  SHOWN_ACTIONS,
  toastedGroups,
  undoFailed,
  undoFinished,
  undoStarted,
  unsentDropped,
  actionUnsent,
  type MailState,
} from '../../renderer/src/stores/mail-state';

function message(id: string, minute: number, extra: Partial<MessageSummary> = {}): MessageSummary {
  return {
    id,
    accountId: 'a1',
    mailboxId: 'inbox',
    uid: minute,
    messageId: `<${id}@test>`,
    subject: `Subject ${id}`,
    from: { name: 'Ada', address: 'ada@example.com' },
    to: [],
    cc: [],
    date: null,
    receivedAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
    flags: [],
    size: 100,
    hasAttachments: false,
    snippet: '',
    ...extra,
  };
}

const inbox: Mailbox = { id: 'inbox', accountId: 'a1', path: 'INBOX', name: 'Inbox', delimiter: '/', specialUse: '\\Inbox', total: 3, unread: 3 };

/** An inbox list with m3, m2, m1 loaded (newest first), all pages in. */
function withInbox(nextCursor: string | null = null): MailState {
  const reset = listReset(initialMailState, { kind: 'mailbox', mailboxId: 'inbox' });
  return listLoaded(reset, reset.list.generation, { messages: [message('m3', 3), message('m2', 2), message('m1', 1)], nextCursor }, true);
}

describe('applyEvent', () => {
  it('puts an arrival in the shown mailbox at its sorted place', () => {
    const state = applyEvent(withInbox(), { type: 'email.new', payload: { message: message('m25', 2.5) } });
    expect(state.list.ids).toEqual(['m3', 'm25', 'm2', 'm1']);
    const newest = applyEvent(state, { type: 'email.new', payload: { message: message('m9', 9) } });
    expect(newest.list.ids[0]).toBe('m9');
  });

  it('ignores an arrival in another mailbox, and one older than the loaded window when more pages remain', () => {
    const other = applyEvent(withInbox(), { type: 'email.new', payload: { message: message('x', 5, { mailboxId: 'archive' }) } });
    expect(other.list.ids).toEqual(['m3', 'm2', 'm1']);
    expect(other.messages.x).toBeUndefined();
    const older = applyEvent(withInbox('cursor'), { type: 'email.new', payload: { message: message('old', 0) } });
    expect(older.list.ids).toEqual(['m3', 'm2', 'm1']);
  });

  it('updates flags in place and takes a message moved elsewhere out of the list', () => {
    const seen = applyEvent(withInbox(), { type: 'email.updated', payload: { message: message('m2', 2, { flags: ['\\Seen'] }) } });
    expect(seen.messages.m2?.flags).toEqual(['\\Seen']);
    expect(seen.list.ids).toEqual(['m3', 'm2', 'm1']);
    const moved = applyEvent(seen, { type: 'email.updated', payload: { message: message('m2', 2, { mailboxId: 'archive', uid: null }) } });
    expect(moved.list.ids).toEqual(['m3', 'm1']);
  });

  it('shows a message moved into the shown mailbox (same id, uid null)', () => {
    const state = applyEvent(withInbox(), { type: 'email.updated', payload: { message: message('from-archive', 2, { uid: null }) } });
    expect(state.list.ids).toEqual(['m3', 'from-archive', 'm2', 'm1']);
  });

  it('removes deleted ids of the shown mailbox only', () => {
    const state = applyEvent(withInbox(), { type: 'email.deleted', payload: { ids: ['m1', 'm3'], mailboxId: 'inbox' } });
    expect(state.list.ids).toEqual(['m2']);
    expect(state.messages.m1).toBeUndefined();
    const elsewhere = applyEvent(withInbox(), { type: 'email.deleted', payload: { ids: ['m1'], mailboxId: 'archive' } });
    expect(elsewhere.list.ids).toEqual(['m3', 'm2', 'm1']);
  });

  it('keeps mailbox counts and sync progress, and the account state from sync.status', () => {
    let state = accountsLoaded(initialMailState, [
      { id: 'a1', email: 'a@x', displayName: 'A', imap: { host: 'h', port: 1, security: 'tls', user: 'a' }, persistent: true, status: { state: 'idle' } },
    ]);
    state = applyEvent(state, { type: 'mailbox.updated', payload: { mailbox: inbox } });
    state = applyEvent(state, { type: 'mailbox.updated', payload: { mailbox: { ...inbox, unread: 1 } } });
    expect(state.mailboxOrder).toEqual(['inbox']);
    expect(state.mailboxes.inbox?.unread).toBe(1);
    state = applyEvent(state, { type: 'sync.status', payload: { accountId: 'a1', state: 'offline', error: { code: 'connection_refused', message: 'down' } } });
    expect(state.accounts[0]?.status).toEqual({ state: 'offline', error: { code: 'connection_refused', message: 'down' } });
    expect(state.sync.a1?.state).toBe('offline');
  });

  it('drops sync progress the account list says is over (its idle event was missed while the socket was down)', () => {
    const account = { id: 'a1', email: 'a@x', displayName: 'A', imap: { host: 'h', port: 1, security: 'tls' as const, user: 'a' }, persistent: true, status: { state: 'syncing' as const } };
    let state = accountsLoaded(initialMailState, [account]);
    state = applyEvent(state, { type: 'sync.status', payload: { accountId: 'a1', state: 'syncing', mailboxId: 'inbox', progress: { done: 500, total: 1000 } } });
    expect(accountsLoaded(state, [account]).sync.a1?.progress).toEqual({ done: 500, total: 1000 });
    expect(accountsLoaded(state, [{ ...account, status: { state: 'idle' } }]).sync.a1).toBeUndefined();
  });
});

describe('an account removed (account.removed)', () => {
  const account = (id: string) => ({ id, email: `${id}@x`, displayName: id, imap: { host: 'h', port: 1, security: 'tls' as const, user: id }, persistent: true, status: { state: 'idle' as const } });
  const otherInbox: Mailbox = { ...inbox, id: 'inbox-2', accountId: 'a2' };

  it('does not come back from an event sent before the removal, nor from lists the hub answered before it', () => {
    let state = mailboxesLoaded(accountsLoaded(withInbox(), [account('a1'), account('a2')]), [inbox, otherInbox]);
    state = applyEvent(state, { type: 'account.removed', payload: { accountId: 'a1' } });
    expect(state.accounts.map((a) => a.id)).toEqual(['a2']);
    expect(state.mailboxOrder).toEqual(['inbox-2']);
    expect(state.list.ids).toEqual([]);
    // Late: the removed account's events, a refresh read before the removal, a search page.
    state = applyEvent(state, { type: 'mailbox.updated', payload: { mailbox: inbox } });
    state = applyEvent(state, { type: 'sync.status', payload: { accountId: 'a1', state: 'syncing' } });
    state = applyEvent(state, { type: 'email.new', payload: { message: message('m4', 4) } });
    state = mailboxesLoaded(accountsLoaded(state, [account('a1'), account('a2')]), [inbox, otherInbox]);
    expect(state.accounts.map((a) => a.id)).toEqual(['a2']);
    expect(state.mailboxOrder).toEqual(['inbox-2']);
    expect(state.sync.a1).toBeUndefined();
    const search = listReset(state, { kind: 'search', query: 'subject' });
    const found = listLoaded(search, search.list.generation, { messages: [message('m3', 3), message('b1', 2, { accountId: 'a2', mailboxId: 'inbox-2' })], nextCursor: null }, true);
    expect(found.list.ids).toEqual(['b1']);
  });
});

describe('pages', () => {
  it('drops a page that answers an older list', () => {
    const first = listReset(initialMailState, { kind: 'mailbox', mailboxId: 'inbox' });
    const second = listReset(first, { kind: 'search', query: 'budget' });
    const stale = listLoaded(second, first.list.generation, { messages: [message('m1', 1)], nextCursor: null }, true);
    expect(stale.list.ids).toEqual([]);
    expect(stale.list.loading).toBe(true);
  });

  it('appends the next page without duplicates', () => {
    const state = withInbox('c1');
    const next = listLoaded(state, state.list.generation, { messages: [message('m1', 1), message('m0', 0)], nextCursor: null }, false);
    expect(next.list.ids).toEqual(['m3', 'm2', 'm1', 'm0']);
    expect(next.list.nextCursor).toBeNull();
  });
});

describe('a list reloaded while things happen', () => {
  /** The shown inbox's first page asked for again (as after a reconnect), not answered yet. */
  const reloading = (state: MailState) => listLoading(state, state.list.generation, true);
  const answer = (state: MailState, messages: MessageSummary[]) => listLoaded(state, state.list.generation, { messages, nextCursor: null }, true);

  it('keeps what events said while the page was on its way, when the page was read before them', () => {
    let state = reloading(withInbox());
    state = applyEvent(state, { type: 'email.deleted', payload: { ids: ['m1'], mailboxId: 'inbox' } });
    state = applyEvent(state, { type: 'email.new', payload: { message: message('m4', 4) } });
    state = applyEvent(state, { type: 'email.updated', payload: { message: message('m2', 2, { flags: ['\\Seen'] }) } });
    // The page was read before those changes: m1 still there, no m4, m2 unread.
    state = answer(state, [message('m3', 3), message('m2', 2), message('m1', 1)]);
    expect(state.list.ids).toEqual(['m4', 'm3', 'm2']);
    expect(state.messages['m2']?.flags).toEqual(['\\Seen']);
    expect(state.list.journal).toBeNull();
  });

  it('keeps the user’s own actions still on their way, when the page was read before the hub had them', () => {
    let state = reloading(withInbox());
    state = applyOptimistic(state, { localId: 'l1', type: 'archive', messageIds: ['m2'], createdAt: 1 });
    state = applyOptimistic(state, { localId: 'l2', type: 'markRead', messageIds: ['m3'], createdAt: 2 });
    state = answer(state, [message('m3', 3), message('m2', 2), message('m1', 1)]);
    expect(state.list.ids).toEqual(['m3', 'm1']);
    expect(state.messages['m3']?.flags).toEqual(['\\Seen']);
  });

  it('shows the moved messages in the folder they went to while the move is on its way', () => {
    let state = applyOptimistic(withInbox(), { localId: 'l1', type: 'archive', messageIds: ['m2'], createdAt: 1 });
    state = actionAccepted(state, 'l1', 'op1');
    // The user opens Archive: the hub has the message there already, uid null, as moved.
    state = listReset(state, { kind: 'mailbox', mailboxId: 'archive' });
    state = answer(reloading(state), [message('m2', 2, { mailboxId: 'archive', uid: null }), message('a1', 1, { mailboxId: 'archive' })]);
    expect(state.list.ids).toEqual(['m2', 'a1']);
  });

  it('takes the page as it is for an action the hub refused meanwhile', () => {
    let state = reloading(withInbox());
    state = applyOptimistic(state, { localId: 'l1', type: 'archive', messageIds: ['m2'], createdAt: 1 });
    state = actionRejected(state, 'l1', { code: 'refused', message: 'no' });
    state = answer(state, [message('m3', 3), message('m2', 2), message('m1', 1)]);
    expect(state.list.ids).toEqual(['m3', 'm2', 'm1']);
  });
});

describe('actions dropped at logout', () => {
  it('drops one on its way too, so that its failed answer finds nothing to show or keep', () => {
    let state = applyOptimistic(withInbox(), { localId: 'l1', type: 'archive', messageIds: ['m2'], createdAt: 1 });
    expect(state.actions.map((action) => action.state)).toEqual(['sending']);
    state = unsentDropped(state, new Set(['l1']), { onTheirWay: true });
    expect(state.actions).toEqual([]);
    // The request fails afterwards (the hub away): nothing comes back.
    state = actionUnsent(state, 'l1', { code: 'hub_unreachable', message: 'down' });
    expect(state.actions).toEqual([]);
    expect(toastedGroups(state)).toEqual([]);
  });

  it('keeps one on its way when another window sent the same (only unsent parts go then)', () => {
    let state = applyOptimistic(withInbox(), { localId: 'l1', type: 'archive', messageIds: ['m2'], createdAt: 1 });
    state = unsentDropped(state, new Set(['l1']));
    expect(state.actions.map((action) => action.localId)).toEqual(['l1']);
  });
});

describe('messages put back', () => {
  it('puts every message of a refused archive back at its place among those that stayed, an arrival meanwhile included', () => {
    const reset = listReset(initialMailState, { kind: 'mailbox', mailboxId: 'inbox' });
    const all = Array.from({ length: 12 }, (_, i) => message(`m${12 - i}`, 12 - i));
    let state = listLoaded(reset, reset.list.generation, { messages: all, nextCursor: null }, true);
    const archived = ['m12', 'm9', 'm8', 'm3', 'm1'];
    state = applyOptimistic(state, { localId: 'l1', type: 'archive', messageIds: archived, createdAt: 1 });
    expect(state.list.ids).toEqual(['m11', 'm10', 'm7', 'm6', 'm5', 'm4', 'm2']);
    state = applyEvent(state, { type: 'email.new', payload: { message: message('m85', 8.5) } });
    state = actionRejected(state, 'l1', { code: 'refused', message: 'no' });
    expect(state.list.ids).toEqual(['m12', 'm11', 'm10', 'm9', 'm85', 'm8', 'm7', 'm6', 'm5', 'm4', 'm3', 'm2', 'm1']);
    expect(archived.every((id) => state.messages[id]?.mailboxId === 'inbox')).toBe(true);
  });
});

describe('an undo asked while the action was on its way, its toast dismissed', () => {
  it('brings the toast back when the undo fails: the action stands', () => {
    let state = applyOptimistic(withInbox(), { localId: 'l1', type: 'archive', messageIds: ['m2'], createdAt: 1 });
    state = undoStarted(state, 'l1');
    state = dismissAction(state, 'l1');
    expect(toastedGroups(state)).toEqual([]);
    state = actionAccepted(state, 'l1', 'op1');
    state = undoFailed(state, 'l1', { code: 'hub_unreachable', message: 'The hub could not be reached' });
    expect(toastedGroups(state).map((group) => group.id)).toEqual(['l1']);
    expect(state.list.ids).not.toContain('m2');
  });
});

describe('undo refused', () => {
  it('says why the action was not undone, and does not offer Undo again when it cannot be', () => {
    let state = applyOptimistic(withInbox(), { localId: 'l1', type: 'delete', messageIds: ['m2'], createdAt: 1 });
    state = actionAccepted(state, 'l1', 'op1');
    state = applyEvent(state, { type: 'action.status', payload: { actionId: 'op1', state: 'applied' } });
    state = undoStarted(state, 'l1');
    state = undoFailed(state, 'l1', { code: 'not_undoable', message: 'Messages deleted for good cannot be brought back' });
    const action = state.actions.find((a) => a.localId === 'l1')!;
    const shown = effectiveActionState(state, action);
    expect(shown.state).toBe('applied');
    expect(action.undoError?.message).toBe('Messages deleted for good cannot be brought back');
    expect(canOfferUndo(action, shown.state)).toBe(false);
  });

  it('offers Undo again after an undo that did not reach the hub', () => {
    let state = applyOptimistic(withInbox(), { localId: 'l1', type: 'archive', messageIds: ['m2'], createdAt: 1 });
    state = actionAccepted(state, 'l1', 'op1');
    state = undoFailed(undoStarted(state, 'l1'), 'l1', { code: 'hub_unreachable', message: 'The hub is not reachable' });
    const action = state.actions.find((a) => a.localId === 'l1')!;
    expect(action.undoError?.code).toBe('hub_unreachable');
    expect(canOfferUndo(action, effectiveActionState(state, action).state)).toBe(true);
  });
});

describe('optimistic actions', () => {
  it('flags at once, and puts the flag back when the hub refuses', () => {
    let state = applyOptimistic(withInbox(), { localId: 'l1', type: 'flag', messageIds: ['m2'], createdAt: 0 });
    expect(state.messages.m2?.flags).toContain('\\Flagged');
    expect(effectiveActionState(state, state.actions[0]!).state).toBe('sending');
    expect(pendingMessageIds(state).has('m2')).toBe(true);
    state = actionRejected(state, 'l1', { code: 'hub_unreachable', message: 'down' });
    expect(state.messages.m2?.flags).not.toContain('\\Flagged');
    expect(effectiveActionState(state, state.actions[0]!)).toEqual({ state: 'failed', error: { code: 'hub_unreachable', message: 'down' } });
  });

  it('follows the hub status even when action.status arrives before the POST answer', () => {
    let state = applyOptimistic(withInbox(), { localId: 'l1', type: 'markRead', messageIds: ['m1', 'm3'], createdAt: 0 });
    state = applyEvent(state, { type: 'action.status', payload: { actionId: 'act-1', state: 'pending' } });
    state = applyEvent(state, { type: 'action.status', payload: { actionId: 'act-1', state: 'applied' } });
    state = actionAccepted(state, 'l1', 'act-1');
    expect(effectiveActionState(state, state.actions[0]!).state).toBe('applied');
    expect(pendingMessageIds(state).size).toBe(0);
  });

  it('forgets finished actions older than the shown few, and most reports for untracked ones, but keeps those on their way', () => {
    // A client left open for weeks: every message read is an action.
    let state = withInbox();
    state = applyOptimistic(state, { localId: 'slow', type: 'flag', messageIds: ['m1'], createdAt: 0 });
    state = actionAccepted(state, 'slow', 'act-slow');
    for (let i = 0; i < 200; i += 1) {
      state = applyOptimistic(state, { localId: `l${i}`, type: 'markRead', messageIds: ['m2'], createdAt: i });
      state = actionAccepted(state, `l${i}`, `act-${i}`);
      state = applyEvent(state, { type: 'action.status', payload: { actionId: `act-${i}`, state: 'applied' } });
    }
    expect(state.actions.map((a) => a.localId)).toEqual(['slow', 'l196', 'l197', 'l198', 'l199']);
    expect(state.actions.slice(-SHOWN_ACTIONS).map((a) => effectiveActionState(state, a).state)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(Object.keys(state.actionStatus).length).toBeLessThanOrEqual(SHOWN_ACTIONS + 50);
    // The one still on its way keeps its message marked pending, and ends when the hub says so.
    expect([...pendingMessageIds(state)]).toEqual(['m1']);
    state = applyEvent(state, { type: 'action.status', payload: { actionId: 'act-slow', state: 'applied' } });
    expect(pendingMessageIds(state).size).toBe(0);
    expect(state.actions.map((a) => a.localId)).toEqual(['l196', 'l197', 'l198', 'l199']);
  });

  it('keeps only the latest failed actions beyond the shown few', () => {
    let state = withInbox();
    for (let i = 0; i < 60; i += 1) {
      state = applyOptimistic(state, { localId: `f${i}`, type: 'flag', messageIds: ['m1'], createdAt: i });
      state = actionRejected(state, `f${i}`, { code: 'hub_unreachable', message: 'down' });
      state = applyOptimistic(state, { localId: `ok${i}`, type: 'markRead', messageIds: ['m2'], createdAt: i });
      state = actionAccepted(state, `ok${i}`, `act-${i}`);
      state = applyEvent(state, { type: 'action.status', payload: { actionId: `act-${i}`, state: 'applied' } });
    }
    expect(state.actions.length).toBeLessThanOrEqual(SHOWN_ACTIONS + 20);
    expect(state.actions.some((a) => a.localId === 'f59')).toBe(true);
    expect(state.actions.some((a) => a.localId === 'f0')).toBe(false);
  });

  it('keeps a failed action until it is dismissed', () => {
    let state = applyOptimistic(withInbox(), { localId: 'bad', type: 'flag', messageIds: ['m1'], createdAt: 0 });
    state = actionAccepted(state, 'bad', 'act-bad');
    state = applyEvent(state, { type: 'action.status', payload: { actionId: 'act-bad', state: 'failed', error: { code: 'replay_failed', message: 'refused' } } });
    for (let i = 0; i < 10; i += 1) {
      state = applyOptimistic(state, { localId: `l${i}`, type: 'markRead', messageIds: ['m2'], createdAt: i });
      state = actionAccepted(state, `l${i}`, `act-${i}`);
      state = applyEvent(state, { type: 'action.status', payload: { actionId: `act-${i}`, state: 'applied' } });
    }
    expect(state.actions[0]?.localId).toBe('bad');
    expect(effectiveActionState(state, state.actions[0]!).error?.code).toBe('replay_failed');
    state = dismissAction(state, 'bad');
    expect(state.actions.map((a) => a.localId)).toEqual(['l6', 'l7', 'l8', 'l9']);
  });

  it('keeps a quiet action (the mark-read on opening) until the hub reports it, with a toast only if it failed', () => {
    let state = applyOptimistic(withInbox(), { localId: 'archive', type: 'archive', messageIds: ['m3'], createdAt: 0 });
    state = actionAccepted(state, 'archive', 'act-archive');
    state = applyEvent(state, { type: 'action.status', payload: { actionId: 'act-archive', state: 'applied' } });
    for (let i = 0; i < SHOWN_ACTIONS + 2; i += 1) {
      state = applyOptimistic(state, { localId: `read${i}`, type: 'markRead', messageIds: ['m1'], quiet: true, createdAt: i });
      // On its way: tracked (its message shows pending, a reload applies it again), no toast.
      expect(pendingMessageIds(state).has('m1')).toBe(true);
      state = actionAccepted(state, `read${i}`, `act-read${i}`);
      state = applyEvent(state, { type: 'action.status', payload: { actionId: `act-read${i}`, state: 'applied' } });
    }
    // Done: forgotten at once, and the archive's toast, Undo and all, is still the one shown.
    expect(state.actions.map((a) => a.localId)).toEqual(['archive']);
    expect(toastedGroups(state).map((g) => g.id)).toEqual(['archive']);

    state = applyOptimistic(state, { localId: 'bad-read', type: 'markRead', messageIds: ['m2'], quiet: true, createdAt: 9 });
    state = actionAccepted(state, 'bad-read', 'act-bad-read');
    expect(toastedGroups(state).map((g) => g.id)).toEqual(['archive']);
    state = applyEvent(state, { type: 'action.status', payload: { actionId: 'act-bad-read', state: 'failed', error: { code: 'replay_failed', message: 'refused' } } });
    expect(toastedGroups(state).map((g) => g.id)).toEqual(['archive', 'bad-read']);
  });

  it('shows a cancelled action as undone', () => {
    let state = applyOptimistic(withInbox(), { localId: 'l1', type: 'markRead', messageIds: ['m1'], createdAt: 0 });
    state = actionAccepted(state, 'l1', 'act-1');
    state = applyEvent(state, { type: 'action.status', payload: { actionId: 'act-1', state: 'failed', error: { code: 'cancelled', message: 'Undone' } } });
    expect(effectiveActionState(state, state.actions[0]!).state).toBe('undone');
  });

  it('takes archived messages out of the list, and brings them back on failure or undo', () => {
    let state = applyOptimistic(withInbox(), { localId: 'l1', type: 'archive', messageIds: ['m2', 'm3'], createdAt: 0 });
    expect(state.list.ids).toEqual(['m1']);
    const failed = actionRejected(state, 'l1', { code: 'not_implemented', message: 'later' });
    expect(failed.list.ids).toEqual(['m3', 'm2', 'm1']);
    state = actionAccepted(state, 'l1', 'act-1');
    const undone = undoFinished(state, 'l1', ['act-2']);
    expect(undone.list.ids).toEqual(['m3', 'm2', 'm1']);
    expect(undone.actions[0]?.state).toBe('undone');
  });
});

describe('order', () => {
  it('sorts newest first, then by uid, a just-moved (uid null) message first among equals', () => {
    const a = message('a', 1, { uid: 5 });
    const b = message('b', 1, { uid: 7 });
    const c = message('c', 1, { uid: null });
    expect([a, b, c].sort(compareMessages).map((m) => m.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('actions on search results', () => {
  it('brings a message archived from search results back when the hub refuses', () => {
    const reset = listReset(initialMailState, { kind: 'search', query: 'plan' });
    let state = listLoaded(reset, reset.list.generation, { messages: [message('m3', 3), message('m1', 1, { mailboxId: 'archive' })], nextCursor: null }, true);
    state = applyOptimistic(state, { localId: 'l1', type: 'delete', messageIds: ['m1'], createdAt: 0 });
    expect(state.list.ids).toEqual(['m3']);
    state = actionRejected(state, 'l1', { code: 'not_implemented', message: 'later' });
    expect(state.list.ids).toEqual(['m3', 'm1']);
  });
});
