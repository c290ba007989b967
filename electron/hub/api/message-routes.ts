// One message: the body is fetched from the server on first request and
// cached in the store; offline, an uncached body is a 503 with a clear code.
// A cached body's parse is kept a while (parsed-body-cache.ts); a message not
// where the store says waits for the folder check (folder-check-wait.ts).
import type { MessageDetailResponse } from '../../../shared/api';
import type { Logger } from '../logger';
import { bodySearchText, parseMessageBody } from '../mime/message-body';
import { createAttachmentCache } from './attachment-cache';
import { FOLDER_CHECK_WAIT_MS, placeOf, waitForFolderCheck } from './folder-check-wait';
import { createGoneMessages, type GoneMessages } from './gone-messages';
import { createInFlight, type InFlight } from './in-flight';
import { createParsedBodyCache } from './parsed-body-cache';
import type { ParsedBody } from '../mime/parsed-message';
import type { ApiRoute } from '../server/api-router';
import { HttpError } from '../server/http-json';
import type { Store } from '../store/open-store';
import { toSummary } from '../store/message-rows';
import type { MessageRecord } from '../store/store-types';
import { BodyFetchError } from '../sync/body-connection';
import { MAX_SOURCE_BYTES } from '../sync/imap-client';
import { LoginRefusedError, OfflineError } from '../sync/offline-error';
import type { SyncManager } from '../sync/sync-manager';

export interface MessageRouteDeps {
  store: Store;
  sync: SyncManager;
  logger: Logger;
  /** How long an open waits for a folder check when the server lacks the folder (FOLDER_CHECK_WAIT_MS). */
  folderCheckWaitMs?: number;
  /** Messages the server no longer has (the hub's deletions are noted there too); a route's own when not given. */
  gone?: GoneMessages;
}

interface LoadedSource {
  source: Buffer;
  /** Set when the source was just fetched (and parsed to index its text). */
  parsed: ParsedBody | null;
}

/**
 * The largest message downloaded when it is opened (its size as the server stated it). A 150 MB
 * message kept the hub from answering for seconds while it was parsed, and again at each open;
 * past this size the user is told to open it elsewhere. The IMAP client refuses a source over it
 * too, whatever size the server stated.
 */
export const MAX_ON_DEMAND_BYTES = MAX_SOURCE_BYTES;

const megabytes = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;

/** The fetches tried for one open: the place found, and each place a folder check moved the message to. */
const MAX_PLACES = 3;

/** Fetches, parses and caches a message that is not cached. */
async function download(deps: MessageRouteDeps, record: MessageRecord, gone: GoneMessages): Promise<LoadedSource> {
  const { store, sync, logger } = deps;
  /** When the folder checks this open waits for must be over: set when the server first lacks the message. */
  let deadline: number | null = null;
  for (let tried = 1; ; tried++) {
    const place = placeOf(store, record.id);
    const source = await fetchFromServer(deps, record);
    if (source) {
      const parsed = await parseMessageBody(source);
      store.writes.saveBody(record, source, bodySearchText(parsed));
      return { source, parsed };
    }
    // Not where the store says: its folder renamed or deleted by another client (the fetch had the
    // folders checked), renumbered, or the message expunged. What the store shows once the
    // account's folders are checked says which.
    const account = sync.get(record.accountId);
    deadline ??= performance.now() + (deps.folderCheckWaitMs ?? FOLDER_CHECK_WAIT_MS);
    const timeoutMs = deadline - performance.now();
    const outcome = account && tried < MAX_PLACES && timeoutMs > 0 ? await waitForFolderCheck({ store, account, messageId: record.id, place, timeoutMs }) : 'unknown';
    if (outcome === 'moved') continue;
    logger.info('message not on the server where the store has it', { accountId: record.accountId, messageId: record.id, outcome, tried });
    gone.add(record.id);
    throw new HttpError(
      404,
      'gone',
      outcome === 'gone' ? 'The message is no longer on the server' : 'The message is no longer on the server where MailMind last saw it, and the folder check did not find it elsewhere in time',
    );
  }
}

