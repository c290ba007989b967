import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, type FocusEvent, type KeyboardEvent, type MouseEvent } from 'react';
import type { Account } from '../../../shared/model';
import { useApi } from '../api/api-context';
import { loadFirstPage, loadMore } from '../mail/mail-commands';
import { openMessage, performAction } from '../mail/action-commands';
import { mailboxPathLabel } from '../mail/mailbox-depth';
import { moveCursor, moveCursorTo } from '../mail/list-cursor';
import { isFlagged, pendingMessageIds } from '../stores/mail-state';
import { mailStore } from '../stores/mail-store';
import { selectAll, selectRange, setUi, toggleSelected, uiStore } from '../stores/ui-store';
import { useMail } from '../stores/use-mail';
import { useUi } from '../stores/use-ui';
import { MessageRow, type FolderChip } from './MessageRow';
import { useRowWindow } from './use-row-window';

export const ROW_HEIGHT = 72;

/** Keys that are only held for another (Shift before Shift+End): they do not stop the cursor on its way. */
const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock']);

/**
 * How far the scroll must move so that the row at the top of the view stays there when rows
 * come or go above it (mail arriving, mail moved away); 0 when nothing above it changed, or
 * when the row and all below it in view are gone.
 */
export function anchorShift(before: readonly string[], after: readonly string[], scrollTop: number, rowHeight: number): number {
  const first = Math.floor(scrollTop / rowHeight);
  const position = new Map<string, number>();
  for (let index = 0; index < after.length; index += 1) position.set(after[index]!, index);
  // The first row in view, or the first below it that is still there.
  for (let index = first; index < before.length; index += 1) {
    const now = position.get(before[index]!);
    if (now !== undefined) return (now - index) * rowHeight;
  }
  return 0;
}

/**
 * What names each account on a search result's folder chip, with more than one account (two
 * chips saying "Inbox" told nothing apart): the account's name, or when it has none (the hub
 * then names it by its address) the address's local part; the whole address where either is
 * shared by another account. Empty with a single account: the chip then names the folder only.
 */
function accountChipNames(accounts: readonly Account[]): Map<string, string> {
  const names = new Map<string, string>();
  if (accounts.length < 2) return names;
  const short = (account: Account): string => (account.displayName && account.displayName !== account.email ? account.displayName : account.email.split('@')[0] || account.email);
  const uses = new Map<string, number>();
  for (const account of accounts) uses.set(short(account), (uses.get(short(account)) ?? 0) + 1);
  for (const account of accounts) names.set(account.id, uses.get(short(account)) === 1 ? short(account) : account.email);
  return names;
}

/**
 * The virtualized message list: only the rows in view (plus a few) are in the
 * DOM. Its length is the mailbox total, so the scrollbar is right before every
 * page is loaded; rows not loaded yet show as placeholders and load as they near.
 */
