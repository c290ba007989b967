// Messages the search index holds in an older form, indexed again in the background after start:
// migration 11 queued those indexed before Greek lost its accents in the index (greek-accents.ts).
// A cached body's text is in the index only (it is contentless), so such a body is parsed again.
// A batch at a time, yielding between them: the hub answers requests meanwhile.
import type { Logger } from '../logger';
import { bodySearchText, parseMessageBody } from '../mime/message-body';
import type { Store } from '../store/open-store';

const BATCH = 100;

/** Indexes every queued message again; resolves with how many, or early (with the count so far) once `stopped()`. */
export async function reindexQueued(store: Store, logger: Logger, stopped: () => boolean): Promise<number> {
  let done = 0;
  for (;;) {
    if (stopped()) return done;
    const batch = store.reads.queuedForReindex(BATCH);
    if (batch.length === 0) break;
    for (const { record, body } of batch) {
      const text = body ? bodySearchText(await parseMessageBody(body)) : null;
      if (stopped()) return done;
      store.writes.reindexQueued(record, text);
      done += 1;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (done > 0) logger.info('search index brought up to date', { messages: done });
  return done;
}
