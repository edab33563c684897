import type { RecordedEvent } from '../events/eventEnvelope.js';
import { InferenceError } from './inferenceErrors.js';
import { toRegisteredModel } from './modelEvents.js';
import type { ModelEvent, ModelRegisteredData, RegisteredModel } from './modelEvents.js';

export type ModelRegistrationDecision =
  | { readonly kind: 'register'; readonly event: ModelEvent }
  | { readonly kind: 'unchanged'; readonly model: RegisteredModel };

/** `version` as a model's stream records it: its first `ModelRegistered` (the first wins), or null. */
export function registeredModelVersion(
  history: readonly RecordedEvent[],
  version: string,
): RegisteredModel | null {
  const first = history.find(
    (event) => event.type === 'ModelRegistered' && (event.data as { version?: unknown }).version === version,
  );
  return first === undefined ? null : toRegisteredModel(first);
}

/**
 * Decides a registration given the version already registered under that name, if any. Versions are pinned to
 * their file: the same bytes again are a no-op (`unchanged`), other bytes throw `MODEL_VERSION_CONFLICT`.
 */
export function decideModelRegistration(
  existing: RegisteredModel | null,
  data: ModelRegisteredData,
): ModelRegistrationDecision {
  if (existing === null) return { kind: 'register', event: { type: 'ModelRegistered', data } };
  return { kind: 'unchanged', model: sameFileOrConflict(existing, data.sha256) };
}

/**
 * `existing` when its file has SHA-256 `sha256`; else `MODEL_VERSION_CONFLICT` (details: name, version,
 * registeredSha256, sha256).
 */
export function sameFileOrConflict(existing: RegisteredModel, sha256: string): RegisteredModel {
  if (existing.sha256 === sha256) return existing;
  throw new InferenceError(
    'MODEL_VERSION_CONFLICT',
    `model ${existing.name} version ${existing.version} is already registered with another file`,
    { name: existing.name, version: existing.version, registeredSha256: existing.sha256, sha256 },
  );
}
