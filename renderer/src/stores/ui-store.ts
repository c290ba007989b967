// The view slice: what is selected, open and typed, apart from the mail data.
// No React here (it can load before React); the hook is use-ui.ts.
import { createStore } from 'zustand/vanilla';

export type MainView = 'mail' | 'setup';

export interface UiState {
  view: MainView;
  /** Checked rows (multi-select). */
  selected: Record<string, true>;
  /** The row the keyboard is on. */
  cursorId: string | null;
  /** The message in the reader. */
  openId: string | null;
  searchText: string;
  /** Messages whose remote images the user chose to load (this session). */
  imagesLoadedFor: Record<string, true>;
  /** A search shown whose words also match mail in Trash or Junk, which it leaves out (as Gmail does). */
  alsoInTrashFor: string | null;
  /** The range Shift last checked (Shift-click, Shift and a cursor key): the next one starts from the same anchor. */
  range: SelectionRange | null;
}

/**
 * A range of rows checked with Shift: from `anchorId` to `toId`, where it left the cursor, and the
 * check marks it left (`selected`). Thunderbird's anchor: Shift+Down, Shift+Down, Shift+Up checks
 * two rows, then one, from where the first Shift began. It holds only while the cursor and the
 * check marks are still as the range left them: once anything else moved or checked (a click, an
 * arrow without Shift, Escape, a message gone), the next range starts from the cursor.
 */
export interface SelectionRange {
  anchorId: string;
  toId: string;
  selected: Record<string, true>;
}

export const initialUiState: UiState = { view: 'mail', selected: {}, cursorId: null, openId: null, searchText: '', imagesLoadedFor: {}, alsoInTrashFor: null, range: null };

export const uiStore = createStore<UiState>(() => initialUiState);

export function setUi(change: Partial<UiState>): void {
  uiStore.setState(change);
}

/** A plain click: this row only, and it becomes the cursor. */
export function selectOnly(id: string): void {
  uiStore.setState({ selected: { [id]: true }, cursorId: id });
}

/** Ctrl/Cmd-click or the checkbox: add or remove one row. */
export function toggleSelected(id: string): void {
  uiStore.setState((state) => {
    const selected = { ...state.selected };
    if (selected[id]) delete selected[id];
    else selected[id] = true;
    return { selected, cursorId: id };
  });
}

/** Where a range checked with Shift starts: the anchor of the range before it while that still holds (SelectionRange), else the cursor. */
function rangeAnchor(state: UiState): string | null {
  const { range } = state;
  return range && range.toId === state.cursorId && range.selected === state.selected ? range.anchorId : state.cursorId;
}

/**
 * Shift-click, or Shift and a cursor key: every row from the anchor (rangeAnchor) to this one
 * is checked, and only those, as in Thunderbird; the cursor goes to this row.
 */
export function selectRange(ids: readonly string[], id: string): void {
  uiStore.setState((state) => {
    const anchorId = rangeAnchor(state);
    let from = anchorId ? ids.indexOf(anchorId) : -1;
    const to = ids.indexOf(id);
    if (to < 0) return { selected: { [id]: true }, cursorId: id, range: null };
    if (from < 0) from = to;
    const selected: Record<string, true> = {};
    for (let i = Math.min(from, to); i <= Math.max(from, to); i += 1) selected[ids[i]!] = true;
    return { selected, cursorId: id, range: { anchorId: ids[from]!, toId: id, selected } };
  });
}

/** Ctrl/Cmd+A: every row loaded checked; the cursor stays. */
export function selectAll(ids: readonly string[]): void {
  uiStore.setState({ selected: Object.fromEntries(ids.map((id) => [id, true as const])), range: null });
}

/**
 * Where the cursor goes when the messages `gone` leave the list `ids` (as shown before): to the
 * next message still there, else the one before (what Thunderbird does). Left on a message that
 * left, the next Delete acted on it again: deleted for good from Trash.
 */
