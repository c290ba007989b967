// What the views ask for: load lists and mailboxes, run searches (actions on messages are in
// action-commands.ts). Each is a plain function over the API client and the stores.
import type { ErrorInfo, MessageSummary } from '../../../shared/model';
import { ApiError, type ApiClient } from '../api/api-client';
import {
  accountsLoaded,
  listFailed,
  listFromMemory,
  listLoaded,
  listLoading,
  listBehindMailbox,
  listReset,
  mailboxesLoaded,
  applyEvent,
  effectiveActionState,
  type ListSource,
} from '../stores/mail-state';
import { mailStore, updateMail, updateMailFollowingRemovals } from '../stores/mail-store';
import { setUi, uiStore } from '../stores/ui-store';
import { forgetUntracked } from './kept-unsent-actions';

/** The first page: what fills a screen or two, quickly. Later pages are larger. */
export const PAGE_SIZE = 100;
export const NEXT_PAGE_SIZE = 500;

export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  return { code: 'error', message: String(error) };
}

/**
 * Whether a request never reached the hub: the hub was not reachable, or refused this window's
 * token (it restarted; the new token comes with the reconnect). Anything else is the hub's word.
 */
export function neverReachedHub(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status === 401);
}

function fetchPage(api: ApiClient, source: ListSource, before: string | null, limit = PAGE_SIZE) {
  return source.kind === 'mailbox' ? api.listMessages(source.mailboxId, limit, before) : api.search(source.query, limit, before);
}

export async function loadAccounts(api: ApiClient): Promise<void> {
  const { accounts } = await api.listAccounts();
  updateMail((state) => accountsLoaded(state, accounts));
}

export async function loadMailboxes(api: ApiClient): Promise<void> {
  const { mailboxes } = await api.listMailboxes();
  updateMail((state) => mailboxesLoaded(state, mailboxes));
}

/** Loads the first page of the list shown; with `atLeast`, keeps loading until that many rows (a refetch keeps the scroll depth). */
export async function loadFirstPage(api: ApiClient, atLeast = 0): Promise<void> {
  const { source, generation } = mailStore.getState().list;
  if (!source) return;
  updateMail((state) => listLoading(state, generation, true));
  try {
    const first = await fetchPage(api, source, null);
    const messages: MessageSummary[] = [...first.messages];
    let cursor = first.nextCursor;
    while (cursor && messages.length < atLeast && mailStore.getState().list.generation === generation) {
      const page = await fetchPage(api, source, cursor, NEXT_PAGE_SIZE);
      messages.push(...page.messages);
      cursor = page.nextCursor;
    }
    updateMailFollowingRemovals((state) => listLoaded(state, generation, { messages, nextCursor: cursor }, true));
  } catch (error) {
    // Not reachable: what the page has of the list shows meanwhile, as out of date (listFromMemory).
    const failed = neverReachedHub(error) ? listFromMemory : listFailed;
    updateMail((state) => failed(state, generation, errorInfo(error)));
    // The hub no longer has the mailbox: deleted on the server from another client (the protocol
    // has no event for a removed folder; its messages left with email.deleted).
    if (source.kind === 'mailbox' && error instanceof ApiError && error.status === 404) await reloadMailboxes(api);
  }
}

/**
 * Fetches the mailbox list again (a folder created, renamed or deleted elsewhere, or an account's
 * first folders). When the mailbox shown is no longer in it, the inbox is shown instead of an
 * empty or failed list; when none is shown yet (the first account's folders have just come), the
 * one to start on opens, as in Thunderbird and Gmail; when the one shown holds more than its list,
 * the list is read again (see listBehindMailbox).
 */