/** The source of a message where the store says the server has it; null when the server has no such message there. */
async function fetchFromServer({ store, sync, logger }: MessageRouteDeps, record: MessageRecord): Promise<Buffer | null> {
  // A message moved by the user but not yet on the server is still fetched from where the server has it.
  const location = store.operations.locate(record.id);
  const mailbox = location ? store.reads.getMailbox(location.mailboxId) : null;
  const account = sync.get(record.accountId);
  if (!mailbox || !location || !account) {
    throw new HttpError(503, 'body_unavailable_offline', 'The message body is not downloaded yet and the account is not connected');
  }
  try {
    return await account.fetchSource(mailbox.path, location.uid, location.uidValidity);
  } catch (error) {
    if (error instanceof OfflineError) {
      throw new HttpError(503, 'body_unavailable_offline', 'The message body is not downloaded yet and the server is not reachable');
    }
    if (error instanceof LoginRefusedError) throw new HttpError(503, 'auth_failed', `The message body is not downloaded yet: ${error.message}`);
    // The server is there and refuses this one message: waiting for it to "come back" will not help.
    if (error instanceof BodyFetchError) {
      logger.warn('the server would not send a message body', { accountId: record.accountId, mailboxId: mailbox.id, uid: location.uid, reason: error.message });
      throw new HttpError(502, 'body_fetch_failed', error.message);
    }
    throw error;
  }
}

/** The raw source of a message: from the cache, else fetched over the account's connection (once for concurrent requests) and cached. */
export async function loadSource(deps: MessageRouteDeps, record: MessageRecord, downloads: InFlight<LoadedSource>, gone: GoneMessages): Promise<LoadedSource> {
  const cached = deps.store.reads.bodyOf(record.rowid);
  if (cached) return { source: cached, parsed: null };
  if (record.size > MAX_ON_DEMAND_BYTES) {
    throw new HttpError(
      413,
      'message_too_large',
      `This message is ${megabytes(record.size)}, more than MailMind downloads to open (${megabytes(MAX_ON_DEMAND_BYTES)}). Open it in your provider's web mail or another mail app.`,
    );
  }
  return downloads.run(record.id, () => download(deps, record, gone));
}

function requireMessage(store: Store, id: string, gone: GoneMessages): MessageRecord {
  const record = store.reads.getMessage(id);
  if (record) return record;
  if (gone.has(id)) throw new HttpError(404, 'gone', 'The message is no longer on the server');
  throw new HttpError(404, 'not_found', 'No such message');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A filename safe for a Content-Disposition header (RFC 6266 with an RFC 5987 UTF-8 form). A
 * name decoded from a sender's header may hold a lone UTF-16 surrogate, on which
 * encodeURIComponent throws (the download was a 500): it becomes U+FFFD first. RFC 5987's
 * attr-char does not include ' ( ) *, which encodeURIComponent leaves as they are.
 */
function contentDisposition(filename: string): string {
  const name = (filename || 'attachment').replace(LONE_SURROGATE, '\uFFFD').replace(/[\r\n"\\/]/g, '_');
  const ascii = name.replace(/[^\x20-\x7e]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A Content-Type the sender wrote, when it is a plain type/subtype (Node refuses characters beyond Latin-1 in a header). */
const PLAIN_MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i;

function safeContentType(contentType: string | null | undefined): string {
  return contentType && PLAIN_MEDIA_TYPE.test(contentType) ? contentType : 'application/octet-stream';
}

export function messageRoutes(deps: MessageRouteDeps): ApiRoute[] {
  const { store } = deps;
  const attachments = createAttachmentCache();
  const parsedBodies = createParsedBodyCache();
  const downloads = createInFlight<LoadedSource>();
  const gone = deps.gone ?? createGoneMessages();
  return [
    {
      method: 'GET',
      pattern: '/api/messages/:id',
      async handle(request) {
        const record = requireMessage(store, request.params.id as string, gone);
        const loaded = await loadSource(deps, record, downloads, gone);
        const body = await parsedBodies.get(record.id, loaded.source, loaded.parsed ?? undefined);
        const { inReplyTo, references } = record;
        const response: MessageDetailResponse = {
          message: { ...toSummary(record), inReplyTo, references },
          text: body.text,
          html: body.html,
          attachments: body.attachments,
        };
        return { body: response };
      },
    },
    {
      method: 'GET',
      pattern: '/api/messages/:id/attachments/:index',
      async handle(request) {
        const record = requireMessage(store, request.params.id as string, gone);
        const index = Number(request.params.index);
        if (!/^\d+$/.test(request.params.index ?? '')) throw new HttpError(400, 'bad_request', 'index must be a non-negative integer');
        const attachment = await attachments.get(record.id, index, async () => (await loadSource(deps, record, downloads, gone)).source);
        if (!attachment) throw new HttpError(404, 'not_found', 'No such attachment');
        return {
          raw: {
            contentType: safeContentType(attachment.info.contentType),
            headers: { 'Content-Disposition': contentDisposition(attachment.info.filename) },
            data: attachment.content,
          },
          body: null,
        };
      },
    },
  ];
}
