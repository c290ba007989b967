// The tray as the user sees it: the unread count of the inboxes in the
// tooltip, and a menu whose items do what they say. Plain Node, with a
// recording TrayPort and an in-memory settings file.
import { describe, expect, it } from 'vitest';
import type { Mailbox } from '../../../shared/model';
import { defaultSettings, type AppSettings, type SettingsFile } from '../../../electron/main/settings/app-settings';
import { createUnreadTray, type TrayMenuItem } from '../../../electron/main/tray/unread-tray';

function mailbox(id: string, unread: number, specialUse: Mailbox['specialUse'] = '\\Inbox', accountId = 'a1'): Mailbox {
  return { id, accountId, path: specialUse === '\\Inbox' ? 'INBOX' : id, name: id, delimiter: '/', specialUse, total: unread + 10, unread };
}

function memorySettings(initial: Partial<AppSettings> = {}): SettingsFile & { writes: Array<Partial<AppSettings>> } {
  let current = { ...defaultSettings, ...initial };
  const writes: Array<Partial<AppSettings>> = [];
  return {
    writes,
    get: () => current,
    update(change) {
      writes.push(change);
      current = { ...current, ...change };
      return current;
    },
  };
}

function setup(stored: Mailbox[], settings = memorySettings()) {
  const shown: Array<{ count: number; tooltip: string }> = [];
  let menu: readonly TrayMenuItem[] = [];
  const actions: string[] = [];
  let mailboxes = stored;
  const tray = createUnreadTray({
    port: { showUnread: (count, tooltip) => shown.push({ count, tooltip }), setMenu: (items) => (menu = items) },
    readMailboxes: () => mailboxes,
    settings,
    actions: { open: () => actions.push('open'), checkNow: () => actions.push('check-now'), quit: () => actions.push('quit') },
  });
  const item = (id: string): TrayMenuItem => {
    const found = menu.find((entry) => entry.kind !== 'separator' && entry.id === id);
    if (!found) throw new Error(`no menu item ${id}`);
    return found;
  };
  const click = (id: string): void => {
    const found = item(id);
    if (found.kind === 'action') found.run();
    else if (found.kind === 'toggle') found.toggle();
  };
  return { tray, shown, actions, settings, menu: () => menu, item, click, setStored: (next: Mailbox[]) => (mailboxes = next) };
}

const mailboxEvent = (m: Mailbox) => ({ type: 'mailbox.updated', payload: { mailbox: m } }) as const;

describe('unread tray', () => {
  it('shows the sum of unread in the inboxes (all accounts) at launch, ignoring other mailboxes', () => {
    const { shown, tray } = setup([mailbox('in-1', 3), mailbox('in-2', 4, '\\Inbox', 'a2'), mailbox('sent', 50, '\\Sent'), mailbox('work', 9, null)]);
    expect(tray.unreadCount()).toBe(7);
    expect(shown).toEqual([{ count: 7, tooltip: 'MailMind: 7 unread messages' }]);
  });

  it('follows mailbox.updated: an inbox count replaces that inbox share, other mailboxes do not count', () => {
    const { shown, tray } = setup([mailbox('in-1', 3), mailbox('in-2', 4, '\\Inbox', 'a2')]);
    tray.receive(mailboxEvent(mailbox('in-1', 1)));
    tray.receive(mailboxEvent(mailbox('archive', 12, '\\Archive')));
    tray.receive(mailboxEvent(mailbox('in-3', 2, '\\Inbox', 'a3')));
    expect(shown.map((s) => s.count)).toEqual([7, 5, 7]);
    expect(tray.unreadCount()).toBe(7);
  });

  it('says "1 unread message" and just "MailMind" at zero', () => {
    const { shown, tray } = setup([mailbox('in-1', 1)]);
    tray.receive(mailboxEvent(mailbox('in-1', 0)));
    expect(shown.map((s) => s.tooltip)).toEqual(['MailMind: 1 unread message', 'MailMind']);
  });

  it('updates the tray only when the count changes (a sync sends many mailbox updates)', () => {
    const { shown, tray } = setup([mailbox('in-1', 2)]);
    for (let i = 0; i < 20; i += 1) tray.receive(mailboxEvent(mailbox('in-1', 2)));
    expect(shown).toHaveLength(1);
  });

  it('recounts from the store on a sync state change (a removed account sends no mailbox event)', () => {
    const { shown, tray, setStored } = setup([mailbox('in-1', 2), mailbox('in-2', 5, '\\Inbox', 'a2')]);
    setStored([mailbox('in-1', 2)]);
    tray.receive({ type: 'sync.status', payload: { accountId: 'a1', state: 'idle' } });
    expect(shown.at(-1)).toEqual({ count: 2, tooltip: 'MailMind: 2 unread messages' });
  });

  it('has a menu: open, check mail now, pause notifications, the two window settings, quit', () => {
    const { menu } = setup([]);
    expect(menu().map((entry) => (entry.kind === 'separator' ? '---' : entry.label))).toEqual([
      'Open MailMind',
      'Check mail now',
      'Pause notifications',
      '---',
      'Keep running in the tray when closed',
      'Start minimized to the tray',
      '---',
      'Quit MailMind',
    ]);
  });

  it('runs the actions behind open, check mail now and quit', () => {
    const { click, actions } = setup([]);
    click('open');
    click('check-now');
    click('quit');
    expect(actions).toEqual(['open', 'check-now', 'quit']);
  });

  it('pauses notifications: saved in the settings, checked in the menu, said in the tooltip; and back', () => {
    const { click, item, settings, shown } = setup([mailbox('in-1', 2)]);
    expect(item('notificationsPaused')).toMatchObject({ checked: false });
    click('notificationsPaused');
    expect(settings.get().notificationsPaused).toBe(true);
    expect(settings.writes).toEqual([{ notificationsPaused: true }]);
    expect(item('notificationsPaused')).toMatchObject({ checked: true });
    expect(shown.at(-1)?.tooltip).toBe('MailMind: 2 unread messages (notifications paused)');
    click('notificationsPaused');
    expect(settings.get().notificationsPaused).toBe(false);
    expect(shown.at(-1)?.tooltip).toBe('MailMind: 2 unread messages');
  });

  it('toggles close-to-tray and start-minimized as saved settings', () => {
    const { click, item, settings } = setup([], memorySettings({ closeToTray: true, startMinimized: false }));
    expect(item('closeToTray')).toMatchObject({ checked: true });
    click('closeToTray');
    click('startMinimized');
    expect(settings.get()).toMatchObject({ closeToTray: false, startMinimized: true });
    expect(item('closeToTray')).toMatchObject({ checked: false });
    expect(item('startMinimized')).toMatchObject({ checked: true });
  });
});
