// The message list's row window on its own: which rows are in view, which are
// rendered, and where to scroll to bring one into view (rows of equal height).
import { describe, expect, it } from 'vitest';
import { renderedRows, scrollTopToShow, visibleRows } from '../../renderer/src/components/use-row-window';

const ROW = 72;

describe('visibleRows', () => {
  it('counts a row that is only partly in view', () => {
    expect(visibleRows(0, 700, ROW)).toEqual({ start: 0, end: 10 }); // 700 / 72 = 9.7
    expect(visibleRows(100, 700, ROW)).toEqual({ start: 1, end: 12 }); // 100..800: rows 1 to 11
  });

  it('treats a negative scrollTop (overscroll) as the top and no height as no rows', () => {
    expect(visibleRows(-30, 144, ROW)).toEqual({ start: 0, end: 2 });
    expect(visibleRows(0, 0, ROW)).toEqual({ start: 0, end: 0 });
  });
});

describe('renderedRows', () => {
  it('adds the overscan on both sides within the list', () => {
    expect(renderedRows({ start: 10, end: 20 }, 50_000, 6)).toEqual({ start: 4, end: 26 });
    expect(renderedRows({ start: 2, end: 12 }, 50_000, 6)).toEqual({ start: 0, end: 18 });
  });

  it('never goes past the end of a short or empty list', () => {
    expect(renderedRows({ start: 0, end: 12 }, 5, 6)).toEqual({ start: 0, end: 5 });
    expect(renderedRows({ start: 0, end: 12 }, 0, 6)).toEqual({ start: 0, end: 0 });
    // Scrolled further than a list that has since shrunk.
    expect(renderedRows({ start: 40, end: 50 }, 20, 6)).toEqual({ start: 20, end: 20 });
  });
});

describe('scrollTopToShow', () => {
  it('leaves a row that is fully in view alone', () => {
    expect(scrollTopToShow(3, ROW, 0, 700)).toBeNull();
  });

  it('aligns a row above the view with the top, and one below with the bottom', () => {
    expect(scrollTopToShow(2, ROW, 500, 700)).toBe(144);
    expect(scrollTopToShow(12, ROW, 0, 700)).toBe(13 * ROW - 700);
  });

  it('scrolls a row cut off at the bottom fully into view', () => {
    expect(scrollTopToShow(9, ROW, 0, 700)).toBe(10 * ROW - 700); // row 9 ends at 720 > 700
  });
});
