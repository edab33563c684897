import type { JsonObject } from '../events/json.js';
import { compensationSourceProblem } from './compensation.js';
import type { SchemaValidator } from './schemaValidator.js';
import { EXECUTION_MODES, SIDE_EFFECTS } from './toolEvents.js';
import type { Compensation, ExecutionMode, RateLimit, SideEffect, ToolRegisteredData } from './toolEvents.js';
import { ToolError } from './toolErrors.js';

/** What `registerTool` accepts: a definition whose optional parts take the defaults below. */
export interface ToolRegistration {
  readonly name: string;
  readonly version: string;
  /** Default `''`. */
  readonly description?: string;
  readonly inputSchema: JsonObject;
  readonly outputSchema: JsonObject;
  readonly sideEffect: SideEffect;
  /** Required for `reversible`; must be absent or null otherwise. */
  readonly compensation?: Compensation | null;
  readonly timeoutMs: number;
  /** Default null (no limit). */
  readonly rateLimit?: RateLimit | null;
  readonly execution: ExecutionMode;
  /** Default `[]`. */
  readonly riskTags?: readonly string[];
}

/** Dotted lowercase segments: `kv.put`, `http.get`, `crm.contacts.update`. */
export const TOOL_NAME = /^(?=.{1,64}$)[a-z][a-z0-9_-]*(?:\.[a-z][a-z0-9_-]*)*$/;
export const TOOL_VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
const RISK_TAG = /^[a-z0-9][a-z0-9:_-]{0,63}$/;
export const TOOL_LIMITS = {
  descriptionChars: 1_024,
  riskTags: 32,
  maxTimeoutMs: 600_000,
  maxRateCalls: 1_000_000,
  maxRatePerMs: 86_400_000,
  compensationArgs: 64,
} as const;

/**
 * Checks a registration and fills its defaults, giving the `ToolRegistered` data. Both schemas are checked
 * through `schemas`. Throws `TOOL_INVALID` (details: `reason`, plus the validator's `errors` for a bad schema).
 * Whether the compensating tool exists is the registry's check, not this one's.
 */
export function normalizeToolRegistration(
  registration: ToolRegistration,
  schemas: SchemaValidator,
): ToolRegisteredData {
  const r = registration;
  if (typeof r.name !== 'string' || !TOOL_NAME.test(r.name))
    throw invalid('the name must be dotted lowercase segments ([a-z][a-z0-9_-]*), 64 characters at most');
  if (typeof r.version !== 'string' || !TOOL_VERSION.test(r.version))
    throw invalid('the version must be 1–64 letters, digits, ".", "_", "+" or "-"');
  const description = r.description ?? '';
  if (typeof description !== 'string' || description.length > TOOL_LIMITS.descriptionChars)
    throw invalid(`the description must be a string of at most ${TOOL_LIMITS.descriptionChars} characters`);
  if (!SIDE_EFFECTS.includes(r.sideEffect))
    throw invalid(`sideEffect must be one of ${SIDE_EFFECTS.join(', ')}`);
  if (!EXECUTION_MODES.includes(r.execution))
    throw invalid(`execution must be one of ${EXECUTION_MODES.join(', ')}`);
  if (!isCount(r.timeoutMs, TOOL_LIMITS.maxTimeoutMs))
    throw invalid(`timeoutMs must be an integer from 1 to ${TOOL_LIMITS.maxTimeoutMs}`);
  const rateLimit = checkRateLimit(r.rateLimit ?? null);
  const riskTags = checkRiskTags(r.riskTags ?? []);
  const compensation = checkCompensation(r.sideEffect, r.compensation ?? null);
  checkSchema(schemas, 'inputSchema', r.inputSchema);
  checkSchema(schemas, 'outputSchema', r.outputSchema);
  return {
    name: r.name,
    version: r.version,
    description,
    inputSchema: r.inputSchema,
    outputSchema: r.outputSchema,
    sideEffect: r.sideEffect,
    compensation,
    timeoutMs: r.timeoutMs,
    rateLimit,
    execution: r.execution,
    riskTags,
  };
}

function checkRateLimit(rateLimit: RateLimit | null): RateLimit | null {
  if (rateLimit === null) return null;
  if (
    typeof rateLimit !== 'object' ||
    !isCount(rateLimit.calls, TOOL_LIMITS.maxRateCalls) ||
    !isCount(rateLimit.perMs, TOOL_LIMITS.maxRatePerMs)
  )
    throw invalid(
      `rateLimit must be { calls: 1–${TOOL_LIMITS.maxRateCalls}, perMs: 1–${TOOL_LIMITS.maxRatePerMs} } (integers)`,
    );
  return { calls: rateLimit.calls, perMs: rateLimit.perMs };
}

/** Checks a list of risk tags (`TOOL_INVALID` naming the first bad one); returns a copy. */
export function checkRiskTags(tags: readonly string[]): readonly string[] {
  // Registrations arrive from the API as parsed JSON: the declared type is checked, not trusted.
  const list: unknown = tags;
  if (!Array.isArray(list) || tags.length > TOOL_LIMITS.riskTags)
    throw invalid(`riskTags must be an array of at most ${TOOL_LIMITS.riskTags} tags`);
  for (const tag of tags)
    if (typeof tag !== 'string' || !RISK_TAG.test(tag))
      throw invalid(`risk tag ${JSON.stringify(tag)} must match ${RISK_TAG.source}`);
  if (new Set(tags).size !== tags.length) throw invalid('riskTags must not repeat a tag');
  return [...tags];
}

function checkCompensation(sideEffect: SideEffect, compensation: Compensation | null): Compensation | null {
  if (sideEffect !== 'reversible') {
    if (compensation !== null) throw invalid(`a ${sideEffect} tool declares no compensation`);
    return null;
  }
  if (compensation === null || typeof compensation !== 'object')
    throw invalid('a reversible tool must declare its compensation');
  if (typeof compensation.tool !== 'string' || !TOOL_NAME.test(compensation.tool))
    throw invalid('compensation.tool must be a tool name');
  if (typeof compensation.version !== 'string' || !TOOL_VERSION.test(compensation.version))
    throw invalid('compensation.version must be a tool version');
  const args: unknown = compensation.args;
  if (typeof args !== 'object' || args === null || Array.isArray(args))
    throw invalid('compensation.args must be an object mapping arg names to { from } or { value }');
  const entries = Object.entries(args as Record<string, unknown>);
  if (entries.length > TOOL_LIMITS.compensationArgs)
    throw invalid(`compensation.args maps at most ${TOOL_LIMITS.compensationArgs} args`);
  for (const [name, source] of entries) {
    const problem = compensationSourceProblem(source);
    if (problem !== null) throw invalid(`compensation arg ${name}: ${problem}`);
  }
  return { tool: compensation.tool, version: compensation.version, args: compensation.args };
}

function checkSchema(schemas: SchemaValidator, field: string, schema: JsonObject): void {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
    throw invalid(`${field} must be a JSON Schema object`);
  try {
    schemas.checkSchema(schema);
  } catch (error) {
    if (error instanceof ToolError && error.code === 'TOOL_INVALID')
      throw new ToolError('TOOL_INVALID', `invalid tool registration: ${field}: ${error.message}`, {
        ...error.details,
        field,
      });
    throw error;
  }
}

function isCount(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max;
}

function invalid(reason: string): ToolError {
  return new ToolError('TOOL_INVALID', `invalid tool registration: ${reason}`, { reason });
}
