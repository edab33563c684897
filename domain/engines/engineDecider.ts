import { jsonEqual } from '../tools/jsonEqual.js';
import type { JsonValue } from '../events/json.js';
import type { EngineEvent, EngineRegisteredData, RegisteredEngine } from './engineEvents.js';

export type EngineRegistrationDecision =
  | { readonly kind: 'register'; readonly event: EngineEvent }
  | { readonly kind: 'unchanged'; readonly engine: RegisteredEngine };

const DEFINITION_FIELDS = [
  'kind',
  'baseUrl',
  'model',
  'apiKeyFile',
  'locality',
  'timeoutMs',
  'maxRetries',
] as const satisfies readonly (keyof EngineRegisteredData)[];

/**
 * Decides a registration given the engine's latest revision (null: none). The same definition again is
 * `unchanged` (nothing recorded); a changed one is the next revision, which supersedes the latest. Pure.
 */
export function decideEngineRegistration(
  latest: RegisteredEngine | null,
  definition: Omit<EngineRegisteredData, 'revision'>,
): EngineRegistrationDecision {
  if (latest !== null && sameDefinition(latest, definition)) return { kind: 'unchanged', engine: latest };
  const revision = (latest?.revision ?? 0) + 1;
  return { kind: 'register', event: { type: 'EngineRegistered', data: { ...definition, revision } } };
}

function sameDefinition(
  latest: RegisteredEngine,
  definition: Omit<EngineRegisteredData, 'revision'>,
): boolean {
  return DEFINITION_FIELDS.every((field) =>
    jsonEqual(latest[field] as JsonValue, definition[field] as JsonValue),
  );
}
