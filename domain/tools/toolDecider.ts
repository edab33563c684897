import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { JsonValue } from '../events/json.js';
import { jsonEqual } from './jsonEqual.js';
import { toRegisteredTool } from './toolEvents.js';
import type { RegisteredTool, ToolEvent, ToolRegisteredData } from './toolEvents.js';
import { ToolError } from './toolErrors.js';

export type ToolRegistrationDecision =
  | { readonly kind: 'register'; readonly event: ToolEvent }
  | { readonly kind: 'unchanged'; readonly tool: RegisteredTool };

/** `version` as a tool's stream records it: its first `ToolRegistered` (the first wins), or null. */
export function registeredVersion(history: readonly RecordedEvent[], version: string): RegisteredTool | null {
  const first = history.find(
    (event) => event.type === 'ToolRegistered' && (event.data as { version?: unknown }).version === version,
  );
  return first === undefined ? null : toRegisteredTool(first);
}

/**
 * Decides a registration given the version already registered under that name, if any. Versions are immutable:
 * the identical definition again is a no-op (`unchanged`), a different one throws `TOOL_VERSION_CONFLICT`
 * (details: `name`, `version`, `differingFields`).
 */
export function decideToolRegistration(
  existing: RegisteredTool | null,
  definition: ToolRegisteredData,
): ToolRegistrationDecision {
  if (existing === null) return { kind: 'register', event: { type: 'ToolRegistered', data: definition } };
  const differingFields = differences(existing, definition);
  if (differingFields.length === 0) return { kind: 'unchanged', tool: existing };
  throw new ToolError(
    'TOOL_VERSION_CONFLICT',
    `tool ${definition.name} version ${definition.version} is already registered with another definition`,
    { name: definition.name, version: definition.version, differingFields },
  );
}

function differences(existing: RegisteredTool, definition: ToolRegisteredData): string[] {
  const recorded = existing as unknown as Record<string, JsonValue>;
  const proposed = definition as unknown as Record<string, JsonValue>;
  return Object.keys(proposed)
    .filter((field) => !jsonEqual(recorded[field] ?? null, proposed[field] ?? null))
    .sort();
}
