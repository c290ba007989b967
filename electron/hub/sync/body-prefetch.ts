// Bodies of recent mail are fetched in the background, newest first, so the
// messages a user is most likely to open read instantly and offline.
import type { ImapFlow } from 'imapflow';
import { parseMessageBody } from '../mime/message-body';
import type { MailboxRecord } from '../store/store-types';
import type { SyncContext } from './sync-context';
import { toSequenceSet } from './uid-sets';

/** Per pass: enough for the first screens of a mailbox, bounded in memory (count × size). */
export const PREFETCH_COUNT = 50;
export const PREFETCH_MAX_BYTES = 512 * 1024;

/** Fetches and caches the bodies of the newest uncached messages of `mailbox`; returns how many. */
export async function prefetchBodies(ctx: SyncContext, client: ImapFlow, mailbox: MailboxRecord): Promise<number> {
  const { reads, writes } = ctx.store;
  const wanted = reads.recentWithoutBody(mailbox.id, PREFETCH_COUNT, PREFETCH_MAX_BYTES);
  if (wanted.length === 0) return 0;
  const byUid = new Map(wanted.map((record) => [record.uid as number, record]));
  const sources = new Map<number, Buffer>();
  const lock = await client.getMailboxLock(mailbox.path, { description: 'mailmind prefetch' });
  try {
    // Renumbered on the server since the last sync: the stored UIDs may name other messages
    // now. The sync rebuilds the mailbox; its bodies come after.
    if (client.mailbox && Number(client.mailbox.uidValidity) !== mailbox.uidValidity) return 0;
    for await (const message of client.fetch(toSequenceSet([...byUid.keys()]), { uid: true, source: true }, { uid: true })) {
      if (message.source) sources.set(message.uid, message.source);
    }
  } finally {
    lock.release();
  }
  // Parsed after the FETCH: nothing else may run inside its loop.
  for (const [uid, source] of sources) {
    const record = byUid.get(uid);
    if (!record || !reads.getMessage(record.id)) continue;
    const parsed = await parseMessageBody(source);
    writes.saveBody(record, source, parsed.text ?? '');
  }
  ctx.logger.debug('bodies prefetched', { mailboxId: mailbox.id, count: sources.size });
  return sources.size;
}
