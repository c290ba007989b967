// Undoing a move of search results, with the events in the order the real hub sends them: it
// publishes the undo's own move (email.deleted in the folder the action took the message to, then
// email.updated with the message back in its folder) before it answers the undo request. The
// result must stay, back in its folder, with what changed meanwhile (a star); it used to leave the
// results at the email.deleted, and the undo's answer put back the copy from before the action.
import { describe, expect, it } from 'vitest';
import type { Mailbox, MessageSummary } from '../../shared/model';
import { actionAccepted, applyEvent, applyOptimistic, initialMailState, listLoaded, listReset, mailboxesLoaded, undoFailed, undoFinished, undoStarted, type MailState } from '../../renderer/src/stores/mail-state';

const box = (path: string): Mailbox => ({ id: `a:${path}`, accountId: 'a', path, name: path, delimiter: '/', specialUse: null, total: 0, unread: 0 });

function message(id: string, minute: number): MessageSummary {
  return { id, accountId: 'a', mailboxId: 'a:INBOX', uid: minute, messageId: null, subject: id, from: null, to: [], cc: [], date: null, receivedAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(), flags: [], size: 1, hasAttachments: false, snippet: '' };
}

/** Search results x2, x1; x2 moved to Projects (relabelled in place), the hub's answer in, then starred. */
function movedAndStarred(): MailState {
  const reset = listReset(mailboxesLoaded(initialMailState, [box('INBOX'), box('Projects')]), { kind: 'search', query: 'x' });
  let state = listLoaded(reset, reset.list.generation, { messages: [message('x2', 2), message('x1', 1)], nextCursor: null }, true);
  state = applyOptimistic(state, { localId: 'g', group: 'g', type: 'move', messageIds: ['x2'], targetMailboxId: 'a:Projects', createdAt: 0 });
  state = actionAccepted(state, 'g', 'act-1');
  const moved = { ...message('x2', 2), mailboxId: 'a:Projects', uid: 7 };
  state = applyEvent(state, { type: 'email.updated', payload: { message: moved } });
  return applyEvent(state, { type: 'email.updated', payload: { message: { ...moved, flags: ['\\Flagged'] } } });
}

describe('undoing a move of a search result', () => {
  it('keeps the result, back in its folder and still starred, when the hub tells of the undo before it answers', () => {
    let state = undoStarted(movedAndStarred(), 'g');
    expect(state.messages.x2?.mailboxId).toBe('a:INBOX');
    const back = { ...message('x2', 2), uid: 8, flags: ['\\Flagged'] };
    state = applyEvent(state, { type: 'email.deleted', payload: { ids: ['x2'], mailboxId: 'a:Projects' } });
    state = applyEvent(state, { type: 'email.updated', payload: { message: back } });
    state = undoFinished(state, 'g', ['act-2']);
    expect(state.list.ids).toEqual(['x2', 'x1']);
    expect(state.messages.x2).toMatchObject({ mailboxId: 'a:INBOX', uid: 8, flags: ['\\Flagged'] });
  });

  // A guard (it passed before the change too): a refused undo leaves the action standing.
  it('shows the result where the move took it again when the undo is refused', () => {
    let state = undoStarted(movedAndStarred(), 'g');
    state = undoFailed(state, 'g', { code: 'not_undoable', message: 'no' });
    expect(state.list.ids).toEqual(['x2', 'x1']);
    expect(state.messages.x2?.mailboxId).toBe('a:Projects');
  });
});
