// New mail comes in bursts. Each arrival's body is read ahead over the body connection; that
// connection used to log out as soon as the prefetch ended, so every arrival cost the server a
// login, a SELECT and a logout (and the hub the round trips). It now stays its quiet minute
// after an arrival, as after a message the user opened; after the session's first pass, which
// no one waits on, it still goes at once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Mailbox } from '../../../shared/model';
import type { HubEvent } from '../../../shared/protocol';
import { syntheticMessages } from '../../support/corpus';
import { mailboxesOf, messagesOf } from '../../support/hub-actions';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';
import { eventually } from '../../support/test-hub';

const ARRIVALS = 3;

/** Successful IMAP logins in the Dovecot's log. */
const logins = async (s: SyncedAccount): Promise<number> => (await s.dovecot.readLog()).split('\n').filter((line) => /imap-login: (Info: )?Login: user=/.test(line)).length;

let s: SyncedAccount;
let inbox: Mailbox;

const cached = (id: string): boolean => {
  const record = s.t.hub.store.reads.getMessage(id);
  return record !== null && s.t.hub.store.reads.bodyOf(record.rowid) !== null;
};

beforeAll(async () => {
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(5) }, hub: { sync: { pollMs: 600_000 } } });
  inbox = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Inbox')!;
  // The session's own prefetch (its login is counted before the arrivals).
  const present = await messagesOf(s.t, inbox.id);
  await eventually(() => present.every((m) => cached(m.id)), 'the first pass to read the bodies ahead', 15_000);
}, 60_000);

afterAll(() => s?.stop());

it(`reads ${ARRIVALS} arrivals' bodies ahead over one login, not one each`, async () => {
  // Dovecot's log process writes a login's line a moment after it.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const before = await logins(s);
  await withImapClient(s.dovecot, async (other) => {
    for (let n = 1; n <= ARRIVALS; n++) {
      const messageId = `<burst-${n}@mailmind.test>`;
      await other.append('INBOX', `From: list@mailmind.test\r\nSubject: Burst ${n}\r\nMessage-ID: ${messageId}\r\n\r\nPart ${n} of the thread\r\n`);
      const event = await s.socket.waitFor((e: HubEvent): e is Extract<HubEvent, { type: 'email.new' }> => e.type === 'email.new' && e.payload.message.messageId === messageId, 10_000);
      await eventually(() => cached(event.payload.message.id), `arrival ${n}'s body to be read ahead`, 10_000);
    }
  });
  // The other client's login, and the body connection's: the hub's IDLE session needs none.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect((await logins(s)) - before).toBe(2);
});
