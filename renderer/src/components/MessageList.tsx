import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, type MouseEvent } from 'react';
import { useApi } from '../api/api-context';
import { loadFirstPage, loadMore, openMessage, performAction } from '../mail/mail-commands';
import { mailboxPathLabel } from '../mail/mailbox-depth';
import { isFlagged, pendingMessageIds } from '../stores/mail-state';
import { mailStore } from '../stores/mail-store';
import { selectRange, setUi, toggleSelected } from '../stores/ui-store';
import { useMail } from '../stores/use-mail';
import { useUi } from '../stores/use-ui';
import { MessageRow } from './MessageRow';
import { useRowWindow } from './use-row-window';

export const ROW_HEIGHT = 72;

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
  // Search results come from every folder: each row says which (Gmail's label chip).
  const mailboxes = useMail((state) => state.mailboxes);
  const searching = list.source?.kind === 'search';
  const folderLabels = useMemo(() => {
    const labels = new Map<string, string>();
    if (searching) for (const mailbox of Object.values(mailboxes)) labels.set(mailbox.id, mailboxPathLabel(mailbox));
    return labels;
  }, [searching, mailboxes]);
  const scrollRef = useRef<HTMLDivElement>(null);

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
  const onStar = useCallback(
    (id: string) => {
      const message = mailStore.getState().messages[id];
      if (api && message) void performAction(api, isFlagged(message) ? 'unflag' : 'flag', [id]);
    },
    [api],
  );

  if (!list.source) return <div className="list empty-state">No mailbox selected.</div>;

  return (
    <div className="list" ref={scrollRef} tabIndex={0} data-testid="message-list" role="grid" aria-label="Messages" aria-rowcount={count} data-loading={list.loading} data-count={list.ids.length}>
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
              top={top}
              height={ROW_HEIGHT}
              checked={!!selected[message.id]}
              cursor={cursorId === message.id}
              open={openId === message.id}
              pending={pending.has(message.id)}
              folder={searching ? (folderLabels.get(message.mailboxId) ?? null) : null}
              onClick={onClick}
              onCheck={toggleSelected}
              onStar={onStar}
            />
          );
        })}
      </div>
    </div>
  );
}
