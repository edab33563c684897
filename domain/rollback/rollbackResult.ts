import type { AppendedEvent } from '../ports/eventLog.js';
import type {
  CompensationProblem,
  LeftBehindCall,
  PlannedUnapply,
  RollbackRefusalReason,
} from './rollbackEvents.js';
import type { JsonValue } from '../events/json.js';

/** A compensated call and the call that compensated it. */
export interface CompensatedCall {
  readonly callId: string;
  readonly compensationCallId: string;
}

/** What `rollbackRun` answers. `events`: what this answer recorded on the run's stream (empty for a replay or no-op). */
export type RollbackResult =
  | {
      readonly outcome: 'nothing_to_roll_back';
      readonly runId: string;
      readonly pointPosition: number;
      readonly events: readonly AppendedEvent[];
    }
  | {
      readonly outcome: 'denied';
      readonly rollbackId: string;
      readonly reason: RollbackRefusalReason;
      readonly message: string;
      readonly details: { readonly [key: string]: JsonValue };
      readonly events: readonly AppendedEvent[];
    }
  | {
      readonly outcome: 'rolled_back' | 'rollback_failed';
      readonly rollbackId: string;
      readonly pointPosition: number;
      readonly compensated: readonly CompensatedCall[];
      readonly failed: readonly CompensationProblem[];
      readonly unapplied: readonly PlannedUnapply[];
      readonly leftBehind: readonly LeftBehindCall[];
      readonly events: readonly AppendedEvent[];
    };
