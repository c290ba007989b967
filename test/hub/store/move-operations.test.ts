// The store's half of moves, on a real SQLite file: a moved message shows in
// its target without a UID while the source's sync cannot bring it back; the
// server's answer gives it its new UID (and drops a copy the target's sync
// stored meanwhile); a refusal puts it back where the server has it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../../electron/hub/store/open-store';
import type { MailboxRecord } from '../../../electron/hub/store/store-types';
import { newMessage, openTestStore, type TestStore } from '../../support/store-fixtures';

let opened: TestStore;
let store: Store;
let inbox: MailboxRecord;
let archive: MailboxRecord;
const message = (uid: number) => newMessage(uid, { to: [], date: null });

const ids = (mailbox: MailboxRecord) => store.reads.listMessages(mailbox.id, 100).messages.map((m) => [m.id, m.uid]);

beforeEach(async () => {
  opened = await openTestStore();
  store = opened.store;
  inbox = store.writes.upsertMailbox('a1', { path: 'INBOX', name: 'Inbox', delimiter: '/', specialUse: '\\Inbox', sortKey: 0 });
  archive = store.writes.upsertMailbox('a1', { path: 'Archive', name: 'Archive', delimiter: '/', specialUse: '\\Archive', sortKey: 1 });
  store.writes.setSyncState(inbox.id, { uidValidity: 10 });
  store.writes.setSyncState(archive.id, { uidValidity: 20 });
  inbox = store.reads.getMailbox(inbox.id)!;
  archive = store.reads.getMailbox(archive.id)!;
  store.writes.insertMessages(inbox, [1, 2, 3].map(message));
});

afterEach(() => opened.close());

const moveFirst = () => {
  const record = store.reads.listMessages(inbox.id, 1).messages[0]!;
  const full = store.reads.getMessage(record.id)!;
  const change = store.operations.queueMove('op1', 'a1', [full], archive);
  return { record: full, change };
};

