// The files of a user's INBOX in a private Dovecot's Maildir, for tests that break one message
// on disk (chmod 000: Dovecot then ends the session with "BYE FETCH failed" when it is fetched).
import { chmod, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { DovecotInstance } from './dovecot.js';

/**
 * The INBOX files of `user` (default: the first), in UID order for seeded mail: seeded files are
 * named by an increasing sequence number (maildir-seed.ts), and Dovecot numbers them in that order.
 */
export async function inboxFiles(dovecot: DovecotInstance, user = dovecot.users[0]!.user): Promise<string[]> {
  const root = dovecot.mailDir(user);
  const files: string[] = [];
  for (const dir of ['cur', 'new']) {
    for (const name of await readdir(path.join(root, dir)).catch(() => [])) files.push(path.join(root, dir, name));
  }
  return files.sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
}

/** Makes the seeded INBOX message with `uid` unreadable (or readable again) for the server. */
export async function setReadable(dovecot: DovecotInstance, uid: number, readable: boolean): Promise<void> {
  const file = (await inboxFiles(dovecot))[uid - 1];
  if (!file) throw new Error(`no seeded message with UID ${uid}`);
  await chmod(file, readable ? 0o600 : 0);
}
