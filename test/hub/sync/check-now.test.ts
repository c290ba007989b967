// "Check mail now" on a connected account: folders other than INBOX (which
// IDLE watches) are checked at once instead of at the next poll.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { WITHOUT_NOTIFY } from '../../support/mail/dovecot';
import { startSyncedAccount, type SyncedAccount } from '../../support/synced-account';

let s: SyncedAccount;

beforeAll(async () => {
  // A poll interval far longer than the test, and a server without NOTIFY (the hub would hear of
  // the new mail by itself): only checkNow can find it in time.
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(10), imapCapability: WITHOUT_NOTIFY }, hub: { sync: { pollMs: 600_000 } } });
});

afterAll(() => s?.stop());

it('finds new mail in another folder at once when asked', async () => {
  await s.dovecot.appendRaw(s.dovecot.users[0]!.user, 'Archive', 'From: Ann <ann@example.test>\r\nSubject: Filed by a rule\r\nMessage-ID: <rule-1@test>\r\n\r\nbody\r\n');
  const arrived = (e: HubEvent): e is Extract<HubEvent, { type: 'email.new' }> => e.type === 'email.new' && e.payload.message.messageId === '<rule-1@test>';
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(s.socket.events.some(arrived)).toBe(false);
  s.t.hub.sync.get(s.account.id)!.checkNow();
  const event = await s.socket.waitFor(arrived, 10_000);
  expect(event.payload.message.subject).toBe('Filed by a rule');
});