export function cursorAfterRemoval(ids: readonly string[], cursorId: string | null, gone: ReadonlySet<string>): string | null {
  if (!cursorId || !gone.has(cursorId)) return cursorId;
  const at = ids.indexOf(cursorId);
  for (let i = at + 1; at >= 0 && i < ids.length; i += 1) if (!gone.has(ids[i]!)) return ids[i]!;
  for (let i = at - 1; i >= 0; i -= 1) if (!gone.has(ids[i]!)) return ids[i]!;
  return null;
}

/** What the view holds that the user's action on messages changes: put back if the action fails. */
export type ActionView = Pick<UiState, 'selected' | 'cursorId' | 'openId'>;

/**
 * The view once the user's action took the messages `gone` out of the list `ids` (as shown
 * before): they are unchecked, and the cursor goes to the next message (cursorAfterRemoval).
 * The reader, when it showed one of them, shows that next message, or the previous after the
 * last one, as Thunderbird does (Gmail goes back to the list), in a folder and in search results
 * alike; it closes when no message is left.
 */
export function viewAfterRemoval(ui: ActionView, ids: readonly string[], gone: ReadonlySet<string>): ActionView {
  const selected = Object.fromEntries(Object.entries(ui.selected).filter(([id]) => !gone.has(id)));
  const cursorId = cursorAfterRemoval(ids, ui.cursorId, gone);
  if (ui.openId === null || !gone.has(ui.openId)) return { selected, cursorId, openId: ui.openId };
  const next = cursorAfterRemoval(ids, ui.openId, gone);
  return { selected, cursorId: next ?? cursorId, openId: next };
}

/**
 * What the view puts back when the user's action on `failed` was refused: the checked rows, the
 * cursor and the reader as they were `before` it, so that the user can try again; each only if
 * the user has not changed it since the action left it so (`after`). Null when nothing changes.
 */
export function viewAfterFailure(ui: ActionView, before: ActionView, after: ActionView, failed: ReadonlySet<string>): Partial<ActionView> | null {
  const change: Partial<ActionView> = {};
  const unchecked = Object.keys(before.selected).filter((id) => failed.has(id) && !ui.selected[id]);
  if (ui.selected === after.selected && unchecked.length > 0) change.selected = { ...ui.selected, ...Object.fromEntries(unchecked.map((id) => [id, true as const])) };
  if (ui.cursorId === after.cursorId && before.cursorId !== after.cursorId && before.cursorId !== null && failed.has(before.cursorId)) change.cursorId = before.cursorId;
  if (ui.openId === after.openId && before.openId !== after.openId && before.openId !== null && failed.has(before.openId)) change.openId = before.openId;
  return Object.keys(change).length > 0 ? change : null;
}

/**
 * What the view lets go of when messages leave the list without the user acting on them
 * (deleted or moved elsewhere, or gone at a reload): the cursor moves on as after a delete,
 * checked rows that left are unchecked, and the reader closes on a message that is gone (left
 * open, `j` jumped to the top and opened, and marked read, a message the user never chose).
 * Null when nothing the view holds left. `deleted` says whether a message was deleted outright
 * (the reader may show one that is not in the list).
 */
export function afterRemovals(ui: UiState, beforeIds: readonly string[], afterIds: readonly string[], deleted: (id: string) => boolean): Partial<UiState> | null {
  const still = new Set(afterIds);
  const gone = new Set(beforeIds.filter((id) => !still.has(id)));
  const openGone = ui.openId !== null && (gone.has(ui.openId) || deleted(ui.openId));
  const selectedGone = Object.keys(ui.selected).filter((id) => gone.has(id));
  const cursorGone = ui.cursorId !== null && gone.has(ui.cursorId);
  if (!openGone && selectedGone.length === 0 && !cursorGone) return null;
  const selected = { ...ui.selected };
  for (const id of selectedGone) delete selected[id];
  return { selected, cursorId: cursorAfterRemoval(beforeIds, ui.cursorId, gone), openId: openGone ? null : ui.openId };
}

/** The messages an action acts on: the checked rows, else the open message, else the cursor row. */
export function actionTargets(state: UiState): string[] {
  const checked = Object.keys(state.selected);
  if (checked.length > 0) return checked;
  if (state.openId) return [state.openId];
  return state.cursorId ? [state.cursorId] : [];
}
