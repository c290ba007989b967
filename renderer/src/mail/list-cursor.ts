// The message list's keyboard cursor: moving it (j/k, the arrows, Home/End, the page keys), with
// Shift checking the rows it passes from the range's anchor (ui-store selectRange), and going
// past the rows loaded: the list loads a page at a time as it scrolls (`before` cursors), and End
// goes to the folder's last message, not to the last one loaded.
import type { ApiClient } from '../api/api-client';
import { mailStore } from '../stores/mail-store';
import { selectRange, setUi, uiStore } from '../stores/ui-store';
import { openMessage } from './action-commands';
import { loadMore } from './mail-commands';

export interface CursorMove {
  /** Shift held: the rows from the range's anchor to the new cursor are checked (and the reader stays as it is). */
  extend?: boolean;
  /** Stops a move past the loaded rows between two pages: another key pressed, the list clicked or scrolled. */
  signal?: AbortSignal;
}

/**
 * Puts the cursor on row `index` of the list (Infinity: its last). With the reader open, that
 * message opens too (not with Shift). A row past those loaded takes the pages after them, one at
 * a time, the cursor going to the last row loaded as each comes: a 50,000-message folder is a
 * hundred pages, and the user sees the cursor go and can stop it with another key (`signal`) or by
 * moving it (a click, j). Resolves once the cursor is there, or has stopped.
 */
export async function moveCursorTo(api: ApiClient, index: number, { extend = false, signal }: CursorMove = {}): Promise<void> {
  const { generation } = mailStore.getState().list;
  let placed = place(index, extend);
  while (placed !== null && needsMore(index, generation)) {
    const before = mailStore.getState().list;
    await nextPage(api, generation, signal);
    // Whatever moved the cursor meanwhile (a click, j, Shift-click) has the last word.
    const after = mailStore.getState().list;
    if (signal?.aborted || uiStore.getState().cursorId !== placed || after.generation !== generation) return;
    // A page that brought nothing (the folder emptied meanwhile) must not be asked for forever.
    if (after.ids.length === before.ids.length && after.nextCursor === before.nextCursor) return;
    placed = place(index, extend);
  }
  // The reader follows the cursor only where it stops: each page's last message on the way would
  // have opened, and been marked read.
  if (placed !== null && !extend && uiStore.getState().openId) openMessage(api, placed);
}

/** Moves the cursor by `step` rows (to the first row when there is none), as moveCursorTo. */
export function moveCursor(api: ApiClient, step: number, move: CursorMove = {}): Promise<void> {
  const ids = mailStore.getState().list.ids;
  const cursorId = uiStore.getState().cursorId;
  const at = cursorId ? ids.indexOf(cursorId) : -1;
  return moveCursorTo(api, at < 0 ? 0 : at + step, move);
}

/** Puts the cursor on row `index`, or on the last row loaded when it is further; returns the message it is on (null with no rows). */
function place(index: number, extend: boolean): string | null {
  const { ids } = mailStore.getState().list;
  const next = ids[Math.max(0, Math.min(ids.length - 1, index))];
  if (!next) return null;
  if (extend) selectRange(ids, next);
  else setUi({ cursorId: next });
  return next;
}

/** Whether row `index` is past the rows loaded of list `generation`, and a page after them can be loaded. */
function needsMore(index: number, generation: number): boolean {
  const { ids, nextCursor, error, generation: shown } = mailStore.getState().list;
  return shown === generation && index >= ids.length && nextCursor !== null && error === null;
}

/** Loads the page after the rows loaded, or waits for the one on its way (the list asks for one as it scrolls near the end). */
async function nextPage(api: ApiClient, generation: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return;
  if (!mailStore.getState().list.loading) {
    await loadMore(api);
    return;
  }
  await new Promise<void>((resolve) => {
    const done = (): void => {
      unsubscribe();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const unsubscribe = mailStore.subscribe((state) => {
      if (!state.list.loading || state.list.generation !== generation) done();
    });
    signal?.addEventListener('abort', done);
  });
}
