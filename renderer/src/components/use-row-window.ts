// Which rows of the message list to render. Every row has the same height, so the
// rows in view follow from scrollTop and the list's height alone, in constant time.
// (@tanstack/react-virtual, used before, measures rows one by one: with the list as
// long as the mailbox it rebuilt a 50,000-entry array whenever the count changed,
// at the first render and again whenever a message arrived.)
import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';

/** Rows [start, end) of a list. */
export interface RowRange {
  start: number;
  end: number;
}

/** The rows [first, last) that are at least partly in view. */
export function visibleRows(scrollTop: number, viewportHeight: number, rowHeight: number): RowRange {
  const top = Math.max(0, scrollTop);
  return { start: Math.floor(top / rowHeight), end: Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight) };
}

/** The rows to render: those in view and `overscan` more on each side, within [0, count). */
export function renderedRows(visible: RowRange, count: number, overscan: number): RowRange {
  const end = Math.min(count, visible.end + overscan);
  return { start: Math.min(end, Math.max(0, visible.start - overscan)), end };
}

/** The scrollTop that brings row `index` into view at the nearer edge, or null when it is in view already. */
export function scrollTopToShow(index: number, rowHeight: number, scrollTop: number, viewportHeight: number): number | null {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return null;
}

export interface RowWindow extends RowRange {
  totalHeight: number;
  scrollToIndex(index: number): void;
}

/**
 * The rows of the scroll element `scrollRef` to render. `attached` says whether
 * the element is in the DOM (the list renders another element when it has no
 * source); the element's scroll position and height are followed while it is.
 */
export function useRowWindow(scrollRef: RefObject<HTMLElement | null>, attached: boolean, count: number, rowHeight: number, overscan: number): RowWindow {
  // Before the first layout the list's height is not known; the window's height is
  // an upper bound, so the first render already has its rows (measured just after).
  const [visible, setVisible] = useState<RowRange>(() => visibleRows(0, window.innerHeight, rowHeight));

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!attached || !element) return undefined;
    const update = (): void => {
      const next = visibleRows(element.scrollTop, element.clientHeight, rowHeight);
      setVisible((previous) => (previous.start === next.start && previous.end === next.end ? previous : next));
    };
    update();
    element.addEventListener('scroll', update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(element);
    return () => {
      element.removeEventListener('scroll', update);
      resize.disconnect();
    };
  }, [scrollRef, attached, rowHeight]);

  const scrollToIndex = useCallback(
    (index: number) => {
      const element = scrollRef.current;
      if (!element) return;
      const target = scrollTopToShow(index, rowHeight, element.scrollTop, element.clientHeight);
      if (target !== null) element.scrollTop = target;
    },
    [scrollRef, rowHeight],
  );

  return { ...renderedRows(visible, count, overscan), totalHeight: count * rowHeight, scrollToIndex };
}
