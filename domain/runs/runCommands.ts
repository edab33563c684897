import type { JsonValue } from '../events/json.js';
import type { RunBudget } from './runEvents.js';

export type RunCommand =
  | {
      readonly type: 'StartRun';
      readonly runId: string;
      readonly goal: string;
      readonly agent: string;
      readonly input: JsonValue;
      readonly budget: RunBudget;
    }
  | {
      readonly type: 'RecordStep';
      readonly runId: string;
      readonly kind: string;
      readonly summary: string;
      readonly payload: JsonValue;
    }
  | { readonly type: 'CompleteRun'; readonly runId: string; readonly output: JsonValue }
  | { readonly type: 'FailRun'; readonly runId: string; readonly reason: string }
  | { readonly type: 'CancelRun'; readonly runId: string; readonly reason: string }
  /** The runtime's own check: ends the run when its wall-time budget has passed, else changes nothing. */
  | { readonly type: 'EnforceWallTime'; readonly runId: string };

/** Who issues a command and when: everything `decide` needs beyond the state, so that it stays pure. */
export interface CommandContext {
  /** The principal (API key id or user) issuing the command. */
  readonly principal: string;
  readonly tenant: string;
  /** Milliseconds since the epoch, from the Clock port. */
  readonly now: number;
}
