// New-mail notifications: INBOX arrivals only, never during a mailbox's first
// sync, never for mail already read, coalesced over a short window so a burst
// is one notification ("5 new messages from 3 senders"). Plain TypeScript
// behind a port (NotifierPort); the Electron notification is a thin adapter.
import type { OpenMessageTarget } from '../../../shared/bridge';
import type { MessageSummary } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';

export interface NotificationContent {
  title: string;
  body: string;
  /** Called when the user clicks the notification. */
  onClick(): void;
}

/** What the notifier needs from the platform: show one notification. */
export interface NotifierPort {
  show(notification: NotificationContent): void;
}

/** What the notifier needs to know of a mailbox (from the hub's store). */
export interface MailboxFacts {
  isInbox: boolean;
  /** False until the mailbox's first sync has finished (and again while it is rebuilt). */
  firstSyncDone: boolean;
}

export interface NewMailNotifierOptions {
  notifier: NotifierPort;
  mailboxFacts(mailboxId: string): MailboxFacts | null;
  isPaused(): boolean;
  /** Brings the window to the front on `target`. */
  focusMessage(target: OpenMessageTarget): void;
  /** How long arrivals are gathered into one notification. */
  coalesceMs?: number;
}

export interface NewMailNotifier {
  /** A hub event (the notifier is a member of the profile's event group). */
  receive(event: HubEvent): void;
  /** Drops what is pending (at quit). */
  dispose(): void;
}

export const DEFAULT_COALESCE_MS = 2000;

const senderKey = (message: MessageSummary): string => message.from?.address.toLowerCase() || message.from?.name || '';
const senderLabel = (message: MessageSummary): string => message.from?.name || message.from?.address || 'Unknown sender';

/** The title and body for a batch of new messages (newest first). */
export function describeArrivals(messages: readonly MessageSummary[]): { title: string; body: string } {
  const [newest] = messages;
  if (!newest) throw new Error('describeArrivals needs at least one message');
  const subject = newest.subject.trim() || '(no subject)';
  if (messages.length === 1) return { title: senderLabel(newest), body: subject };
  const senders = new Map<string, string>();
  for (const message of messages) if (!senders.has(senderKey(message))) senders.set(senderKey(message), senderLabel(message));
  const names = [...senders.values()];
  if (names.length === 1) return { title: `${messages.length} new messages from ${names[0]}`, body: subject };
  const shown = names.slice(0, 3).join(', ');
  const more = names.length > 3 ? ` and ${names.length - 3} more` : '';
  return { title: `${messages.length} new messages from ${names.length} senders`, body: `${shown}${more}` };
}

const newestFirst = (a: MessageSummary, b: MessageSummary): number => b.receivedAt.localeCompare(a.receivedAt) || (b.uid ?? 0) - (a.uid ?? 0);

/** Creates the notifier. */
export function createNewMailNotifier(options: NewMailNotifierOptions): NewMailNotifier {
  const coalesceMs = options.coalesceMs ?? DEFAULT_COALESCE_MS;
  const pending = new Map<string, MessageSummary>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const notifies = (message: MessageSummary): boolean => {
    if (options.isPaused() || message.flags.includes('\\Seen')) return false;
    const facts = options.mailboxFacts(message.mailboxId);
    // The hub sends email.new only after a mailbox's first sync; checked here too, so a first
    // sync can never turn into a flood of notifications.
    return facts !== null && facts.isInbox && facts.firstSyncDone;
  };

  const flush = (): void => {
    timer = null;
    const batch = [...pending.values()].sort(newestFirst);
    pending.clear();
    const [newest] = batch;
    // Paused while the batch gathered: the user asked for quiet.
    if (!newest || options.isPaused()) return;
    const target = { messageId: newest.id, mailboxId: newest.mailboxId };
    options.notifier.show({ ...describeArrivals(batch), onClick: () => options.focusMessage(target) });
  };

  return {
    receive(event) {
      if (event.type === 'email.new') {
        const { message } = event.payload;
        if (!notifies(message)) return;
        pending.set(message.id, message);
        timer ??= setTimeout(flush, coalesceMs);
      } else if (event.type === 'email.updated') {
        // Read (on another device, or here) before the notification went out: not news any more.
        if (event.payload.message.flags.includes('\\Seen')) pending.delete(event.payload.message.id);
      } else if (event.type === 'email.deleted') {
        for (const id of event.payload.ids) pending.delete(id);
      } else if (event.type === 'account.removed') {
        // Its mail is gone from this computer: no notification for it, nor a click that opens nothing.
        for (const [id, message] of pending) if (message.accountId === event.payload.accountId) pending.delete(id);
      }
    },
    dispose() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending.clear();
    },
  };
}
