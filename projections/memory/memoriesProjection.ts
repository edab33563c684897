import { MEMORY_STREAM_PREFIX, RUN_STREAM_PREFIX } from '../../domain/index.js';
import type {
  MemoryAppliedData,
  MemoryProposedData,
  MemoryRetractedData,
  MemoryReviewedData,
  RecordedEvent,
} from '../../domain/index.js';
import { NO_EFFECTS, defineProjection } from '../projection.js';
import { MEMORIES_SCHEMA } from './memoriesTable.js';
import { memoriesWriter } from './memoriesWriter.js';

/** Where a memory event sits: the row it changes and the stream point it moves the row to. */
export interface MemoryPoint {
  readonly tenant: string;
  readonly memoryId: string;
  readonly position: number;
  readonly revision: number;
}

export type MemoriesChange =
  | {
      readonly kind: 'proposed';
      readonly at: MemoryPoint;
      readonly data: MemoryProposedData;
      readonly occurredAt: string;
    }
  | { readonly kind: 'reviewed'; readonly at: MemoryPoint; readonly data: MemoryReviewedData }
  | { readonly kind: 'retracted'; readonly at: MemoryPoint; readonly data: MemoryRetractedData }
  /** A recorded refusal or an unknown event of the memory's stream: only the stream point moves. */
  | { readonly kind: 'touched'; readonly at: MemoryPoint }
  /** `MemoryApplied` on a run's stream: the memory was used once more. */
  | { readonly kind: 'applied'; readonly tenant: string; readonly memoryId: string };

/** Pure: what one event changes in `memories`. Embeddings come from the events, so a rebuild gives the same rows. */
export function evolveMemories(event: RecordedEvent): readonly MemoriesChange[] {
  const { tenant } = event.meta;
  if (event.stream.startsWith(RUN_STREAM_PREFIX)) {
    if (event.type !== 'MemoryApplied') return NO_EFFECTS;
    return [{ kind: 'applied', tenant, memoryId: (event.data as unknown as MemoryAppliedData).memoryId }];
  }
  if (!event.stream.startsWith(MEMORY_STREAM_PREFIX)) return NO_EFFECTS;
  const memoryId = (event.data as { memoryId?: unknown }).memoryId;
  if (typeof memoryId !== 'string') return NO_EFFECTS;
  const at: MemoryPoint = { tenant, memoryId, position: event.position, revision: event.revision };
  switch (event.type) {
    case 'MemoryProposed': {
      const data = event.data as unknown as MemoryProposedData;
      return [{ kind: 'proposed', at, data, occurredAt: event.meta.occurredAt }];
    }
    case 'MemoryReviewed':
      return [{ kind: 'reviewed', at, data: event.data as unknown as MemoryReviewedData }];
    case 'MemoryRetracted':
      return [{ kind: 'retracted', at, data: event.data as unknown as MemoryRetractedData }];
    default:
      return [{ kind: 'touched', at }];
  }
}

/** Memory items: status, scope, content with a full-text index, recorded embeddings, uses. */
export const memoriesProjection = defineProjection<MemoriesChange>({
  name: 'memories',
  version: 1,
  schema: MEMORIES_SCHEMA,
  evolve: evolveMemories,
  writer: memoriesWriter,
});
