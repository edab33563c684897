import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { atBottom, isScrollKey, rowWindow, scrollTargetFor } from './virtualWindow.js';

export interface VirtualListProps<T> {
  readonly items: readonly T[];
  /** The accessible name of the list. */
  readonly label: string;
  /** Every row's height in pixels; the stylesheet must keep each row to it (rows are placed by arithmetic). */
  readonly rowHeight: number;
  readonly itemKey: (item: T) => string | number;
  /** The row's content, inside its `role="listitem"` element. */
  readonly renderItem: (item: T, index: number) => ComponentChildren;
  /** Extra attributes of the row element (`data-*`). */
  readonly itemAttributes?: (item: T) => Readonly<Record<string, string | number>>;
  /**
   * Follow live (default true): while the reader is at the bottom, new items keep the newest in sight; scrolled
   * up, they are left where they are.
   */
  readonly followLive?: boolean;
  /** Rows rendered beyond each edge of the viewport (default 8). */
  readonly overscan?: number;
  /** Class of the scrolling container, which must have a fixed height (CSS). */
  readonly class?: string;
}

/**
 * A list that renders only the rows in view (plus overscan), so ten thousand items cost what a screenful costs.
 * The container is focusable and scrolls with the arrows, PageUp, PageDown, Home and End (also from a control in a
 * row; when that row scrolls away, focus stays on the list); each rendered row is a `listitem` with
 * `aria-setsize`/`aria-posinset`, so assistive technology knows the whole list's size.
 */
export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, rowHeight } = props;
  const container = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ scrollTop: 0, height: 0 });
  const pinned = useRef(props.followLive ?? true);
  /** The element focused inside the list last (a row's button, or the list itself). */
  const lastFocused = useRef<Element | null>(null);

  const measure = () => {
    const element = container.current;
    if (element === null) return;
    setViewport({ scrollTop: element.scrollTop, height: element.clientHeight });
  };
  const onScroll = () => {
    const element = container.current;
    if (element === null) return;
    const current = { scrollTop: element.scrollTop, height: element.clientHeight };
    if (props.followLive ?? true) pinned.current = atBottom(current, element.scrollHeight);
    setViewport(current);
  };

  useLayoutEffect(() => {
    const element = container.current;
    if (element === null) return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    measure();
    return () => observer.disconnect();
  }, []);

  // New items while pinned: scroll to the newest before the browser paints (no visible jump).
  useLayoutEffect(() => {
    const element = container.current;
    if (element === null || !pinned.current) return;
    element.scrollTop = element.scrollHeight;
    measure();
  }, [items.length]);

  // A focused row scrolled out of the window is unmounted, and focus would fall to the page: keep it on the list.
  useLayoutEffect(() => {
    const element = container.current;
    const focused = lastFocused.current;
    if (element === null || focused === null || focused.isConnected) return;
    if (document.activeElement === null || document.activeElement === document.body) {
      element.focus({ preventScroll: true });
    }
    lastFocused.current = element;
  });

  const onKeyDown = (event: KeyboardEvent) => {
    const element = container.current;
    if (element === null || !isScrollKey(event.key)) return;
    event.preventDefault();
    element.scrollTop = scrollTargetFor(event.key, viewport, rowHeight, items.length);
  };

  const shown = rowWindow({ ...viewport, count: items.length, rowHeight, overscan: props.overscan ?? 8 });
  const rows = items.slice(shown.start, shown.end);
  return (
    <div
      ref={container}
      class={`virtual-list ${props.class ?? ''}`}
      role="list"
      aria-label={props.label}
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      onFocusIn={(event) => {
        lastFocused.current = event.target as Element;
      }}
    >
      <div role="presentation" style={{ height: `${shown.totalHeight}px`, position: 'relative' }}>
        <div role="presentation" style={{ transform: `translateY(${shown.offset}px)` }}>
          {rows.map((item, at) => {
            const index = shown.start + at;
            return (
              <div
                key={props.itemKey(item)}
                role="listitem"
                class="virtual-row"
                aria-setsize={items.length}
                aria-posinset={index + 1}
                style={{ height: `${rowHeight}px` }}
                {...props.itemAttributes?.(item)}
              >
                {props.renderItem(item, index)}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
