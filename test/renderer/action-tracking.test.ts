// The user's actions as groups of per-account parts (stores/action-tracking.ts), the states of a
// part that never reached the hub (and of one an earlier page kept so), and the view around an
// action (ui-store): pure functions.
import { describe, expect, it } from 'vitest';
import type { Mailbox, MessageSummary } from '../../shared/model';
import { MAX_MESSAGES_PER_ACTION } from '../../shared/actions';
import { splitByAccount } from '../../renderer/src/stores/action-tracking';
import {
  actionAccepted,
  actionGroups,
  actionNotSent,
  actionRejected,
  actionResent,
  actionRestored,
  actionUnsent,
  applyEvent,
  applyOptimistic,
  dismissAction,
  groupOutcome,
  initialMailState,
  listLoaded,
  listReset,
  mailboxesLoaded,
  pendingMessageIds,
  SHOWN_ACTIONS,
  toastedGroups,
  unsentUndone,
  type MailState,
} from '../../renderer/src/stores/mail-state';
import { initialUiState, viewAfterFailure, viewAfterRemoval } from '../../renderer/src/stores/ui-store';

function message(id: string, accountId: string, minute: number, flags: string[] = []): MessageSummary {
  return {
    id,
    accountId,
    mailboxId: `${accountId}:INBOX`,
    uid: minute,
    messageId: null,
    subject: id,
    from: null,
    to: [],
    cc: [],
    date: null,
    receivedAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
    flags,
    size: 1,
    hasAttachments: false,
    snippet: '',
  };
}

const box = (accountId: string, path: string): Mailbox => ({ id: `${accountId}:${path}`, accountId, path, name: path, delimiter: '/', specialUse: null, total: 0, unread: 0 });

/** Search results of two accounts: a3, b2, a1 (newest first). */
function withResults(): MailState {
  const reset = listReset(mailboxesLoaded(initialMailState, [box('a', 'INBOX'), box('a', 'Projects'), box('b', 'INBOX')]), { kind: 'search', query: 'x' });
  return listLoaded(reset, reset.list.generation, { messages: [message('a3', 'a', 3), message('b2', 'b', 2), message('a1', 'a', 1)], nextCursor: null }, true);
}

const applied = (state: MailState, actionId: string) => applyEvent(state, { type: 'action.status', payload: { actionId, state: 'applied' } });

describe('splitByAccount', () => {
  it('makes one part per account, in the order the accounts come', () => {
    expect(splitByAccount(withResults(), ['a3', 'b2', 'a1'])).toEqual({ parts: [['a3', 'a1'], ['b2']], otherAccount: [] });
  });

  it('for a move, keeps the messages of other accounts than the target folder’s apart', () => {
    expect(splitByAccount(withResults(), ['a3', 'b2', 'a1'], 'a:Projects')).toEqual({ parts: [['a3', 'a1']], otherAccount: ['b2'] });
  });

  it('splits an account’s messages into parts the hub takes (5,000 at most each), in order', () => {
    const ids = Array.from({ length: 2 * MAX_MESSAGES_PER_ACTION + 7 }, (_, i) => `unknown-${i}`);
    const { parts } = splitByAccount(withResults(), ids);
    expect(parts.map((part) => part.length)).toEqual([MAX_MESSAGES_PER_ACTION, MAX_MESSAGES_PER_ACTION, 7]);
    expect(parts.flat()).toEqual(ids);
  });

  it('puts a message it does not know with the others (the hub decides)', () => {
    expect(splitByAccount(withResults(), ['b2', 'unknown'])).toEqual({ parts: [['b2', 'unknown']], otherAccount: [] });
  });
});

