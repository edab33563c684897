import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { JsonObject, JsonValue } from '../events/json.js';
import { scopedStream, SYSTEM_TENANT } from '../tenants/tenantScopedNames.js';

export const TOOL_STREAM_PREFIX = 'tool-';

/**
 * One stream per tool name and registering tenant, holding every version's `ToolRegistered`: `tool-kv.put` for
 * a built-in (the system tenant's), `tool-acme:crm.lookup` for tenant `acme`'s own (see `scopedStream`).
 */
export function toolStream(tenant: string, name: string): string {
  return scopedStream(TOOL_STREAM_PREFIX, tenant, name);
}

/**
 * What running the tool does to the world: `read` changes nothing; `reversible` changes something its declared
 * compensation can undo; `irreversible` changes something nothing can undo (rollback lists it, never skips it).
 */
export const SIDE_EFFECTS = ['read', 'reversible', 'irreversible'] as const;
export type SideEffect = (typeof SIDE_EFFECTS)[number];

/**
 * `runtime`: MIR runs the tool itself (built-ins). `app`: MIR returns a single-use grant, the app runs it. `mcp`:
 * MIR calls it on the MCP server it was imported from (`registerMcpServer`).
 */
export const EXECUTION_MODES = ['runtime', 'app', 'mcp'] as const;
export type ExecutionMode = (typeof EXECUTION_MODES)[number];

/**
 * Where one argument of the compensating call comes from:
 * - `{ from: pointer }`: an RFC 6901 JSON Pointer into the document `{ "args": <call args>, "output": <call
 *   output> }`, so it starts with `/args` or `/output` (e.g. `/args/key`, `/output/previous`, `/args/a~1b`);
 * - `{ value: json }`: a literal.
 */
export type CompensationArgSource = { readonly from: string } | { readonly value: JsonValue };

/**
 * The call that undoes a reversible call: tool name and version, and how its args are built from the original
 * call's args and output (see `resolveCompensation`). Declared at registration, recorded with each completed
 * call, executed by rollback in reverse order.
 */
export interface Compensation {
  readonly tool: string;
  readonly version: string;
  readonly args: { readonly [argName: string]: CompensationArgSource };
}

/** At most `calls` calls in any sliding window of `perMs` milliseconds (per tool version and tenant). */
export interface RateLimit {
  readonly calls: number;
  readonly perMs: number;
}

/** `ToolRegistered` data: a tool version's complete, immutable definition. */
export interface ToolRegisteredData {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  /** JSON Schema (draft 2020-12) of the call's args. */
  readonly inputSchema: JsonObject;
  /** JSON Schema (draft 2020-12) of the call's output. */
  readonly outputSchema: JsonObject;
  readonly sideEffect: SideEffect;
  /** Required for `reversible` tools, null for the others. */
  readonly compensation: Compensation | null;
  readonly timeoutMs: number;
  /** Null: no limit beyond the run's budget. */
  readonly rateLimit: RateLimit | null;
  readonly execution: ExecutionMode;
  /** Labels policies can match on, e.g. `network`, `pii`, `payments`. */
  readonly riskTags: readonly string[];
}

export type ToolEvent = { readonly type: 'ToolRegistered'; readonly data: ToolRegisteredData };

export const TOOL_EVENT_TYPES = ['ToolRegistered'] as const;

/** A registered tool version as the rest of the runtime refers to it. */
export type RegisteredTool = ToolRegisteredData & {
  /** The tenant that registered it and alone sees it; null for a built-in, which every tenant sees. */
  readonly tenant: string | null;
  readonly registeredAt: string;
  readonly position: number;
};

/**
 * A recorded `ToolRegistered` as the runtime refers to it. Scoped by who recorded it (`meta.tenant`), so
 * registrations recorded before tools were scoped keep their tenant too.
 */
export function toRegisteredTool(event: RecordedEvent): RegisteredTool {
  const data = event.data as unknown as ToolRegisteredData;
  const { tenant, occurredAt } = event.meta;
  return {
    ...data,
    tenant: tenant === SYSTEM_TENANT ? null : tenant,
    registeredAt: occurredAt,
    position: event.position,
  };
}
