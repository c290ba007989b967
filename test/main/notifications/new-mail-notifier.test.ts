// New-mail notifications as the user sees them: which arrivals notify, how a
// burst is coalesced, what the text says, where a click leads. The logic runs
// in plain Node behind recording ports; fake timers drive the coalescing window.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OpenMessageTarget } from '../../../shared/bridge';
import type { MessageSummary } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import {
  createNewMailNotifier,
  DEFAULT_COALESCE_MS,
  describeArrivals,
  type MailboxFacts,
  type NotificationContent,
} from '../../../electron/main/notifications/new-mail-notifier';

const INBOX = 'mb-inbox';
const ARCHIVE = 'mb-archive';
const NEW_INBOX = 'mb-inbox-first-sync';

let uid = 100;
function message(overrides: Partial<MessageSummary> = {}): MessageSummary {
  uid += 1;
  return {
    id: `m${uid}`,
    accountId: 'a1',
    mailboxId: INBOX,
    uid,
    messageId: `<${uid}@example.test>`,
    subject: `Subject ${uid}`,
    from: { name: 'Alice Example', address: 'alice@example.test' },
    to: [],
    cc: [],
    date: null,
    receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, uid)).toISOString(),
    flags: [],
    size: 100,
    hasAttachments: false,
    snippet: '',
    ...overrides,
  };
}

const arrived = (m: MessageSummary): HubEvent => ({ type: 'email.new', payload: { message: m } });