describe('a user action in parts', () => {
  /** An archive of a3 (account a) and b2 (account b): parts p1 and p2 of group g. */
  function archived(): MailState {
    let state = applyOptimistic(withResults(), { localId: 'g', group: 'g', type: 'archive', messageIds: ['a3'], createdAt: 0 });
    state = applyOptimistic(state, { localId: 'p2', group: 'g', type: 'archive', messageIds: ['b2'], createdAt: 0 });
    return state;
  }

  it('is one toast, whose state is the parts’ until all are done', () => {
    let state = archived();
    // Search results keep archived messages (moves-in-search.ts).
    expect(state.list.ids).toEqual(['a3', 'b2', 'a1']);
    const outcome = () => groupOutcome(state, toastedGroups(state)[0]!);
    expect(toastedGroups(state).map((g) => g.id)).toEqual(['g']);
    expect(outcome()).toMatchObject({ state: 'sending', count: 2, notDone: null, canUndo: false });
    state = actionAccepted(actionAccepted(state, 'g', 'act-1'), 'p2', 'act-2');
    state = applied(state, 'act-1');
    expect(outcome()).toMatchObject({ state: 'pending', count: 2, canUndo: true });
    state = applied(state, 'act-2');
    expect(outcome()).toMatchObject({ state: 'applied', count: 2, notDone: null });
  });

  it('says how many were not done, and why, when a part failed and the other went through', () => {
    let state = actionAccepted(archived(), 'p2', 'act-2');
    state = actionRejected(applied(state, 'act-2'), 'g', { code: 'unknown_messages', message: 'gone' });
    expect(state.list.ids).toEqual(['a3', 'b2', 'a1']);
    expect(groupOutcome(state, actionGroups(state.actions)[0]!)).toMatchObject({ state: 'applied', count: 1, notDone: { count: 1, error: { message: 'gone' } }, canUndo: true });
    state = actionRejected(archived(), 'g', { code: 'x', message: 'no' });
    state = actionRejected(state, 'p2', { code: 'x', message: 'no' });
    expect(groupOutcome(state, actionGroups(state.actions)[0]!)).toMatchObject({ state: 'failed', count: 2, error: { message: 'no' }, notDone: null });
  });

  it('keeps the part of a move not sent as failed, with nothing changed', () => {
    let state = applyOptimistic(withResults(), { localId: 'g', group: 'g', type: 'move', messageIds: ['a3'], targetMailboxId: 'a:Projects', createdAt: 0 });
    state = actionNotSent(state, { localId: 'p2', group: 'g', type: 'move', messageIds: ['b2'], targetMailboxId: 'a:Projects', createdAt: 0 }, { code: 'other_account', message: 'not between accounts' });
    expect(state.list.ids).toEqual(['a3', 'b2', 'a1']);
    expect([state.messages.a3?.mailboxId, state.messages.b2?.mailboxId]).toEqual(['a:Projects', 'b:INBOX']);
    expect(pendingMessageIds(state)).toEqual(new Set(['a3']));
    expect(groupOutcome(state, actionGroups(state.actions)[0]!)).toMatchObject({ state: 'sending', count: 1, notDone: { count: 1 } });
  });

  it('is forgotten whole: not while a part is on its way, at once when every part is done and newer toasts hide it', () => {
    let state = actionAccepted(actionAccepted(archived(), 'g', 'act-1'), 'p2', 'act-2');
    state = applied(state, 'act-1');
    for (let i = 0; i < SHOWN_ACTIONS; i += 1) {
      state = applyOptimistic(state, { localId: `d${i}`, type: 'delete', messageIds: ['a1'], createdAt: i });
      state = applied(actionAccepted(state, `d${i}`, `act-d${i}`), `act-d${i}`);
    }
    expect(state.actions.filter((a) => a.group === 'g').map((a) => a.localId)).toEqual(['g', 'p2']);
    state = applied(state, 'act-2');
    expect(state.actions.filter((a) => a.group === 'g')).toEqual([]);
  });
});

describe('an action that never reached the hub', () => {
  const star = () => applyOptimistic(withResults(), { localId: 'l1', type: 'flag', messageIds: ['a3'], quiet: true, createdAt: 0 });
  const flagged = (state: MailState) => state.messages.a3?.flags.includes('\\Flagged');

  it('stays shown and pending, without a toast when quiet, until it is sent again', () => {
    let state = actionUnsent(star(), 'l1', { code: 'hub_unreachable', message: 'down' });
    expect(flagged(state)).toBe(true);
    expect(pendingMessageIds(state).has('a3')).toBe(true);
    expect(toastedGroups(state)).toEqual([]);
    // A page read meanwhile shows the message as the hub has it: the star is applied again over it.
    state = listLoaded(state, state.list.generation, { messages: [message('a3', 'a', 3)], nextCursor: null }, true);
    expect(flagged(state)).toBe(true);
    state = actionResent(state, 'l1');
    expect(state.actions[0]?.state).toBe('sending');
  });

  it('is undone here, never to be sent', () => {
    const state = unsentUndone(actionUnsent(star(), 'l1', { code: 'hub_unreachable', message: 'down' }), 'l1');
    expect(flagged(state)).toBe(false);
    expect(state.actions[0]?.state).toBe('undone');
  });

  it('keeps waiting, quiet, when its toast is dismissed; a part the hub has goes', () => {
    let state = applyOptimistic(withResults(), { localId: 'g', group: 'g', type: 'archive', messageIds: ['a3'], createdAt: 0 });
    state = applyOptimistic(state, { localId: 'p2', group: 'g', type: 'archive', messageIds: ['b2'], createdAt: 0 });
    state = actionAccepted(actionUnsent(state, 'g', { code: 'hub_unreachable', message: 'down' }), 'p2', 'act-2');
    expect(groupOutcome(state, toastedGroups(state)[0]!)).toMatchObject({ state: 'unsent', canUndo: true });
    state = dismissAction(state, 'g');
    expect(state.actions.map((a) => [a.localId, a.state, a.quiet])).toEqual([['g', 'unsent', true]]);
    expect(toastedGroups(state)).toEqual([]);
  });
});

