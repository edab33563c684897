import type { JsonValue } from '../events/json.js';
import type { Compensation } from './toolEvents.js';
import { ToolError } from './toolErrors.js';

/** The compensating call, ready for the executor: which tool version, with which args. */
export interface CompensatingCall {
  readonly tool: string;
  readonly version: string;
  readonly args: { readonly [argName: string]: JsonValue };
}

const POINTER_ROOTS = ['args', 'output'] as const;

/**
 * Builds the compensating call of a completed call from the tool's declared `compensation`: each mapped arg is
 * the literal `value`, or the value the `from` pointer selects in `{ args, output }` of the original call.
 *
 * Throws `TOOL_COMPENSATION_UNRESOLVED` (details: `arg`, `from`) when a pointer selects nothing: the output does
 * not carry what the compensation needs, so rollback must report the call instead of guessing.
 */
export function resolveCompensation(
  compensation: Compensation,
  call: { readonly args: JsonValue; readonly output: JsonValue },
): CompensatingCall {
  const document: JsonValue = { args: call.args, output: call.output };
  const args: Record<string, JsonValue> = {};
  for (const [name, source] of Object.entries(compensation.args)) {
    if ('value' in source) {
      args[name] = source.value;
      continue;
    }
    const selected = selectPointer(document, source.from);
    if (selected === undefined)
      throw new ToolError(
        'TOOL_COMPENSATION_UNRESOLVED',
        `compensation arg ${name}: ${source.from} selects nothing in the call's args and output`,
        { tool: compensation.tool, version: compensation.version, arg: name, from: source.from },
      );
    args[name] = selected;
  }
  return { tool: compensation.tool, version: compensation.version, args };
}

/**
 * Why `source` is not a usable arg source, or null when it is: exactly one of `from` (an RFC 6901 pointer under
 * `/args` or `/output`) or `value`.
 */
export function compensationSourceProblem(source: unknown): string | null {
  if (typeof source !== 'object' || source === null || Array.isArray(source))
    return 'must be an object { from } or { value }';
  const keys = Object.keys(source);
  if (keys.length !== 1 || (keys[0] !== 'from' && keys[0] !== 'value'))
    return 'must have exactly one member, "from" or "value"';
  const from = (source as { from?: unknown }).from;
  if (keys[0] === 'value') return null;
  if (typeof from !== 'string') return '"from" must be a JSON Pointer string';
  const tokens = parsePointer(from);
  if (tokens === null) return `"${from}" is not a JSON Pointer (RFC 6901)`;
  if (!POINTER_ROOTS.some((root) => root === tokens[0])) return `"${from}" must start with /args or /output`;
  return null;
}

/** The value `pointer` selects in `document`, or undefined when there is none. */
export function selectPointer(document: JsonValue, pointer: string): JsonValue | undefined {
  const tokens = parsePointer(pointer);
  if (tokens === null) return undefined;
  let current: JsonValue | undefined = document;
  for (const token of tokens) current = child(current, token);
  return current;
}

function child(value: JsonValue | undefined, token: string): JsonValue | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    // RFC 6901 array indices: a decimal without leading zeros.
    if (!/^(?:0|[1-9][0-9]*)$/.test(token)) return undefined;
    return (value as readonly JsonValue[])[Number(token)];
  }
  const object = value as { readonly [key: string]: JsonValue };
  return Object.hasOwn(object, token) ? object[token] : undefined;
}

/** RFC 6901 reference tokens of `pointer` (`~1` → `/`, `~0` → `~`), or null when it is malformed. */
function parsePointer(pointer: string): string[] | null {
  if (pointer === '') return [];
  if (!pointer.startsWith('/') || /~(?![01])/.test(pointer)) return null;
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}
