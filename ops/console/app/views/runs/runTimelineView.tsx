import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorNote } from '../../ui/errorNote.js';
import { FeedBadge } from '../../ui/feedBadge.js';
import { useQuery } from '../../ui/useQuery.js';
import { VirtualList } from '../../ui/virtualList.js';
import { ExplainPanel } from './explainPanel.js';
import type { TimelineEntry } from './eventSummary.js';
import { RUN_FIELDS } from './runFields.js';
import { RunHeader } from './runHeader.js';
import type { RunDetail } from './runHeader.js';
import { TIMELINE_ROW_HEIGHT, TimelineRow } from './timelineRow.js';
import { useRunTimeline } from './useRunTimeline.js';

const RUN_QUERY = `query ConsoleRun($id: ID!) {
  run(id: $id) {
    ${RUN_FIELDS}
    forkedFrom { runId step reason forkedBy }
    forks { id goal status }
  }
}`;

/** The header re-reads the run at most this often while events arrive (a long history arrives in bursts). */
const HEADER_REFRESH_MS = 500;

/** A run's page (`#/runs/<id>`): its header and its timeline, one per run id. */
export function RunTimelineView(props: { readonly runId: string }) {
  return <RunTimeline key={props.runId} runId={props.runId} />;
}

function RunTimeline(props: { readonly runId: string }) {
  const run = useQuery<{ run: RunDetail | null }>(RUN_QUERY, { id: props.runId });
  const [selected, setSelected] = useState<TimelineEntry | null>(null);
  return (
    <section class="run-view">
      {run.data === null ? (
        run.error === null && <p>Loading run…</p>
      ) : run.data.run === null ? (
        <ErrorNote message={`No run ${props.runId} in your tenant.`} />
      ) : (
        <RunHeader run={run.data.run} onChanged={() => run.reload()} />
      )}
      {run.error !== null && <ErrorNote message={run.error} />}
      <div class={`timeline-layout${selected === null ? '' : ' with-panel'}`}>
        <TimelinePane
          runId={props.runId}
          selectedId={selected?.id ?? null}
          onExplain={setSelected}
          onGrow={() => run.reload()}
        />
        {selected !== null && <ExplainPanel eventId={selected.id} onClose={() => setSelected(null)} />}
      </div>
    </section>
  );
}

/**
 * The timeline itself, in a component of its own: the many renders of a history arriving re-render the list, not
 * the header. `onGrow` (the header re-reading the run) is called as events arrive, throttled.
 */
function TimelinePane(props: {
  readonly runId: string;
  readonly selectedId: string | null;
  readonly onExplain: (entry: TimelineEntry) => void;
  readonly onGrow: () => void;
}) {
  const { entries, loadingHistory, historyError, feed } = useRunTimeline(props.runId);
  useThrottledReload(props.onGrow, entries.length);
  return (
    <div class="timeline-column">
      <div class="runs-head">
        <h2>Timeline</h2>
        <span class="hint">
          {entries.length} events{loadingHistory && ' (reading the history…)'}
        </span>
        {!loadingHistory && <FeedBadge status={feed.status} detail={feed.detail} />}
      </div>
      {historyError !== null && <ErrorNote message={historyError} />}
      <VirtualList
        items={entries}
        label="Timeline"
        class="timeline"
        rowHeight={TIMELINE_ROW_HEIGHT}
        itemKey={(entry) => entry.id}
        itemAttributes={(entry) => ({ 'data-position': entry.position, 'data-type': entry.type })}
        renderItem={(entry) => (
          <TimelineRow entry={entry} selected={entry.id === props.selectedId} onExplain={props.onExplain} />
        )}
      />
    </div>
  );
}

/** Calls `reload` when `trigger` changes: at once, then at most every HEADER_REFRESH_MS, and once after the last. */
function useThrottledReload(reload: () => void, trigger: number): void {
  const last = useRef(0);
  useEffect(() => {
    if (trigger === 0) return;
    const wait = last.current + HEADER_REFRESH_MS - Date.now();
    const timer = setTimeout(
      () => {
        last.current = Date.now();
        reload();
      },
      Math.max(0, wait),
    );
    return () => clearTimeout(timer);
  }, [trigger]);
}
