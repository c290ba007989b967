// Mailboxes and their messages, read from the local store: works offline.
import type { MailboxesResponse, MessagePageResponse } from '../../../shared/api';
import type { ApiRoute } from '../server/api-router';
import { HttpError } from '../server/http-json';
import { decodeCursor, decodeMailboxCursor, encodeCursor, encodeMailboxCursor } from '../store/list-cursor';
import type { Store } from '../store/open-store';
import type { SyncManager } from '../sync/sync-manager';
import { publicMailbox } from '../store/message-rows';
import { BadCursorError } from '../store/store-reads';
import { badRequest, parseBefore, parseLimit } from './request-checks';

/** Runs a paged read, turning a foreign cursor into a 400. */
export function readPage(read: () => MessagePageResponse): MessagePageResponse {
  try {
    return read();
  } catch (error) {
    if (error instanceof BadCursorError) throw badRequest('before is not a cursor from this hub');
    throw error;
  }
}

/**
 * The store's position in a `before` cursor of this mailbox's list. A cursor of another mailbox
 * is refused rather than read as a position here: the rows after it would be a page of nothing
 * the client was shown.
 */
function positionIn(mailboxId: string, before: string): string {
  const bound = decodeMailboxCursor(before);
  if (!bound) throw badRequest('before is not a cursor from this hub');
  if (bound.mailboxId !== mailboxId) throw badRequest('before is a cursor of another mailbox’s list: page each mailbox with its own cursors');
  return encodeCursor(bound.position);
}

/** A page of this mailbox's list with its next cursor bound to the mailbox. */
function boundToMailbox(mailboxId: string, page: MessagePageResponse): MessagePageResponse {
  if (page.nextCursor === null) return page;
  const position = decodeCursor(page.nextCursor);
  if (!position) throw new Error('The store handed out a list cursor it cannot read');
  return { ...page, nextCursor: encodeMailboxCursor(mailboxId, position) };
}

export function mailboxRoutes(store: Store, sync: Pick<SyncManager, 'get'>): ApiRoute[] {
  return [
    {
      method: 'GET',
      pattern: '/api/mailboxes',
      handle(request) {
        const accountId = request.query.get('accountId') ?? undefined;
        // Present but empty is a client's mistake, not an account that went (404).
        if (accountId === '') throw badRequest('accountId must not be empty');
        if (accountId !== undefined && !store.reads.getAccount(accountId)) throw new HttpError(404, 'not_found', 'No such account');
        const body: MailboxesResponse = { mailboxes: store.reads.listMailboxes(accountId).map(publicMailbox) };
        return { body };
      },
    },
    {
      method: 'GET',
      pattern: '/api/mailboxes/:id/messages',
      handle(request) {
        const mailbox = store.reads.getMailbox(request.params.id as string);
        if (!mailbox) throw new HttpError(404, 'not_found', 'No such mailbox');
        const limit = parseLimit(request.query);
        const before = parseBefore(request.query);
        const position = before === undefined ? undefined : positionIn(mailbox.id, before);
        // Its first page: the user opened this folder (or its list is refreshed). It is checked on
        // the server now and watched while it stays open.
        if (before === undefined) sync.get(mailbox.accountId)?.viewing(mailbox.id);
        return { body: boundToMailbox(mailbox.id, readPage(() => store.reads.listMessages(mailbox.id, limit, position))) };
      },
    },
    {
      method: 'GET',
      pattern: '/api/search',
      handle(request) {
        const q = request.query.get('q');
        if (q === null || q.trim() === '') throw badRequest('q is required');
        if (q.length > 500) throw badRequest('q is too long');
        const limit = parseLimit(request.query);
        const before = parseBefore(request.query);
        return { body: readPage(() => store.reads.search(q, limit, before)) };
      },
    },
  ];
}
