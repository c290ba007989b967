// The tray: the unread count of the inboxes and a small menu. Plain
// TypeScript behind a port (TrayPort), so it is tested in Node; the Electron
// tray is a thin adapter (adapters/electron-tray.ts).
import type { Mailbox } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import type { AppSettings, SettingsFile } from '../settings/app-settings';

export type TrayMenuItem =
  | { kind: 'action'; id: 'open' | 'check-now' | 'quit'; label: string; run(): void }
  | { kind: 'toggle'; id: keyof AppSettings; label: string; checked: boolean; toggle(): void }
  | { kind: 'separator' };

/** What the tray logic needs from the platform's tray. */
export interface TrayPort {
  /** Shows the count: in the tooltip everywhere, as the title on macOS, as a badge where supported. */
  showUnread(count: number, tooltip: string): void;
  setMenu(items: readonly TrayMenuItem[]): void;
}

export interface TrayActions {
  /** Shows and focuses the window. */
  open(): void;
  /** Asks every account to check for mail now. */
  checkNow(): void;
  quit(): void;
}

export interface UnreadTrayOptions {
  port: TrayPort;
  /** The stored mailboxes (hub.store reads): the count at launch, and again after a sync state change. */
  readMailboxes(): Mailbox[];
  settings: SettingsFile;
  actions: TrayActions;
}

export interface UnreadTray {
  /** A hub event (the tray is a member of the profile's event group). */
  receive(event: HubEvent): void;
  unreadCount(): number;
}

const isInbox = (mailbox: Mailbox): boolean => mailbox.specialUse === '\\Inbox';

/** The tooltip for `count` unread inbox messages. */
export function unreadTooltip(count: number, paused: boolean): string {
  const unread = count === 0 ? 'MailMind' : `MailMind: ${count} unread ${count === 1 ? 'message' : 'messages'}`;
  return paused ? `${unread} (notifications paused)` : unread;
}

/** Creates the tray logic and shows the initial count and menu. */
export function createUnreadTray({ port, readMailboxes, settings, actions }: UnreadTrayOptions): UnreadTray {
  // Unread per inbox (one per account), so an update replaces that inbox's share of the sum.
  const inboxUnread = new Map<string, { accountId: string; unread: number }>();
  // Removed accounts: an event about one that comes late does not count it again (ids are never reused).
  const removed = new Set<string>();
  let shown: string | null = null;

  const total = (): number => [...inboxUnread.values()].reduce((sum, inbox) => sum + inbox.unread, 0);
  const countInbox = (mailbox: Mailbox): void => {
    if (isInbox(mailbox) && !removed.has(mailbox.accountId)) inboxUnread.set(mailbox.id, { accountId: mailbox.accountId, unread: mailbox.unread });
    else inboxUnread.delete(mailbox.id);
  };

  const render = (): void => {
    const count = total();
    const tooltip = unreadTooltip(count, settings.get().notificationsPaused);
    // Mailbox updates stream in during a sync: only a change reaches the tray.
    if (`${count}|${tooltip}` === shown) return;
    shown = `${count}|${tooltip}`;
    port.showUnread(count, tooltip);
  };

  const reseed = (): void => {
    inboxUnread.clear();
    for (const mailbox of readMailboxes()) countInbox(mailbox);
  };

  const toggle = (id: keyof AppSettings, label: string): TrayMenuItem => ({
    kind: 'toggle',
    id,
    label,
    checked: settings.get()[id],
    toggle() {
      settings.update({ [id]: !settings.get()[id] });
      port.setMenu(menu());
      render();
    },
  });

  const menu = (): TrayMenuItem[] => [
    { kind: 'action', id: 'open', label: 'Open MailMind', run: actions.open },
    { kind: 'action', id: 'check-now', label: 'Check mail now', run: actions.checkNow },
    toggle('notificationsPaused', 'Pause notifications'),
    { kind: 'separator' },
    toggle('closeToTray', 'Keep running in the tray when closed'),
    toggle('startMinimized', 'Start minimized to the tray'),
    { kind: 'separator' },
    { kind: 'action', id: 'quit', label: 'Quit MailMind', run: actions.quit },
  ];

  reseed();
  port.setMenu(menu());
  render();

  return {
    receive(event) {
      if (event.type === 'mailbox.updated') {
        countInbox(event.payload.mailbox);
        render();
      } else if (event.type === 'account.removed') {
        // Its inbox goes with it: the hub sends no mailbox event for the mailboxes of a removed account.
        removed.add(event.payload.accountId);
        for (const [id, inbox] of inboxUnread) if (inbox.accountId === event.payload.accountId) inboxUnread.delete(id);
        render();
      } else if (event.type === 'sync.status') {
        // No event tells of a mailbox removed; a sync state change is a cheap moment to recount.
        reseed();
        render();
      }
    },
    unreadCount: total,
  };
}