export async function reloadMailboxes(api: ApiClient): Promise<void> {
  try {
    await loadMailboxes(api);
  } catch (error) {
    console.warn('could not load the mailboxes', errorInfo(error).code);
    return;
  }
  // Folders of an account this window does not know: one added in another window (or through the
  // API) since this one loaded. The protocol has no event for an account added; its first folders
  // are how a window hears of it.
  const known = mailStore.getState();
  const unknown = (accountId: string): boolean => !known.removedAccounts[accountId] && !known.accounts.some((account) => account.id === accountId);
  if (Object.values(known.mailboxes).some((mailbox) => unknown(mailbox.accountId))) {
    await loadAccounts(api).catch((error: unknown) => console.warn('could not load the accounts', errorInfo(error).code));
  }
  const state = mailStore.getState();
  const { source } = state.list;
  const inbox = defaultMailboxId();
  if (source?.kind === 'mailbox' && !(source.mailboxId in state.mailboxes) && inbox) await showMailbox(api, inbox);
  else if (source === null && uiStore.getState().view === 'mail') {
    // Not while the setup form is open for another account: opening would close it.
    const start = startingMailboxId();
    if (start) await showMailbox(api, start);
  } else if (listBehindMailbox(state)) await loadFirstPage(api, state.list.ids.length);
}

/**
 * After an account's removal (here or in another window, see accountRemoved): a list of one of its
 * folders gives way to the mailbox to start on, another account's inbox; with no folder left to
 * show, to nothing (the setup form shows when no account is left; an account whose folders are
 * still coming opens one with them, see reloadMailboxes). A search stays, without its messages.
 */
export async function followAccountRemoval(api: ApiClient): Promise<void> {
  forgetUntracked();
  const state = mailStore.getState();
  const { source } = state.list;
  if (source?.kind !== 'mailbox' || source.mailboxId in state.mailboxes) return;
  const start = startingMailboxId();
  if (start) {
    await showMailbox(api, start);
    return;
  }
  updateMail((current) => listReset(current, null));
  setUi({ selected: {}, cursorId: null, openId: null, range: null });
}

/** The next (older) page, when the user scrolls near the end of what is loaded. */
export async function loadMore(api: ApiClient): Promise<void> {
  const { source, generation, nextCursor, loading } = mailStore.getState().list;
  if (!source || !nextCursor || loading) return;
  updateMail((state) => listLoading(state, generation));
  try {
    const page = await fetchPage(api, source, nextCursor, NEXT_PAGE_SIZE);
    updateMail((state) => listLoaded(state, generation, page, false));
  } catch (error) {
    updateMail((state) => listFailed(state, generation, errorInfo(error)));
  }
}

export async function showMailbox(api: ApiClient, mailboxId: string): Promise<void> {
  updateMail((state) => listReset(state, { kind: 'mailbox', mailboxId }));
  setUi({ view: 'mail', selected: {}, cursorId: null, openId: null, searchText: '' });
  const loaded = loadFirstPage(api);
  // After the request is on its way: a page's first storage access can take tens of milliseconds.
  rememberMailbox(mailboxId);
  await loaded;
}

export async function showSearch(api: ApiClient, query: string): Promise<void> {
  const trimmed = query.trim();
  if (!trimmed) return;
  updateMail((state) => listReset(state, { kind: 'search', query: trimmed }));
  setUi({ view: 'mail', selected: {}, cursorId: null, openId: null, alsoInTrashFor: null });
  await loadFirstPage(api);
  await checkTrashAndJunk(api, trimmed);
}

/**
 * The hub leaves Trash and Junk out of a search without an in: (as Gmail does); like Gmail, the
 * view then says when they hold matches too, so a deleted message searched for is not "lost".
 */
async function checkTrashAndJunk(api: ApiClient, query: string): Promise<void> {
  if (/(^|\s)in:/iu.test(query)) return;
  // A leading or trailing OR would join the folders to a word instead of ANDing them.
  const words = query.replace(/^(OR\s+)+|(\s+OR)+$/gu, '');
  try {
    const found = await api.search(`in:trash OR in:spam ${words}`, 1);
    const source = mailStore.getState().list.source;
    if (found.messages.length > 0 && source?.kind === 'search' && source.query === query) setUi({ alsoInTrashFor: query });
  } catch {
    // Only a hint: the search itself has answered.
  }
}

/** The inbox of the first account (what the app opens on). */
export function defaultMailboxId(): string | null {
  const state = mailStore.getState();
  const boxes = state.mailboxOrder.map((id) => state.mailboxes[id]).filter((m) => m !== undefined);
  return (boxes.find((m) => m.specialUse === '\\Inbox') ?? boxes[0])?.id ?? null;
}