describe('moves in the store', () => {
  it('shows the message in the target at once and keeps the source sync from storing it again', () => {
    const { record, change } = moveFirst();
    expect(change.removed.get(inbox.id)).toEqual([record.id]);
    expect(change.updated.map((m) => [m.id, m.mailboxId, m.uid])).toEqual([[record.id, archive.id, null]]);
    expect(ids(archive)).toEqual([[record.id, null]]);
    expect(store.reads.getMailbox(inbox.id)).toMatchObject({ total: 2, unread: 2 });
    expect(store.reads.getMailbox(archive.id)).toMatchObject({ total: 1, unread: 1 });
    expect(store.operations.locate(record.id)).toEqual({ mailboxId: inbox.id, uidValidity: 10, uid: 3 });
    // The source's next sync still sees UID 3 on the server: it is not a new message.
    expect(store.operations.isHeld(inbox.id, 3)).toBe(true);
    expect(store.writes.insertMessages(inbox, [message(3)])).toEqual([]);
    expect(ids(inbox).map(([, uid]) => uid)).toEqual([2, 1]);
  });

  it('gives the message its new UID when the server has moved it, dropping a copy the target synced meanwhile', () => {
    const { record } = moveFirst();
    // The target's sync stored the moved copy (UID 7) as a message of its own.
    const [twin] = store.writes.insertMessages(archive, [{ ...message(3), uid: 7 }]);
    const change = store.operations.finish('op1', { state: 'applied', error: null, moved: new Map([[record.id, { mailboxId: archive.id, uidValidity: 20, uid: 7 }]]) })!;
    expect(change.removed.get(archive.id)).toEqual([twin!.id]);
    expect(ids(archive)).toEqual([[record.id, 7]]);
    expect(store.operations.locate(record.id)).toEqual({ mailboxId: archive.id, uidValidity: 20, uid: 7 });
    expect(store.operations.isHeld(inbox.id, 3)).toBe(false);
    expect(store.reads.getMailbox(archive.id)!.total).toBe(1);
    expect(store.operations.get('op1')!.state).toBe('applied');
  });

  it('puts a refused move back where the server has it', () => {
    const { record } = moveFirst();
    const change = store.operations.finish('op1', { state: 'failed', error: { code: 'move_refused', message: 'no' }, moved: new Map() })!;
    expect(change.removed.get(archive.id)).toEqual([record.id]);
    expect(ids(inbox)[0]).toEqual([record.id, 3]);
    expect(ids(archive)).toEqual([]);
    expect(store.operations.isHeld(inbox.id, 3)).toBe(false);
  });

  it('removes the message when the server no longer has it', () => {
    const { record } = moveFirst();
    const change = store.operations.finish('op1', { state: 'failed', error: { code: 'message_gone', message: 'gone' }, moved: new Map([[record.id, null]]) })!;
    expect(change.removed.get(archive.id)).toEqual([record.id]);
    expect(store.reads.getMessage(record.id)).toBeNull();
    expect(store.operations.locate(record.id)).toBeNull();
  });

  it('leaves the server location to a later queued move of the same message', () => {
    const { record } = moveFirst();
    store.operations.queueMove('op2', 'a1', [store.reads.getMessage(record.id)!], inbox);
    expect(ids(inbox)[0]).toEqual([record.id, null]);
    store.operations.finish('op1', { state: 'applied', error: null, moved: new Map([[record.id, { mailboxId: archive.id, uidValidity: 20, uid: 7 }]]) });
    // Shown in INBOX (the second move), while the server has it in Archive as UID 7: where op2 moves it from.
    expect(ids(inbox)[0]).toEqual([record.id, null]);
    expect(store.operations.locate(record.id)).toEqual({ mailboxId: archive.id, uidValidity: 20, uid: 7 });
    expect(store.operations.isHeld(archive.id, 7)).toBe(true);
  });

  it('cancels a pending move: back in the source with its UID', () => {
    const { record } = moveFirst();
    const change = store.operations.cancel('op1')!;
    expect(change.removed.get(archive.id)).toEqual([record.id]);
    expect(ids(inbox)[0]).toEqual([record.id, 3]);
    expect(store.operations.isHeld(inbox.id, 3)).toBe(false);
    expect(store.operations.pending('a1')).toEqual([]);
  });

  it('keeps a location pinned at a rebuild while another queued flag action still needs it', () => {
    const target = store.reads.getMessage(store.reads.listMessages(inbox.id, 1).messages[0]!.id)!;
    store.operations.queueFlagAction('read', 'a1', 'markRead', [target]);
    store.operations.queueFlagAction('unread', 'a1', 'markUnread', [store.reads.getMessage(target.id)!]);
    // The server renumbered INBOX: the rebuild pins where the queued actions' message was, then clears the folder.
    store.operations.keepPendingLocations('a1', inbox.id);
    store.writes.clearMailbox(inbox.id);
    store.writes.setSyncState(inbox.id, { uidValidity: 11 });
    store.operations.finish('read', { state: 'applied', error: null });
    expect(store.operations.locate(target.id)).toMatchObject({ mailboxId: inbox.id, uidValidity: 10, uid: target.uid });
    store.operations.finish('unread', { state: 'applied', error: null });
    expect(store.operations.locate(target.id)).toBeNull();
  });

  it('forgets actions that ended before the cutoff, never one still queued', () => {
    const { record } = moveFirst();
    const other = store.reads.getMessage(store.reads.listMessages(inbox.id, 1).messages[0]!.id)!;
    store.operations.queueFlagAction('op2', 'a1', 'flag', [other]);
    store.operations.finish('op1', { state: 'applied', error: null, moved: new Map([[record.id, { mailboxId: archive.id, uidValidity: 20, uid: 7 }]]) });
    expect(store.operations.pruneEnded(Date.now() - 60_000)).toBe(0);
    expect(store.operations.pruneEnded(Date.now() + 1)).toBe(1);
    expect(store.operations.get('op1')).toBeNull();
    expect(store.operations.get('op2')?.state).toBe('pending');
  });

  it('keeps an action queued long ago for a week after it ends, not from when it was queued', () => {
    const week = 7 * 24 * 60 * 60 * 1000;
    const other = store.reads.getMessage(store.reads.listMessages(inbox.id, 1).messages[0]!.id)!;
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() - 2 * week); // queued while offline, two weeks ago
      store.operations.queueFlagAction('old', 'a1', 'flag', [other]);
    } finally {
      vi.useRealTimers();
    }
    store.operations.finish('old', { state: 'applied', error: null });
    expect(store.operations.pruneEnded(Date.now() - week)).toBe(0);
    expect(store.operations.get('old')?.state).toBe('applied');
    expect(store.operations.pruneEnded(Date.now() + 1)).toBe(1);
  });

  it('does not cancel a move already sent to the server (only its inverse can undo it then)', () => {
    const { record } = moveFirst();
    store.operations.countAttempt('op1');
    expect(store.operations.cancel('op1')).toBeNull();
    expect(ids(archive)).toEqual([[record.id, null]]);
    expect(store.operations.get('op1')!.state).toBe('pending');
  });
});
