import type { JsonValue } from '../events/json.js';
import type { Digester } from '../toolCalls/ports.js';
import type { RunState } from './runDecider.js';

/**
 * The digest of a run's folded state: `sha256:<hex>` of the RFC 8785 canonical JSON of every `RunState` field
 * (the Digester port's contract). Anyone who folds the same stream events with `foldRun` gets the same digest,
 * whatever the member order; a fork records it as evidence of the state it continued from. Pure.
 */
export function runStateDigest(state: RunState, digester: Digester): string {
  return digester.digest(state as unknown as JsonValue);
}