function setup(options: { paused?: boolean } = {}) {
  const shown: NotificationContent[] = [];
  const focused: OpenMessageTarget[] = [];
  let paused = options.paused ?? false;
  const facts: Record<string, MailboxFacts> = {
    [INBOX]: { isInbox: true, firstSyncDone: true },
    [ARCHIVE]: { isInbox: false, firstSyncDone: true },
    [NEW_INBOX]: { isInbox: true, firstSyncDone: false },
  };
  const notifier = createNewMailNotifier({
    notifier: { show: (n) => shown.push(n) },
    mailboxFacts: (id) => facts[id] ?? null,
    isPaused: () => paused,
    focusMessage: (target) => focused.push(target),
  });
  return { notifier, shown, focused, setPaused: (value: boolean) => (paused = value) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('new-mail notifications', () => {
  it('shows one notification with the sender and subject for a single INBOX arrival, after the coalescing window', () => {
    const { notifier, shown } = setup();
    notifier.receive(arrived(message({ subject: 'Lunch on Friday?' })));
    vi.advanceTimersByTime(DEFAULT_COALESCE_MS - 1);
    expect(shown).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(shown.map(({ title, body }) => ({ title, body }))).toEqual([{ title: 'Alice Example', body: 'Lunch on Friday?' }]);
  });

  it('falls back to the address when there is no display name, and says when there is no subject', () => {
    const { notifier, shown } = setup();
    notifier.receive(arrived(message({ from: { name: '', address: 'bob@example.test' }, subject: '  ' })));
    vi.runAllTimers();
    expect(shown.map(({ title, body }) => ({ title, body }))).toEqual([{ title: 'bob@example.test', body: '(no subject)' }]);
  });

  it('coalesces a burst into "5 new messages from 3 senders"', () => {
    const { notifier, shown } = setup();
    const senders = [
      { name: 'Alice', address: 'alice@example.test' },
      { name: 'Bob', address: 'bob@example.test' },
      { name: 'Alice (phone)', address: 'ALICE@example.test' },
      { name: 'Carol', address: 'carol@example.test' },
      { name: 'Bob', address: 'bob@example.test' },
    ];
    for (const from of senders) {
      notifier.receive(arrived(message({ from })));
      vi.advanceTimersByTime(300);
    }
    vi.runAllTimers();
    expect(shown).toHaveLength(1);
    expect(shown[0]?.title).toBe('5 new messages from 3 senders');
    // Senders newest first, each once (addresses compared without case), under its latest name.
    expect(shown[0]?.body).toBe('Bob, Carol, Alice (phone)');
  });

  it('names the sender when a burst comes from one sender', () => {
    const { notifier, shown } = setup();
    notifier.receive(arrived(message({ subject: 'older' })));
    notifier.receive(arrived(message({ subject: 'newest' })));
    vi.runAllTimers();
    expect(shown.map(({ title, body }) => ({ title, body }))).toEqual([{ title: '2 new messages from Alice Example', body: 'newest' }]);
  });

  it('starts a new notification for mail arriving after the window closed', () => {
    const { notifier, shown } = setup();
    notifier.receive(arrived(message()));
    vi.advanceTimersByTime(DEFAULT_COALESCE_MS);
    notifier.receive(arrived(message()));
    vi.advanceTimersByTime(DEFAULT_COALESCE_MS);
    expect(shown).toHaveLength(2);
  });

  it('focuses the window on the message when clicked (the newest one for a burst)', () => {
    const { notifier, shown, focused } = setup();
    const older = message();
    const newest = message();
    // The hub publishes a batch newest first; the click must still land on the newest.
    notifier.receive(arrived(newest));
    notifier.receive(arrived(older));
    vi.runAllTimers();
    expect(focused).toEqual([]);
    shown[0]?.onClick();
    expect(focused).toEqual([{ messageId: newest.id, mailboxId: INBOX }]);
  });

  it('ignores arrivals outside INBOX', () => {
    const { notifier, shown } = setup();
    notifier.receive(arrived(message({ mailboxId: ARCHIVE })));
    notifier.receive(arrived(message({ mailboxId: 'unknown-mailbox' })));
    vi.runAllTimers();
    expect(shown).toEqual([]);
  });

  it('never notifies during an inbox first sync, even if such an event arrives', () => {
    const { notifier, shown } = setup();
    for (let i = 0; i < 50; i += 1) notifier.receive(arrived(message({ mailboxId: NEW_INBOX })));
    vi.runAllTimers();
    expect(shown).toEqual([]);
  });

  it('ignores mail that is already read', () => {
    const { notifier, shown } = setup();
    notifier.receive(arrived(message({ flags: ['\\Seen'] })));
    notifier.receive(arrived(message({ flags: ['\\Flagged', '\\Seen'] })));
    vi.runAllTimers();
    expect(shown).toEqual([]);
  });

  it('drops a pending message that is read or deleted before the notification goes out', () => {
    const { notifier, shown } = setup();
    const readElsewhere = message();
    const deleted = message();
    const kept = message({ subject: 'still new' });
    for (const m of [readElsewhere, deleted, kept]) notifier.receive(arrived(m));
    notifier.receive({ type: 'email.updated', payload: { message: { ...readElsewhere, flags: ['\\Seen'] } } });
    notifier.receive({ type: 'email.deleted', payload: { ids: [deleted.id], mailboxId: INBOX } });
    vi.runAllTimers();
    expect(shown.map(({ title, body }) => ({ title, body }))).toEqual([{ title: 'Alice Example', body: 'still new' }]);
  });

  it('drops the pending messages of an account removed before the notification goes out (account.removed)', () => {
    const { notifier, shown } = setup();
    notifier.receive(arrived(message({ accountId: 'a1', subject: 'Gone with its account' })));
    notifier.receive(arrived(message({ accountId: 'a2', subject: 'Still here' })));
    notifier.receive({ type: 'account.removed', payload: { accountId: 'a1' } });
    vi.runAllTimers();
    expect(shown.map(({ title, body }) => ({ title, body }))).toEqual([{ title: 'Alice Example', body: 'Still here' }]);
  });

  it('respects "pause notifications", also when paused while a burst gathers', () => {
    const { notifier, shown, setPaused } = setup({ paused: true });
    notifier.receive(arrived(message()));
    vi.runAllTimers();
    expect(shown).toEqual([]);

    setPaused(false);
    notifier.receive(arrived(message()));
    setPaused(true);
    vi.runAllTimers();
    expect(shown).toEqual([]);

    setPaused(false);
    notifier.receive(arrived(message()));
    vi.runAllTimers();
    expect(shown).toHaveLength(1);
  });

  it('shows nothing after dispose', () => {
    const { notifier, shown } = setup();
    notifier.receive(arrived(message()));
    notifier.dispose();
    vi.runAllTimers();
    expect(shown).toEqual([]);
  });
});

describe('describeArrivals', () => {
  it('lists at most three senders and counts the rest', () => {
    const names = ['Ann', 'Ben', 'Cat', 'Dan', 'Eve'];
    const batch = names.map((name) => message({ from: { name, address: `${name.toLowerCase()}@example.test` } }));
    expect(describeArrivals(batch)).toEqual({ title: '5 new messages from 5 senders', body: 'Ann, Ben, Cat and 2 more' });
  });

  it('treats a missing sender as one unknown sender', () => {
    expect(describeArrivals([message({ from: null, subject: 'x' })])).toEqual({ title: 'Unknown sender', body: 'x' });
  });
});
