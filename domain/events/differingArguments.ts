import { jsonEqual } from '../tools/jsonEqual.js';
import type { JsonValue } from './json.js';

/**
 * The names of the `args` whose values the recorded event data does not carry under the same name (an absent or
 * undefined value counts as null). Services that derive event ids from an idempotency key use it to tell a retry
 * (same arguments: replay) from a reuse of the key for something else (IDEMPOTENCY_CONFLICT). Pure.
 */
export function differingArguments(
  args: Readonly<Record<string, unknown>>,
  recorded: JsonValue | undefined,
): string[] {
  const data = (
    typeof recorded === 'object' && recorded !== null && !Array.isArray(recorded) ? recorded : {}
  ) as {
    readonly [field: string]: JsonValue | undefined;
  };
  return Object.entries(args)
    .filter(([field, value]) => !jsonEqual(definedJson(value), data[field] ?? null))
    .map(([field]) => field);
}

/** `value` as the ledger would have recorded it: undefined members left out, undefined itself as null. */
function definedJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value as JsonValue;
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined));
}