/**
 * What opens when nothing is shown, or when a search is cleared: the mailbox shown last, if the hub
 * still has it, else the inbox.
 */
export function startingMailboxId(): string | null {
  const remembered = rememberedMailboxId();
  return remembered && remembered in mailStore.getState().mailboxes ? remembered : defaultMailboxId();
}

const LAST_MAILBOX_KEY = 'mailmind.lastMailbox';

/** The mailbox shown last (not secret: an id), so the next start can fetch its rows without waiting for the mailbox list. */
export function rememberedMailboxId(): string | null {
  try {
    return localStorage.getItem(LAST_MAILBOX_KEY);
  } catch {
    return null; // storage disabled: start from the inbox
  }
}

function rememberMailbox(mailboxId: string): void {
  try {
    localStorage.setItem(LAST_MAILBOX_KEY, mailboxId);
  } catch (error) {
    console.warn('could not remember the mailbox', String(error));
  }
}

let refreshInFlight: Promise<void> | null = null;
let refreshQueued: Promise<void> | null = null;

/**
 * Everything the views show, fetched again (at start and after every reconnect:
 * events missed meanwhile are not lost). A call while one runs gets another one after it
 * (calls meanwhile share that), since the one running may have read before what the caller
 * knows changed; with `join`, it shares the one running instead (nothing changed since it began).
 */
export function refreshAll(api: ApiClient, join = false): Promise<void> {
  if (refreshInFlight && join) return refreshInFlight;
  if (refreshInFlight) {
    refreshQueued ??= refreshInFlight.then(() => {
      refreshQueued = null;
      return refreshAll(api);
    });
    return refreshQueued;
  }
  refreshInFlight = runRefresh(api).finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

async function runRefresh(api: ApiClient): Promise<void> {
  await Promise.all([refreshViews(api), refreshPendingActions(api)]);
}

/**
 * The hub reports an action's end once (action.status): one that ended while the socket was
 * down (the hub restarted and replayed its queue, say) stayed "waiting for the server" for
 * good. Those still waiting are asked for.
 */
async function refreshPendingActions(api: ApiClient): Promise<void> {
  const state = mailStore.getState();
  const waiting = state.actions.filter((action) => action.actionId && effectiveActionState(state, action).state === 'pending');
  await Promise.all(
    waiting.map(async ({ actionId }) => {
      try {
        const payload = await api.getAction(actionId as string);
        if (payload.state !== 'pending') updateMail((current) => applyEvent(current, { type: 'action.status', payload }));
      } catch (error) {
        // Forgotten by the hub (404), or the hub is gone again: its events, or the next refresh, tell.
        console.warn('could not ask where an action stands', errorInfo(error).code);
      }
    }),
  );
}

async function refreshViews(api: ApiClient): Promise<void> {
  const accountsAndMailboxes = Promise.all([loadAccounts(api), loadMailboxes(api)]);
  // At start, the mailbox shown last loads alongside the mailbox list, not after it.
  // (Looked up once those requests are out: a page's first storage access is slow.)
  let early: Promise<void> | null = null;
  const remembered = mailStore.getState().list.source ? null : rememberedMailboxId();
  if (remembered) {
    updateMail((state) => listReset(state, { kind: 'mailbox', mailboxId: remembered }));
    early = loadFirstPage(api);
  }
  try {
    await accountsAndMailboxes;
  } catch (error) {
    console.warn('could not load accounts and mailboxes', errorInfo(error).message);
    return;
  }
  const { list } = mailStore.getState();
  if (list.source?.kind === 'mailbox' && !(list.source.mailboxId in mailStore.getState().mailboxes)) {
    updateMail((state) => listReset(state, null));
  }
  if (!mailStore.getState().list.source) {
    // The mailbox shown last, else the inbox. Without folders yet (the first account's are still
    // being listed), the first burst of folder events opens one (reloadMailboxes).
    const start = startingMailboxId();
    if (start) await showMailbox(api, start);
    return;
  }
  if (early) await early;
  else await loadFirstPage(api, list.ids.length);
}
