// The accounts, folders and messages the renderer's component tests show, built as the hub
// reports them, with what a test cares about given and the rest alike everywhere.
import type { Account, Mailbox, MessageSummary } from '../../shared/model';

/** An account as the hub reports it: with no name given, its name is its address. */
export function account(id: string, email: string, { imap, ...fields }: Partial<Omit<Account, 'imap'>> & { imap?: Partial<Account['imap']> } = {}): Account {
  return { id, email, displayName: email, persistent: true, status: { state: 'idle' }, ...fields, imap: { host: 'h', port: 993, security: 'tls', user: email, ...imap } };
}

export const alice = account('a1', 'alice@example.test', { displayName: 'Alice', imap: { user: 'alice' } });
export const bob = account('a2', 'bob@example.test', { displayName: '', imap: { user: 'bob' } });

/** `accountId`'s folder at `path` (its id "<accountId>:<path>"), named Inbox or by the last part of its path; empty unless `fields` say otherwise. */
export function mailbox(accountId: string, path: string, specialUse: Mailbox['specialUse'] = null, fields: Partial<Mailbox> = {}): Mailbox {
  const name = path === 'INBOX' ? 'Inbox' : path.split('/').pop()!;
  return { id: `${accountId}:${path}`, accountId, path, name, delimiter: '/', specialUse, total: 0, unread: 0, ...fields };
}

/** A read message from Carol, "Subject <id>", in `mailbox`, received on January `day` (a higher day is newer; it is its uid too). */
export function summary(id: string, mailbox: Pick<Mailbox, 'id' | 'accountId'>, day: number, fields: Partial<MessageSummary> = {}): MessageSummary {
  return {
    id,
    accountId: mailbox.accountId,
    mailboxId: mailbox.id,
    uid: day,
    messageId: `<${id}@example.test>`,
    subject: `Subject ${id}`,
    from: { name: 'Carol', address: 'carol@example.test' },
    to: [],
    cc: [],
    date: null,
    receivedAt: new Date(Date.UTC(2026, 0, day)).toISOString(),
    flags: ['\\Seen'],
    size: 100,
    hasAttachments: false,
    snippet: '',
    ...fields,
  };
}

/** `count` messages m1, m2… "Subject 1", "Subject 2"… in `mailbox` with `flags`, m1 the newest (January 10, uid 100), each one a day older. */
export function numberedMessages(count: number, mailbox: Pick<Mailbox, 'id' | 'accountId'>, flags: string[]): MessageSummary[] {
  return Array.from({ length: count }, (_, i) => summary(`m${i + 1}`, mailbox, 10 - i, { uid: 100 - i, subject: `Subject ${i + 1}`, flags }));
}
