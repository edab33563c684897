import type { JsonValue } from '../events/json.js';

/** The three checks a replay can make; each is on unless the caller turns it off. */
export const REPLAY_CHECKS = ['state', 'inference', 'policy'] as const;
export type ReplayCheck = (typeof REPLAY_CHECKS)[number];

export type ReplayOptions = { readonly [Check in ReplayCheck]: boolean };

export const ALL_REPLAY_CHECKS: ReplayOptions = Object.freeze({ state: true, inference: true, policy: true });

/**
 * How close re-executed output tensors must be when the execution provider differs from the recorded one:
 * |replayed - recorded| <= absolute + relative * |recorded| for every element (numpy's `isclose`). On the
 * recorded provider the comparison is bit-exact (output digests), and no tolerance applies.
 */
export interface ReplayTolerance {
  readonly absolute: number;
  readonly relative: number;
}

export const DEFAULT_REPLAY_TOLERANCE: ReplayTolerance = Object.freeze({ absolute: 1e-4, relative: 1e-4 });

/**
 * One thing a replay compared: what the ledger says (`expected`: the recorded value, or for the projection
 * comparison the fold of the ledger) against what the replay got (`actual`). `match` is true when they agree.
 */
export interface ReplayItem {
  readonly check: ReplayCheck;
  /** The recorded event the item is about (a step, an `InferenceCompleted`, a `PolicyDecided`, the last event). */
  readonly eventId: string;
  /** What was compared, e.g. `stepNumber`, `projection.status`, `outputDigest`, `modelSha256`, `outcome`. */
  readonly subject: string;
  readonly match: boolean;
  readonly expected: JsonValue;
  readonly actual: JsonValue;
  /** Why, in words, when the values alone do not say it (missing inputs, the fields a digest could not cover). */
  readonly note: string | null;
  /** The tolerance applied (outputs compared on another provider than the recorded one), else null. */
  readonly tolerance: ReplayTolerance | null;
}

/** Per check: how many items were compared and how many disagreed. */
export interface ReplayCounts {
  readonly checked: number;
  readonly mismatches: number;
}

/**
 * `RunReplayed`: what a replay of the run's recorded history found. It changes nothing else about the run (not
 * its status, counters or budgets) and may be recorded on an ended run.
 */
export interface RunReplayedData {
  readonly options: ReplayOptions;
  /** The run stream's last revision the replay covered (the events before this one). */
  readonly throughRevision: number;
  readonly verdict: 'match' | 'mismatch';
  readonly counts: { readonly [Check in ReplayCheck]: ReplayCounts };
  /** Every inference and policy item, every projection field, and the steps that did not follow on. */
  readonly items: readonly ReplayItem[];
  /** Items left out to keep the event within the ledger's size limit (matches go first); 0 normally. */
  readonly omittedItems: number;
  /** The tolerance used wherever a provider differed (see `ReplayTolerance`). */
  readonly tolerance: ReplayTolerance;
}

export type ReplayEvent = { readonly type: 'RunReplayed'; readonly data: RunReplayedData };

export const REPLAY_EVENT_TYPES = ['RunReplayed'] as const;
