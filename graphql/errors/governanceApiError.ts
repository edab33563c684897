import type { JsonValue, MirError, PolicyProblem } from '../../domain/index.js';
import {
  ApprovalInvalidError,
  GOVERNANCE_CONFLICT_CODES,
  GovernanceConflictError,
  MEMORY_REFUSAL_CODES,
  MemoryInvalidError,
  MemoryNotFoundError,
  MemoryRefusedError,
  PolicyEngineFailedError,
  PolicyInvalidError,
  PolicyLimitExceededError,
  PolicyRequestInvalidError,
  ToolInvalidError,
  ToolNameReservedError,
  ToolVersionConflictError,
} from './governanceApiErrors.js';
import type { GovernanceConflictCode, MemoryRefusalCode } from './governanceApiErrors.js';

/**
 * The typed API error of a policy, tool, approval or memory refusal (matched by code: every governance refusal is a
 * `MirError`); null for a code with no typed result, which the caller passes on unchanged.
 */
export function governanceApiError(error: MirError): unknown {
  const { details, message } = error;
  switch (error.code) {
    case 'POLICY_INVALID':
      return new PolicyInvalidError(message, problems(details.problems));
    case 'POLICY_REQUEST_INVALID':
      return new PolicyRequestInvalidError(message, details);
    case 'POLICY_TOO_LARGE':
    case 'POLICY_TOO_COMPLEX':
      return new PolicyLimitExceededError(
        message,
        error.code,
        text(details.limit),
        num(details.max),
        num(details.actual),
        orNull(details.eventId),
      );
    case 'POLICY_ENGINE_FAILED':
      // The engine's own message stays in the server's logs: it describes MIR's internals, not the input.
      return new PolicyEngineFailedError(
        'the policy engine failed on this request and was restarted; nothing was recorded',
        text(details.operation),
      );
    case 'TOOL_INVALID':
      return new ToolInvalidError(message, text(details.reason) || message, orNull(details.field), details);
    case 'TOOL_VERSION_CONFLICT':
      return new ToolVersionConflictError(
        message,
        text(details.name),
        text(details.version),
        Array.isArray(details.differingFields) ? details.differingFields.map(String) : [],
      );
    case 'TOOL_NAME_RESERVED':
      return new ToolNameReservedError(message, text(details.name));
    case 'APPROVAL_INVALID_COMMAND':
      return new ApprovalInvalidError(message, details);
    case 'MEMORY_NOT_FOUND':
      return new MemoryNotFoundError(message, text(details.memoryId));
    case 'MEMORY_INVALID_COMMAND':
      return new MemoryInvalidError(message, orNull(details.field), orNull(details.reason));
    default:
      if ((MEMORY_REFUSAL_CODES as readonly string[]).includes(error.code))
        return new MemoryRefusedError(
          message,
          error.code as MemoryRefusalCode,
          orNull(details.eventId),
          details,
        );
      if ((GOVERNANCE_CONFLICT_CODES as readonly string[]).includes(error.code))
        return new GovernanceConflictError(
          message,
          error.code as GovernanceConflictCode,
          typeof details.attempts === 'number' ? details.attempts : null,
        );
      return null;
  }
}

function problems(value: JsonValue | undefined): PolicyProblem[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) => {
    const problem = (item ?? {}) as Record<string, JsonValue>;
    return {
      policyId: orNull(problem.policyId),
      message: text(problem.message),
      help: orNull(problem.help),
    };
  });
}

const text = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : '');
const orNull = (value: JsonValue | undefined): string | null => (typeof value === 'string' ? value : null);
const num = (value: JsonValue | undefined): number => (typeof value === 'number' ? value : 0);
