import type { JsonValue } from '../events/json.js';
import type { Digester } from '../toolCalls/ports.js';
import type { RunState } from './runDecider.js';
import type { VersionedMap } from './versionedMap.js';

/**
 * A run's folded state as plain JSON: every scalar field of `RunState`, and each record map (calls, approvals,
 * grants, inferences, memories, step positions) as an object keyed by id. `keyedEvents` and `positions` are left
 * out: they index where events landed, they are not facts about the run. Completions (and their counters
 * `completionCalls`, `tokensUsed`) appear only once the run has one, so the digest of every state recorded before
 * completions existed is unchanged. Pure.
 */
export function runStateDocument(state: RunState): JsonValue {
  const { calls, approvals, grants, inferences, memories, stepPositions, completions, ...rest } = state;
  const { keyedEvents: _keyed, positions: _positions, completionCalls, tokensUsed, ...scalars } = rest;
  const plain = <V>(map: VersionedMap<string, V>) =>
    Object.fromEntries(map.entries()) as unknown as JsonValue;
  return {
    ...(scalars as unknown as Record<string, JsonValue>),
    calls: plain(calls),
    approvals: plain(approvals),
    grants: plain(grants),
    inferences: plain(inferences),
    memories: plain(memories),
    stepPositions: plain(stepPositions as unknown as VersionedMap<string, number>),
    ...(completionCalls === 0 && [...completions.entries()].length === 0
      ? {}
      : { completions: plain(completions), completionCalls, tokensUsed }),
  };
}

/**
 * The digest of a run's folded state: `sha256:<hex>` of the RFC 8785 canonical JSON of `runStateDocument` (the
 * Digester port's contract). Anyone who folds the same stream events with `foldRun` gets the same digest,
 * whatever the member order; a fork records it as evidence of the state it continued from. Pure.
 */
export function runStateDigest(state: RunState, digester: Digester): string {
  return digester.digest(runStateDocument(state));
}
