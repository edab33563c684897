import { describe, expect, it } from 'vitest';
import { atBottom, isScrollKey, rowWindow, scrollTargetFor } from './virtualWindow.js';

const ROW = 64;

describe('rowWindow', () => {
  it('given 10,000 rows at the top of a 640 px viewport, then only the 10 visible rows plus overscan are rendered', () => {
    const shown = rowWindow({ scrollTop: 0, height: 640, count: 10_000, rowHeight: ROW, overscan: 5 });
    expect(shown).toEqual({ start: 0, end: 15, offset: 0, totalHeight: 640_000 });
  });

  it('given a scroll into the middle, then the window starts overscan rows above the first visible row', () => {
    const shown = rowWindow({ scrollTop: 64_000, height: 640, count: 10_000, rowHeight: ROW, overscan: 5 });
    expect(shown).toEqual({ start: 995, end: 1_015, offset: 995 * ROW, totalHeight: 640_000 });
  });

  it('given a row cut by the viewport edge, then it is rendered', () => {
    const shown = rowWindow({ scrollTop: 32, height: 100, count: 100, rowHeight: ROW, overscan: 0 });
    expect([shown.start, shown.end]).toEqual([0, 3]);
  });

  it('given the bottom of the list, then the window ends at the last row', () => {
    const shown = rowWindow({
      scrollTop: 640_000 - 640,
      height: 640,
      count: 10_000,
      rowHeight: ROW,
      overscan: 5,
    });
    expect([shown.start, shown.end]).toEqual([9_985, 10_000]);
  });

  it('given a scroll offset past the end (the list shrank), then the last rows are shown', () => {
    const shown = rowWindow({ scrollTop: 1_000_000, height: 640, count: 20, rowHeight: ROW, overscan: 0 });
    expect([shown.start, shown.end]).toEqual([10, 20]);
  });

  it('given fewer rows than fit, then all of them are rendered', () => {
    const shown = rowWindow({ scrollTop: 0, height: 640, count: 3, rowHeight: ROW, overscan: 5 });
    expect([shown.start, shown.end, shown.totalHeight]).toEqual([0, 3, 192]);
  });

  it('given an empty list or a viewport not measured yet, then nothing (empty) or one row plus overscan', () => {
    expect(rowWindow({ scrollTop: 0, height: 640, count: 0, rowHeight: ROW, overscan: 5 })).toEqual({
      start: 0,
      end: 0,
      offset: 0,
      totalHeight: 0,
    });
    const unmeasured = rowWindow({ scrollTop: 0, height: 0, count: 50, rowHeight: ROW, overscan: 5 });
    expect([unmeasured.start, unmeasured.end]).toEqual([0, 6]);
  });
});

describe('atBottom', () => {
  it('given the viewport showing the end of the content, then it is at the bottom', () => {
    expect(atBottom({ scrollTop: 360, height: 640 }, 1_000)).toBe(true);
  });

  it('given a sub-pixel shortfall, then it still counts as the bottom', () => {
    expect(atBottom({ scrollTop: 357.5, height: 640 }, 1_000)).toBe(true);
  });

  it('given the reader scrolled up by one row, then it is not at the bottom (new rows do not move them)', () => {
    expect(atBottom({ scrollTop: 360 - ROW, height: 640 }, 1_000)).toBe(false);
  });
});

describe('scrollTargetFor', () => {
  const viewport = { scrollTop: 6_400, height: 640 };

  it('given PageDown or PageUp, then it moves by the viewport less one row, keeping the edge row in sight', () => {
    expect(scrollTargetFor('PageDown', viewport, ROW, 10_000)).toBe(6_400 + 576);
    expect(scrollTargetFor('PageUp', viewport, ROW, 10_000)).toBe(6_400 - 576);
  });

  it('given Home or End, then it goes to the first row or to the last screenful', () => {
    expect(scrollTargetFor('Home', viewport, ROW, 10_000)).toBe(0);
    expect(scrollTargetFor('End', viewport, ROW, 10_000)).toBe(640_000 - 640);
  });

  it('given a page past either end, then it stops at the end', () => {
    expect(scrollTargetFor('PageUp', { scrollTop: 100, height: 640 }, ROW, 10_000)).toBe(0);
    expect(scrollTargetFor('PageDown', { scrollTop: 639_000, height: 640 }, ROW, 10_000)).toBe(639_360);
    expect(scrollTargetFor('End', viewport, ROW, 3)).toBe(0);
  });

  it('given other keys, then they are left to the browser', () => {
    expect(['PageUp', 'PageDown', 'Home', 'End', 'ArrowDown', ' '].map(isScrollKey)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
