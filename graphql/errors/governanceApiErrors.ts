import type { JsonValue, PolicyProblem } from '../../domain/index.js';
import { ApiError } from './apiErrors.js';

// Expected refusals of policies, tools and approvals (codes from `domain/policies`, `domain/tools`,
// `domain/approvals`). Each means nothing was recorded; recorded refusals of a tool call are results instead.

/** POLICY_INVALID: the set does not parse, breaks MIR's Cedar schema or its annotation rules. */
export class PolicyInvalidError extends ApiError {
  readonly code = 'POLICY_INVALID';
  constructor(
    message: string,
    readonly problems: readonly PolicyProblem[],
  ) {
    super(message);
  }
}

/** POLICY_REQUEST_INVALID: the call carries values the policy engine cannot represent. */
export class PolicyRequestInvalidError extends ApiError {
  readonly code = 'POLICY_REQUEST_INVALID';
  constructor(
    message: string,
    readonly details: Readonly<Record<string, JsonValue>>,
  ) {
    super(message);
  }
}

/**
 * POLICY_TOO_LARGE / POLICY_TOO_COMPLEX: the set is over a limit and never reached the policy engine; unlike the
 * other errors here, the refusal WAS recorded (`PolicySetRefused`, its id in `eventId`).
 */
export class PolicyLimitExceededError extends ApiError {
  constructor(
    message: string,
    readonly code: 'POLICY_TOO_LARGE' | 'POLICY_TOO_COMPLEX',
    /** `maxBytes`, `maxPolicies` or `maxDepth`. */
    readonly limit: string,
    readonly max: number,
    readonly actual: number,
    readonly eventId: string | null,
  ) {
    super(message);
  }
}

/**
 * POLICY_ENGINE_FAILED: the policy engine failed on this request (not a verdict on it); it was replaced by a fresh
 * one, nothing was recorded, and no other request was affected. Retrying the same request fails the same way if it
 * is what broke the engine.
 */
export class PolicyEngineFailedError extends ApiError {
  readonly code = 'POLICY_ENGINE_FAILED';
  constructor(
    message: string,
    /** `check` (validating a set) or `evaluate` (deciding a call). */
    readonly operation: string,
  ) {
    super(message);
  }
}

/** TOOL_INVALID: a malformed definition or schema, or a compensating tool that is not registered. */
export class ToolInvalidError extends ApiError {
  readonly code = 'TOOL_INVALID';
  constructor(
    message: string,
    readonly reason: string,
    readonly field: string | null,
    readonly details: Readonly<Record<string, JsonValue>>,
  ) {
    super(message);
  }
}

/** TOOL_VERSION_CONFLICT: that name and version are registered with another definition. */
export class ToolVersionConflictError extends ApiError {
  readonly code = 'TOOL_VERSION_CONFLICT';
  constructor(
    message: string,
    /** The tool's name (`name` itself is taken by `Error`). */
    readonly toolName: string,
    readonly version: string,
    readonly differingFields: readonly string[],
  ) {
    super(message);
  }
}

/** TOOL_NAME_RESERVED: a built-in tool has that name; a tenant's own tool needs another. */
export class ToolNameReservedError extends ApiError {
  readonly code = 'TOOL_NAME_RESERVED';
  constructor(
    message: string,
    /** The tool's name (`name` itself is taken by `Error`). */
    readonly toolName: string,
  ) {
    super(message);
  }
}

/** APPROVAL_INVALID_COMMAND: an empty or oversized reason; nothing recorded. */
export class ApprovalInvalidError extends ApiError {
  readonly code = 'APPROVAL_INVALID_COMMAND';
  constructor(
    message: string,
    readonly details: Readonly<Record<string, JsonValue>>,
  ) {
    super(message);
  }
}

/** MEMORY_NOT_FOUND: no such memory in your tenant (another tenant's memory is reported the same). */
export class MemoryNotFoundError extends ApiError {
  readonly code = 'MEMORY_NOT_FOUND';
  constructor(
    message: string,
    readonly memoryId: string,
  ) {
    super(message);
  }
}

/** MEMORY_INVALID_COMMAND: a field of the command is malformed; nothing recorded. */
export class MemoryInvalidError extends ApiError {
  readonly code = 'MEMORY_INVALID_COMMAND';
  constructor(
    message: string,
    readonly field: string | null,
    readonly reason: string | null,
  ) {
    super(message);
  }
}

export const MEMORY_REFUSAL_CODES = [
  'MEMORY_ALREADY_EXISTS',
  'MEMORY_FORBIDDEN',
  'MEMORY_SELF_REVIEW',
  'MEMORY_ALREADY_REVIEWED',
  'MEMORY_NOT_APPROVED',
  'MEMORY_REJECTED',
  'MEMORY_RETRACTED',
  'MEMORY_EXPIRED',
  'MEMORY_SCOPE_MISMATCH',
] as const;
export type MemoryRefusalCode = (typeof MEMORY_REFUSAL_CODES)[number];

/**
 * A memory command refused by the memory's state or the caller's role. Refusals of a review or an apply are
 * recorded (`MemoryReviewRefused` / `MemoryApplyRefused`) and `eventId` names that event; the others recorded nothing.
 */
export class MemoryRefusedError extends ApiError {
  constructor(
    message: string,
    readonly code: MemoryRefusalCode,
    readonly eventId: string | null,
    readonly details: Readonly<Record<string, JsonValue>>,
  ) {
    super(message);
  }
}
