// The attachments of the messages just opened, parsed once. A reader showing inline images asks
// for each (six at a time), and each request parsed the whole message again: a message with
// thousands of tiny cid: images kept the hub busy for most of an hour (one ~1 s parse per
// image), and a 20 MB message with 50 images meant 50 parses of 20 MB. Requests in flight share
// one parse; the result stays a minute, for two messages at most, and only for messages small
// enough to hold (larger ones are parsed per request, keeping only the part asked for).
import { extractAllAttachments, extractAttachment } from '../mime/message-body';
import type { ExtractedAttachment } from '../mime/parsed-message';

export interface AttachmentCache {
  /** The attachment at `index` of message `messageId`, whose source `load` gives; null if there is none. */
  get(messageId: string, index: number, load: () => Promise<Buffer>): Promise<ExtractedAttachment | null>;
}

export interface AttachmentCacheOptions {
  maxEntries?: number;
  ttlMs?: number;
  /** Messages larger than this are not held: parsed per request. */
  maxMessageBytes?: number;
}

/** A message's parts when it is small enough to hold; else its source, for each waiting request to take its own part from. */
interface Loaded {
  parts: Array<ExtractedAttachment | null> | null;
  raw: Buffer | null;
}

interface Entry {
  loading: Promise<Loaded>;
  at: number;
}

export function createAttachmentCache({ maxEntries = 2, ttlMs = 60_000, maxMessageBytes = 32 * 1024 * 1024 }: AttachmentCacheOptions = {}): AttachmentCache {
  const entries = new Map<string, Entry>();
  const forgetOld = (now: number): void => {
    for (const [id, entry] of entries) if (now - entry.at > ttlMs) entries.delete(id);
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
  };
  return {
    async get(messageId, index, load) {
      const now = Date.now();
      forgetOld(now);
      let entry = entries.get(messageId);
      if (!entry) {
        const loading = load().then(async (raw): Promise<Loaded> => (raw.length <= maxMessageBytes ? { parts: await extractAllAttachments(raw), raw: null } : { parts: null, raw }));
        const created: Entry = { loading, at: now };
        entry = created;
        entries.set(messageId, created);
        forgetOld(now);
        // Only this entry goes (a newer one for the same message may have replaced it).
        const drop = (): void => {
          if (entries.get(messageId) === created) entries.delete(messageId);
        };
        // Neither a message too large to hold nor a failed load (offline) stays for later requests;
        // a held one goes after its minute even if no request comes to notice.
        loading.then((loaded) => (loaded.parts === null ? drop() : setTimeout(drop, ttlMs).unref()), drop);
      }
      const loaded = await entry.loading;
      return loaded.parts ? (loaded.parts[index] ?? null) : extractAttachment(loaded.raw as Buffer, index);
    },
  };
}
