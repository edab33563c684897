import type { RecordedEvent } from '../../events/eventEnvelope.js';
import type { JsonValue } from '../../events/json.js';

/** One event of a test history: its type and data, and (optionally) the id of the first event of its append. */
export interface HistoryEntry {
  readonly type: string;
  readonly data: object;
  readonly cause?: string;
}

/**
 * A run stream as the ledger would return it (tenant acme, one second apart, ids `e<revision>`): for given/when/then
 * tests of the replay's pure parts. Each event is its own append unless `cause` names an earlier event's id.
 */
export function runHistory(runId: string, entries: readonly HistoryEntry[]): RecordedEvent[] {
  return entries.map((entry, revision) => ({
    id: `e${revision}`,
    stream: `run-${runId}`,
    revision,
    position: 100 + revision,
    type: entry.type,
    schemaVersion: 1,
    data: entry.data as JsonValue,
    meta: {
      tenant: 'acme',
      actor: { kind: 'service', id: 'key-app' },
      correlationId: `e${revision}`,
      causationId: entry.cause ?? `e${revision}`,
      occurredAt: new Date(Date.UTC(2026, 11, 1, 12, 0, revision)).toISOString(),
    },
    prevHash: '',
    hash: '',
  }));
}

export const STARTED: HistoryEntry = {
  type: 'RunStarted',
  data: { runId: 'r1', goal: 'pay', agent: 'agent', input: null, budget: { maxToolCalls: 5 } },
};

export const step = (stepNumber: number): HistoryEntry => ({
  type: 'StepRecorded',
  data: { stepNumber, kind: 'think', summary: `step ${stepNumber}`, payload: null },
});
