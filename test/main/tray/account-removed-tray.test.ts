// The tray once an account is removed: its unread mail no longer counts in the tooltip and the
// badge, at once (account.removed; the hub sends no mailbox event for a removed account's
// mailboxes), and an event about it that comes late does not bring it back. The tray logic over
// the Electron adapter, Electron replaced by its recording double (../electron-double.ts): the
// real module needs the Electron binary, which cannot be downloaded on this machine.
import { expect, it, vi } from 'vitest';
import type { Mailbox } from '../../../shared/model';
import { createElectronTray } from '../../../electron/main/adapters/electron-tray';
import { defaultSettings } from '../../../electron/main/settings/app-settings';
import { createUnreadTray } from '../../../electron/main/tray/unread-tray';
import { electronDouble, TrayDouble } from '../electron-double';

vi.mock('electron', async () => (await import('../electron-double')).electronModule);

const inbox = (accountId: string, unread: number): Mailbox => ({ id: `${accountId}:INBOX`, accountId, path: 'INBOX', name: 'Inbox', delimiter: '/', specialUse: '\\Inbox', total: unread + 10, unread });

it('stops counting a removed account’s unread mail in the tooltip and the badge', () => {
  let stored = [inbox('a1', 3), inbox('a2', 4)];
  const tray = createUnreadTray({
    port: createElectronTray('/app/resources/icon.png', () => {}),
    readMailboxes: () => stored,
    settings: { get: () => defaultSettings, update: () => defaultSettings },
    actions: { open: () => {}, checkNow: () => {}, quit: () => {} },
  });
  const shown = TrayDouble.created.at(-1)!;
  expect(shown.tooltip).toBe('MailMind: 7 unread messages');
  expect(electronDouble.app.badgeCount).toBe(7);

  // The hub has removed a1 with its mailboxes, and says so.
  stored = [inbox('a2', 4)];
  tray.receive({ type: 'account.removed', payload: { accountId: 'a1' } });
  expect(shown.tooltip).toBe('MailMind: 4 unread messages');
  expect(electronDouble.app.badgeCount).toBe(4);

  // A late update of its inbox (sent before the removal) does not count it again.
  tray.receive({ type: 'mailbox.updated', payload: { mailbox: inbox('a1', 5) } });
  expect(tray.unreadCount()).toBe(4);
  expect(shown.tooltip).toBe('MailMind: 4 unread messages');
});
