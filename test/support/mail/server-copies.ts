// What the server holds, read with a second IMAP client: every copy of every
// message in every mailbox, keyed by Message-ID. Tests compare it with what
// the hub should have made of it (a message in exactly one place, once).
import { ImapFlow } from 'imapflow';
import type { DovecotInstance } from './dovecot';

export interface ServerCopy {
  path: string;
  uid: number;
  /** Flags without \Recent (a session property, not the message's), sorted. */
  flags: string[];
}

export async function serverCopies(dovecot: DovecotInstance): Promise<Map<string, ServerCopy[]>> {
  const client = new ImapFlow({ ...dovecot.imapOptions(), logger: false });
  client.on('error', () => {});
  await client.connect();
  const copies = new Map<string, ServerCopy[]>();
  try {
    for (const mailbox of await client.list()) {
      if (mailbox.flags.has('\\Noselect')) continue;
      const lock = await client.getMailboxLock(mailbox.path);
      try {
        if (!client.mailbox || client.mailbox.exists === 0) continue;
        for await (const message of client.fetch('1:*', { uid: true, flags: true, envelope: true })) {
          const key = message.envelope?.messageId ?? '';
          const flags = [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort();
          copies.set(key, [...(copies.get(key) ?? []), { path: mailbox.path, uid: message.uid, flags }]);
        }
      } finally {
        lock.release();
      }
    }
  } finally {
    await client.logout();
  }
  return copies;
}
