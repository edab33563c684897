import type { RecordedEvent } from '../events/eventEnvelope.js';
import { MemoryError } from './memoryErrors.js';
import type { MemoryErrorCode } from './memoryErrors.js';
import { evolveMemory, initialMemoryState } from './memoryState.js';
import type { MemoryHistoryEvent, MemoryState } from './memoryState.js';

export function foldMemory(
  events: readonly RecordedEvent[],
  state: MemoryState = initialMemoryState,
): MemoryState {
  return events.reduce(
    (current, event) =>
      evolveMemory(current, {
        type: event.type,
        data: event.data,
        revision: event.revision,
        tenant: event.meta.tenant,
      } as unknown as MemoryHistoryEvent),
    state,
  );
}

/** The refusal a recorded refusal event stands for, for a retried (idempotent) command that replays it. */
export function refusalOf(event: RecordedEvent): MemoryError | null {
  if (event.type !== 'MemoryReviewRefused' && event.type !== 'MemoryApplyRefused') return null;
  const { code, reason, memoryId } = event.data as {
    code: MemoryErrorCode;
    reason: string;
    memoryId: string;
  };
  return new MemoryError(code, reason, { memoryId, eventId: event.id, replayed: true });
}