export function MessageList() {
  const api = useApi();
  const list = useMail((state) => state.list);
  const messages = useMail((state) => state.messages);
  const total = useMail((state) => (state.list.source?.kind === 'mailbox' ? (state.mailboxes[state.list.source.mailboxId]?.total ?? 0) : 0));
  const actions = useMail((state) => state.actions);
  const actionStatus = useMail((state) => state.actionStatus);
  const pending = useMemo(() => pendingMessageIds({ actions, actionStatus }), [actions, actionStatus]);
  const selected = useUi((state) => state.selected);
  const cursorId = useUi((state) => state.cursorId);
  const openId = useUi((state) => state.openId);
  // Search results come from every folder: each row says which (Gmail's label chip), and with
  // more than one account, whose.
  const mailboxes = useMail((state) => state.mailboxes);
  const accounts = useMail((state) => state.accounts);
  const searching = list.source?.kind === 'search';
  const folderLabels = useMemo(() => {
    const labels = new Map<string, FolderChip>();
    if (!searching) return labels;
    const accountNames = accountChipNames(accounts);
    for (const mailbox of Object.values(mailboxes)) {
      labels.set(mailbox.id, { account: accountNames.get(mailbox.accountId) || null, folder: mailboxPathLabel(mailbox) });
    }
    return labels;
  }, [searching, mailboxes, accounts]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const rowIdPrefix = `${useId()}row-`;

  const count = list.nextCursor ? Math.max(list.ids.length + 1, total) : list.ids.length;
  const rows = useRowWindow(scrollRef, list.source !== null, count, ROW_HEIGHT, 6);
  const { scrollToIndex } = rows;
  const lastIndex = Math.max(0, rows.end - 1);

  useEffect(() => {
    if (api && list.nextCursor && !list.loading && !list.error && lastIndex >= list.ids.length - 50) void loadMore(api);
  }, [api, lastIndex, list.ids.length, list.nextCursor, list.loading, list.error]);

  // Keep the keyboard cursor in view.
  useEffect(() => {
    if (!cursorId) return;
    const index = mailStore.getState().list.ids.indexOf(cursorId);
    if (index >= 0) scrollToIndex(index);
  }, [cursorId, scrollToIndex]);

  // A new list starts at the top.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [list.generation]);

  // Rows that come or go above the view (an arrival, a message moved away) must not move what
  // the user is looking at, or a click lands on another message. At the very top, new mail
  // shows there instead.
  const shown = useRef<{ ids: string[]; generation: number } | null>(null);
  useLayoutEffect(() => {
    const element = scrollRef.current;
    const before = shown.current;
    shown.current = { ids: list.ids, generation: list.generation };
    if (!element || !before || before.generation !== list.generation || before.ids === list.ids || element.scrollTop === 0) return;
    const shift = anchorShift(before.ids, list.ids, element.scrollTop, ROW_HEIGHT);
    if (shift !== 0) element.scrollTop += shift;
  }, [list.ids, list.generation]);

  const onClick = useCallback(
    (id: string, event: MouseEvent) => {
      if (event.shiftKey) selectRange(mailStore.getState().list.ids, id);
      else if (event.ctrlKey || event.metaKey) toggleSelected(id);
      else if (api) {
        setUi({ selected: {} });
        openMessage(api, id);
      }
    },
    [api],
  );
  const onCheck = useCallback((id: string, range: boolean) => {
    if (range) selectRange(mailStore.getState().list.ids, id);
    else toggleSelected(id);
  }, []);
  const onStar = useCallback(
    (id: string) => {
      const message = mailStore.getState().messages[id];
      if (api && message) void performAction(api, isFlagged(message) ? 'unflag' : 'flag', [id]);
    },
    [api],
  );

  // The list is one tab stop (WAI-ARIA grid): its keys move the cursor, and the cursor row is
  // the one announced (aria-activedescendant). The rows' controls take clicks, not the focus.
  const pressed = useRef(false);
  const onFocus = useCallback(
    (event: FocusEvent<HTMLDivElement>) => {
      const element = event.currentTarget;
      if (event.target !== element) {
        // A row's check box or star, clicked: the list keeps the focus, so its keys go on acting on
        // the cursor row, and the focus is not lost when that row scrolls away and leaves the DOM.
        if (event.target instanceof Element && event.target.closest('[role="row"]')) element.focus({ preventScroll: true });
        return;
      }
      const byPointer = pressed.current;
      pressed.current = false;
      // A click goes to the row under the pointer: nothing may move before it lands.
      if (byPointer) return;
      // From the keyboard, the focus lands on the cursor row, else the open message, else the first row.
      const { ids } = mailStore.getState().list;
      const { cursorId: cursor, openId: open } = uiStore.getState();
      if (cursor && ids.includes(cursor)) scrollToIndex(ids.indexOf(cursor));
      else {
        const first = open && ids.includes(open) ? open : ids[0];
        if (first) setUi({ cursorId: first });
      }
    },
    [scrollToIndex],
  );
  // The cursor on its way past the rows loaded (End, PageDown at the end: pages load as it goes):
  // another key, a click or the wheel in the list stops it where it is.
  const walk = useRef<AbortController | null>(null);
  const stopWalk = useCallback(() => {
    walk.current?.abort();
    walk.current = null;
  }, []);
  useEffect(() => stopWalk, [stopWalk]);
  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      if (!MODIFIER_KEYS.has(event.key)) stopWalk();
      // The list's own keys, as Thunderbird's and Gmail's lists have them; the letters are the
      // app's shortcuts (use-keyboard-shortcuts.ts). Keys on a control in the list (Retry) are its own.
      if (!api || event.target !== event.currentTarget || event.altKey) return;
      if (event.ctrlKey || event.metaKey) {
        // Ctrl/Cmd+A checks every row loaded (Thunderbird's Select All), here only: in a text
        // field or the reader it selects text, as everywhere.
        if (event.key.toLowerCase() !== 'a' || event.shiftKey) return;
        selectAll(mailStore.getState().list.ids);
        event.preventDefault();
        return;
      }
      // With Shift, the keys that move the cursor check every row from the range's anchor to it
      // (Shift+Space is none of the list's keys).
      if (event.shiftKey && event.key === ' ') return;
      const controller = new AbortController();
      const move = { extend: event.shiftKey, signal: controller.signal };
      const page = Math.max(1, Math.floor(event.currentTarget.clientHeight / ROW_HEIGHT));
      switch (event.key) {
        case 'ArrowDown':
          void moveCursor(api, 1, move);
          break;
        case 'ArrowUp':
          void moveCursor(api, -1, move);
          break;
        case 'PageDown':
          void moveCursor(api, page, move);
          break;
        case 'PageUp':
          void moveCursor(api, -page, move);
          break;
        case 'Home':
          void moveCursorTo(api, 0, move);
          break;
        case 'End':
          // The folder's last message, not the last loaded one.
          void moveCursorTo(api, Infinity, move);
          break;
        case ' ': {
          const cursor = uiStore.getState().cursorId;
          if (cursor) toggleSelected(cursor);
          break;
        }
        default:
          return;
      }
      walk.current = controller;
      event.preventDefault();
    },
    [api, stopWalk],
  );

  if (!list.source) return <div className="list empty-state">No mailbox selected.</div>;

  const cursorShown = cursorId !== null && !!messages[cursorId] && list.ids.slice(rows.start, rows.end).includes(cursorId);
  return (
    <div
      className="list"
      ref={scrollRef}
      tabIndex={0}
      data-testid="message-list"
      role="grid"
      aria-label="Messages"
      aria-multiselectable="true"
      aria-rowcount={count}
      aria-activedescendant={cursorShown ? rowIdPrefix + cursorId : undefined}
      data-loading={list.loading}
      data-count={list.ids.length}
      onFocus={onFocus}
      onKeyDown={onKeyDown}
      onMouseDown={() => {
        pressed.current = true;
        stopWalk();
      }}
      onWheel={stopWalk}
      onMouseUp={() => {
        pressed.current = false;
      }}
    >
      {list.error ? (
        <div className="list-error" role="alert">
          Could not load messages: {list.error.message}{' '}
          <button type="button" onClick={() => api && void loadFirstPage(api)}>
            Retry
          </button>
        </div>
      ) : null}
      {!list.loading && count === 0 && !list.error ? (
        <div className="empty-state" data-testid="empty-list">
          {list.source.kind === 'search' ? 'No messages match.' : 'No messages here.'}
        </div>
      ) : null}
      <div className="list-inner" style={{ height: rows.totalHeight }}>
        {Array.from({ length: rows.end - rows.start }, (_, offset) => {
          const index = rows.start + offset;
          const top = index * ROW_HEIGHT;
          const id = list.ids[index];
          const message = id ? messages[id] : undefined;
          if (!message) {
            return <div key={`placeholder-${index}`} className="row placeholder" data-testid="placeholder-row" style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }} />;
          }
          return (
            <MessageRow
              key={message.id}
              message={message}
              rowId={rowIdPrefix + message.id}
              rowIndex={index + 1}
              top={top}
              height={ROW_HEIGHT}
              checked={!!selected[message.id]}
              cursor={cursorId === message.id}
              open={openId === message.id}
              pending={pending.has(message.id)}
              folder={searching ? (folderLabels.get(message.mailboxId) ?? null) : null}
              onClick={onClick}
              onCheck={onCheck}
              onStar={onStar}
            />
          );
        })}
      </div>
    </div>
  );
}
