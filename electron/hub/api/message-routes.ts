// One message: the body is fetched from the server on first request and
// cached in the store; offline, an uncached body is a 503 with a clear code.
import type { MessageDetailResponse } from '../../../shared/api';
import type { Logger } from '../logger';
import { bodySearchText, parseMessageBody } from '../mime/message-body';
import { createAttachmentCache } from './attachment-cache';
import { createInFlight, type InFlight } from './in-flight';
import type { ParsedBody } from '../mime/parsed-message';
import type { ApiRoute } from '../server/api-router';
import { HttpError } from '../server/http-json';
import type { Store } from '../store/open-store';
import { toSummary } from '../store/message-rows';
import type { MessageRecord } from '../store/store-types';
import { BodyFetchError } from '../sync/body-connection';
import { LoginRefusedError, OfflineError } from '../sync/offline-error';
import type { SyncManager } from '../sync/sync-manager';

export interface MessageRouteDeps {
  store: Store;
  sync: SyncManager;
  logger: Logger;
}

interface LoadedSource {
  source: Buffer;
  /** Set when the source was just fetched (and parsed to index its text). */
  parsed: ParsedBody | null;
}

/**
 * The largest message downloaded when it is opened (its size as the server stated it). A 150 MB
 * message kept the hub from answering for seconds while it was parsed, and again at each open;
 * past this size the user is told to open it elsewhere.
 */
export const MAX_ON_DEMAND_BYTES = 64 * 1024 * 1024;

const megabytes = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;

/** Fetches, parses and caches a message that is not cached. */
async function download({ store, sync, logger }: MessageRouteDeps, record: MessageRecord): Promise<LoadedSource> {
  // A message moved by the user but not yet on the server is still fetched from where the server has it.
  const location = store.operations.locate(record.id);
  const mailbox = location ? store.reads.getMailbox(location.mailboxId) : null;
  const account = sync.get(record.accountId);
  if (!mailbox || !location || !account) {
    throw new HttpError(503, 'body_unavailable_offline', 'The message body is not downloaded yet and the account is not connected');
  }
  let source: Buffer | null;
  try {
    source = await account.fetchSource(mailbox.path, location.uid, location.uidValidity);
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
  if (!source) throw new HttpError(404, 'gone', 'The message is no longer on the server');
  const parsed = await parseMessageBody(source);
  store.writes.saveBody(record, source, bodySearchText(parsed));
  return { source, parsed };
}

/** The raw source of a message: from the cache, else fetched over the account's connection (once for concurrent requests) and cached. */
export async function loadSource(deps: MessageRouteDeps, record: MessageRecord, downloads: InFlight<LoadedSource>): Promise<LoadedSource> {
  const cached = deps.store.reads.bodyOf(record.rowid);
  if (cached) return { source: cached, parsed: null };
  if (record.size > MAX_ON_DEMAND_BYTES) {
    throw new HttpError(
      413,
      'message_too_large',
      `This message is ${megabytes(record.size)}, more than MailMind downloads to open (${megabytes(MAX_ON_DEMAND_BYTES)}). Open it in your provider's web mail or another mail app.`,
    );
  }
  return downloads.run(record.id, () => download(deps, record));
}

function requireMessage(store: Store, id: string): MessageRecord {
  const record = store.reads.getMessage(id);
  if (!record) throw new HttpError(404, 'not_found', 'No such message');
  return record;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A filename safe for a Content-Disposition header (RFC 6266 with an RFC 5987 UTF-8 form). A
 * name decoded from a sender's header may hold a lone UTF-16 surrogate, on which
 * encodeURIComponent throws (the download was a 500): it becomes U+FFFD first. RFC 5987's
 * attr-char does not include ' ( ) *, which encodeURIComponent leaves as they are.
 */
function contentDisposition(filename: string | null): string {
  const name = (filename ?? 'attachment').replace(LONE_SURROGATE, '\uFFFD').replace(/[\r\n"\\/]/g, '_');
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
  const downloads = createInFlight<LoadedSource>();
  return [
    {
      method: 'GET',
      pattern: '/api/messages/:id',
      async handle(request) {
        const record = requireMessage(store, request.params.id as string);
        const loaded = await loadSource(deps, record, downloads);
        const body = loaded.parsed ?? (await parseMessageBody(loaded.source));
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
        const record = requireMessage(store, request.params.id as string);
        const index = Number(request.params.index);
        if (!/^\d+$/.test(request.params.index ?? '')) throw new HttpError(400, 'bad_request', 'index must be a non-negative integer');
        const attachment = await attachments.get(record.id, index, async () => (await loadSource(deps, record, downloads)).source);
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
