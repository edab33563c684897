import { formatTime } from '../../ui/format.js';
import type { TimelineEntry } from './eventSummary.js';

/** Height of a timeline row in pixels; `.timeline-row` in console.css keeps every row to it. */
export const TIMELINE_ROW_HEIGHT = 64;

/** One event: position, type, time, actor, its summary, and the button that opens its explanation. */
export function TimelineRow(props: {
  readonly entry: TimelineEntry;
  readonly selected: boolean;
  readonly onExplain: (entry: TimelineEntry) => void;
}) {
  const { entry } = props;
  return (
    <div class={`timeline-row${props.selected ? ' selected' : ''}`}>
      <div class="timeline-meta">
        <span class="mono">#{entry.position}</span>
        <strong>{entry.type}</strong>
        <span class="hint">
          {formatTime(entry.occurredAt)} · {entry.actor}
        </span>
      </div>
      <div class="timeline-summary" title={entry.summary}>
        {entry.summary}
      </div>
      <button
        type="button"
        class="explain-button"
        aria-label={`Explain ${entry.type} at ${entry.position}`}
        aria-pressed={props.selected}
        onClick={() => props.onExplain(entry)}
      >
        Explain
      </button>
    </div>
  );
}
