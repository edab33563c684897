import type { JsonValue } from '../events/json.js';
import type { CommandContext } from '../runs/runCommands.js';
import type { RunState } from '../runs/runDecider.js';
import { RunError } from '../runs/runErrors.js';
import type {
  ReplayCheck,
  ReplayCounts,
  ReplayEvent,
  ReplayItem,
  ReplayOptions,
  ReplayTolerance,
} from './replayEvents.js';
import { REPLAY_CHECKS } from './replayEvents.js';

/** Items one `RunReplayed` carries at most (each under about 900 bytes: inside the ledger's 1 MiB event limit). */
export const MAX_REPLAY_ITEMS = 1_000;

/** Compared values whose JSON is longer than this are recorded as a marker saying how long they were. */
export const MAX_RECORDED_VALUE_CHARS = 256;

/** What a replay found, before it is recorded. */
export interface ReplayFindings {
  readonly options: ReplayOptions;
  readonly throughRevision: number;
  readonly items: readonly ReplayItem[];
  /** Compared units per check beyond `items` (steps that followed on are counted, not itemised). */
  readonly unlistedMatches: { readonly [Check in ReplayCheck]: number };
  readonly tolerance: ReplayTolerance;
}

/**
 * Decides the `RunReplayed` of a replay: refused as `RUN_NOT_FOUND` when the run does not exist in the caller's
 * tenant (another tenant's run alike); recorded whatever the run's status, ended runs included. The verdict is
 * `mismatch` when any item disagrees; past `MAX_REPLAY_ITEMS` matching items are dropped first (counted in
 * `omittedItems`), so every mismatch stays listed as long as there are fewer than that many. Pure.
 */
export function decideRunReplayed(
  runId: string,
  state: RunState,
  context: Pick<CommandContext, 'tenant'>,
  findings: ReplayFindings,
): ReplayEvent {
  requireReplayableRun(runId, state, context);
  const { items, unlistedMatches } = findings;
  const counts = Object.fromEntries(
    REPLAY_CHECKS.map((check): [ReplayCheck, ReplayCounts] => {
      const mine = items.filter((item) => item.check === check);
      const mismatches = mine.filter((item) => !item.match).length;
      return [check, { checked: mine.length + unlistedMatches[check], mismatches }];
    }),
  ) as { [Check in ReplayCheck]: ReplayCounts };
  const kept = keepWithin(items, MAX_REPLAY_ITEMS).map(bounded);
  return {
    type: 'RunReplayed',
    data: {
      options: findings.options,
      throughRevision: findings.throughRevision,
      verdict: items.every((item) => item.match) ? 'match' : 'mismatch',
      counts,
      items: kept,
      omittedItems: items.length - kept.length,
      tolerance: findings.tolerance,
    },
  };
}

/** Refuses (`RUN_NOT_FOUND`) a run that does not exist in the caller's tenant; any status may be replayed. */
export function requireReplayableRun(
  runId: string,
  state: RunState,
  context: Pick<CommandContext, 'tenant'>,
): void {
  if (state.status === null || state.tenant !== context.tenant)
    throw new RunError('RUN_NOT_FOUND', `run ${runId} not found`, { runId });
}

/** At most `max` items in their order, mismatches kept before matches. */
function keepWithin(items: readonly ReplayItem[], max: number): readonly ReplayItem[] {
  if (items.length <= max) return items;
  const mismatches = items.filter((item) => !item.match).length;
  let matchesLeft = Math.max(0, max - mismatches);
  let mismatchesLeft = max;
  return items.filter((item) => {
    if (item.match) return matchesLeft-- > 0;
    return mismatchesLeft-- > 0;
  });
}

/** The item with `expected` and `actual` shortened to a marker where their JSON is too long to record. */
function bounded(item: ReplayItem): ReplayItem {
  const shorten = (value: JsonValue): JsonValue => {
    const length = JSON.stringify(value).length;
    return length > MAX_RECORDED_VALUE_CHARS ? `<${length} characters of JSON, not recorded>` : value;
  };
  return { ...item, expected: shorten(item.expected), actual: shorten(item.actual) };
}