describe('an action an earlier page kept unsent (restored after a reload)', () => {
  /** Account a's inbox shown, its first page not read yet (a page just loaded), and `action` restored. */
  const restored = (action: Parameters<typeof actionRestored>[1]) =>
    actionRestored(listReset(mailboxesLoaded(initialMailState, [box('a', 'INBOX'), box('a', 'Archive')]), { kind: 'mailbox', mailboxId: 'a:INBOX' }), action);
  const firstPage = (state: MailState, messages: MessageSummary[]) => listLoaded(state, state.list.generation, { messages, nextCursor: null }, true);
  const down = { code: 'unknown_messages', message: 'No such messages: a3' };

  it('has its toast, and leaves the list the hub answers without its messages; a refusal puts them back', () => {
    let state = restored({ localId: 'k1', type: 'archive', messageIds: ['a3'], createdAt: 0, resend: { type: 'archive', messageIds: ['a3'] } });
    expect(groupOutcome(state, toastedGroups(state)[0]!)).toMatchObject({ state: 'unsent', count: 1, canUndo: true });
    // The hub has not taken it yet: its page still has a3.
    state = firstPage(state, [message('a3', 'a', 3), message('a1', 'a', 1)]);
    expect(state.list.ids).toEqual(['a1']);
    state = actionRejected(actionResent(state, 'k1'), 'k1', down);
    expect(state.list.ids).toEqual(['a3', 'a1']);
  });

  it('shows a star over the page the hub answers, and takes it off again when refused', () => {
    const flagged = (state: MailState) => state.messages.a3?.flags.includes('\\Flagged');
    let state = restored({ localId: 'k2', type: 'flag', messageIds: ['a3'], quiet: true, createdAt: 0, resend: { type: 'flag', messageIds: ['a3'] } });
    expect(toastedGroups(state)).toEqual([]);
    state = firstPage(actionResent(state, 'k2'), [message('a3', 'a', 3)]);
    expect(flagged(state)).toBe(true);
    state = actionRejected(state, 'k2', down);
    expect(flagged(state)).toBe(false);
  });

  it('is restored once, however often the page restores', () => {
    const action = { localId: 'k1', type: 'archive' as const, messageIds: ['a3'], createdAt: 0, resend: { type: 'archive' as const, messageIds: ['a3'] } };
    expect(actionRestored(restored(action), action).actions).toHaveLength(1);
  });
});

describe('the view around an action', () => {
  const ids = ['m5', 'm4', 'm3', 'm2', 'm1'];

  it('opens the next message when the open one leaves, the previous after the last, none when all left', () => {
    const ui = { ...initialUiState, selected: { m2: true as const }, cursorId: 'm3', openId: 'm3' };
    expect(viewAfterRemoval(ui, ids, new Set(['m3', 'm2']))).toEqual({ selected: {}, cursorId: 'm1', openId: 'm1' });
    expect(viewAfterRemoval({ ...ui, cursorId: 'm1', openId: 'm1' }, ids, new Set(['m1']))).toMatchObject({ cursorId: 'm2', openId: 'm2' });
    expect(viewAfterRemoval(ui, ids, new Set(ids))).toMatchObject({ cursorId: null, openId: null });
    // The open message stays: so does the reader.
    expect(viewAfterRemoval(ui, ids, new Set(['m2']))).toEqual({ selected: {}, cursorId: 'm3', openId: 'm3' });
  });

  it('puts back what a refused action changed, unless the user changed it since', () => {
    const before = { selected: { m3: true as const, m2: true as const }, cursorId: 'm3', openId: 'm3' };
    const after = viewAfterRemoval(before, ids, new Set(['m3', 'm2']));
    expect(viewAfterFailure(after, before, after, new Set(['m3', 'm2']))).toEqual({ selected: { m3: true, m2: true }, cursorId: 'm3', openId: 'm3' });
    // One part refused: its messages only.
    expect(viewAfterFailure(after, before, after, new Set(['m2']))).toEqual({ selected: { m2: true } });
    // The user checked another row and opened another message meanwhile: left as they are.
    const changed = { selected: { m5: true as const }, cursorId: 'm5', openId: 'm5' };
    expect(viewAfterFailure(changed, before, after, new Set(['m3', 'm2']))).toBeNull();
  });
});
