import { useSignal } from '@preact/signals';
import type { Signal } from '@preact/signals';
import { ErrorNote } from '../../ui/errorNote.js';
import { FeedBadge } from '../../ui/feedBadge.js';
import { useLedgerChanges } from '../../ui/useLedgerChanges.js';
import { useQuery } from '../../ui/useQuery.js';
import { ExplainPanel } from '../runs/explainPanel.js';
import { MemoryCard } from './memoryCard.js';
import { MEMORIES_QUERY, MEMORY_CHANGES, MEMORY_PAGE, MEMORY_STATUSES } from './memoryDocuments.js';
import type { MemoryPayload, MemoryStatus, ReviewedMemory } from './memoryDocuments.js';

interface MemoriesAnswer {
  readonly memories: {
    readonly edges: readonly { readonly node: ReviewedMemory }[];
    readonly pageInfo: { readonly hasNextPage: boolean };
  };
}

/**
 * Memory review: proposals first (filter by status, search the content), refreshed whenever a memory stream
 * records a change (`ledgerTail` on `memory-`) and each time that feed (re)connects, so a change made while it was
 * away shows too.
 */
export function MemoryView() {
  const status = useSignal<MemoryStatus | 'any'>('proposed');
  const text = useSignal('');
  const explaining = useSignal<string | null>(null);
  const notice = useSignal<string | null>(null);
  const variables = {
    first: MEMORY_PAGE,
    ...(status.value === 'any' ? {} : { status: status.value }),
    ...(text.value.trim() === '' ? {} : { text: text.value.trim() }),
  };
  const answer = useQuery<MemoriesAnswer>(MEMORIES_QUERY, variables);
  const feed = useLedgerChanges('memory', MEMORY_CHANGES, () => answer.reload());

  const onChanged = (memory: ReviewedMemory, payload: MemoryPayload) => {
    const event = payload.events.at(-1);
    const recorded = event === undefined ? 'nothing new recorded' : `recorded event ${event.id}`;
    notice.value = `Memory ${memory.id} is now ${payload.status}: ${recorded}.`;
    answer.reload();
  };
  const memories = answer.data?.memories.edges.map((edge) => edge.node) ?? [];
  return (
    <section class="memory-review">
      <header class="view-head">
        <h1>Memory review</h1>
        <FeedBadge status={feed.status} detail={feed.detail} />
      </header>
      <MemoryFilters status={status} text={text} />
      {notice.value !== null && (
        <p class="outcome" role="status">
          {notice.value}
        </p>
      )}
      {answer.error !== null && <ErrorNote message={answer.error} />}
      {explaining.value !== null && (
        <ExplainPanel eventId={explaining.value} onClose={() => (explaining.value = null)} />
      )}
      {answer.data !== null && memories.length === 0 && <p class="note">No memory matches.</p>}
      {memories.map((memory) => (
        <MemoryCard
          key={memory.id}
          memory={memory}
          onExplain={(eventId) => (explaining.value = eventId)}
          onChanged={onChanged}
        />
      ))}
      {answer.data?.memories.pageInfo.hasNextPage === true && (
        <p class="note">Showing the newest {MEMORY_PAGE}: search or filter to find older memory.</p>
      )}
    </section>
  );
}

/** Which memories to list: by status (proposals by default) and by words of their content. */
function MemoryFilters(props: {
  readonly status: Signal<MemoryStatus | 'any'>;
  readonly text: Signal<string>;
}) {
  const { status, text } = props;
  return (
    <form class="filters" role="search" onSubmit={(event) => event.preventDefault()}>
      <label for="memory-status">Status</label>
      <select
        id="memory-status"
        value={status.value}
        onChange={(event) => (status.value = event.currentTarget.value as MemoryStatus | 'any')}
      >
        {MEMORY_STATUSES.map((value) => (
          <option key={value} value={value}>
            {value}
          </option>
        ))}
        <option value="any">any status</option>
      </select>
      <label for="memory-search">Search memory</label>
      <input
        id="memory-search"
        type="search"
        value={text.value}
        maxLength={4_096}
        onInput={(event) => (text.value = event.currentTarget.value)}
      />
    </form>
  );
}
