import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { EventLog } from '../ports/eventLog.js';
import { foldRun } from '../runs/runCommandService.js';
import { MemoryError } from './memoryErrors.js';
import type { MemoryErrorCode } from './memoryErrors.js';
import type { RunFacts } from './memoryDecider.js';
import { evolveMemory, initialMemoryState } from './memoryState.js';
import type { MemoryHistoryEvent, MemoryState } from './memoryState.js';

const PAGE = 10_000;

/** Every event of `stream`, in revision order (paged reads). */
export async function readWholeStream(log: EventLog, stream: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let from = 0; ; from += PAGE) {
    const page = await log.readStream(stream, { fromRevision: from, maxCount: PAGE });
    events.push(...page);
    if (page.length < PAGE) return events;
  }
}

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

/** The run's state and who started it (the actor of RunStarted: what user-scoped memory is matched against). */
export function runFacts(events: readonly RecordedEvent[]): RunFacts {
  const started = events.find((event) => event.type === 'RunStarted');
  return { state: foldRun(events), startedBy: started?.meta.actor.id ?? null };
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
