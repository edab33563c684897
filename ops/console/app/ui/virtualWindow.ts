/**
 * Windowing arithmetic for a list of fixed-height rows, kept apart from the DOM so it can be tested alone: which
 * rows to render for a scroll offset, whether the reader is at the bottom (following live), and where the keys
 * that scroll by pages take them.
 */

export interface Viewport {
  /** The container's `scrollTop`, in pixels. */
  readonly scrollTop: number;
  /** The container's visible height (`clientHeight`), in pixels. */
  readonly height: number;
}

export interface WindowRequest extends Viewport {
  readonly count: number;
  /** Every row's height, in pixels (> 0). */
  readonly rowHeight: number;
  /** Rows rendered beyond each edge of the viewport, so a short scroll shows no blank rows. */
  readonly overscan: number;
}

/** Rows `start` (inclusive) to `end` (exclusive) are rendered, the first `offset` pixels from the top. */
export interface RowWindow {
  readonly start: number;
  readonly end: number;
  readonly offset: number;
  /** Height of the whole list, so the scrollbar stands for every row. */
  readonly totalHeight: number;
}

/**
 * The rows to render: those the viewport shows plus `overscan` on each side, clamped to the list. A scroll offset
 * past the end (a list that just shrank) shows the last rows. Negative or fractional inputs are tolerated.
 */
export function rowWindow(request: WindowRequest): RowWindow {
  const { count, rowHeight, overscan } = request;
  const totalHeight = count * rowHeight;
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0, offset: 0, totalHeight: 0 };
  const height = Math.max(0, request.height);
  const scrollTop = clamp(request.scrollTop, 0, Math.max(0, totalHeight - height));
  const first = Math.floor(scrollTop / rowHeight);
  const last = Math.ceil((scrollTop + height) / rowHeight);
  const start = clamp(first - overscan, 0, count);
  const end = clamp(Math.max(last, first + 1) + overscan, start, count);
  return { start, end, offset: start * rowHeight, totalHeight };
}

/** Within this many pixels of the bottom counts as "at the bottom" (sub-pixel scroll positions, zoom). */
export const BOTTOM_TOLERANCE_PX = 4;

/** Whether the viewport shows the end of content `scrollHeight` high: then new rows keep it pinned there. */
export function atBottom(viewport: Viewport, scrollHeight: number): boolean {
  return viewport.scrollTop + viewport.height >= scrollHeight - BOTTOM_TOLERANCE_PX;
}

/** The keys a focused list scrolls with (besides the arrows and space, which the browser handles). */
export type ScrollKey = 'PageUp' | 'PageDown' | 'Home' | 'End';

export function isScrollKey(key: string): key is ScrollKey {
  return key === 'PageUp' || key === 'PageDown' || key === 'Home' || key === 'End';
}

/**
 * The `scrollTop` a key leads to: a page is the viewport less one row (the row at the edge stays in sight, so a
 * reader keeps their place), clamped to the content.
 */
export function scrollTargetFor(
  key: ScrollKey,
  viewport: Viewport,
  rowHeight: number,
  count: number,
): number {
  const max = Math.max(0, count * rowHeight - viewport.height);
  const page = Math.max(rowHeight, viewport.height - rowHeight);
  switch (key) {
    case 'Home':
      return 0;
    case 'End':
      return max;
    case 'PageUp':
      return clamp(viewport.scrollTop - page, 0, max);
    case 'PageDown':
      return clamp(viewport.scrollTop + page, 0, max);
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
