import type { JsonValue, MirError, PolicyProblem } from '../../domain/index.js';
import type { ApiError } from './apiErrors.js';
import {
  InvalidCommandError,
  LedgerInputError,
  RunAlreadyExistsError,
  RunBudgetExceededError,
  ConcurrencyConflictError,
  RunNotActiveError,
  RunNotFoundError,
  RunStepOutOfRangeError,
} from './apiErrors.js';
import type { LedgerInputCode } from './apiErrors.js';
import {
  ApprovalInvalidError,
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
import type { MemoryRefusalCode } from './governanceApiErrors.js';
import {
  InferenceFailedError,
  InferenceInProgressError,
  InvalidInferenceInputError,
  ModelIntegrityError,
  ModelInvalidError,
  ModelLoadFailedError,
  ModelNameReservedError,
  ModelNotFoundError,
  ModelVersionConflictError,
  OverloadedError,
} from './inferenceApiErrors.js';
import type { InferenceFailureCode } from './inferenceApiErrors.js';
import { McpServerInvalidError, McpServerUnreachableError } from './mcpApiErrors.js';
import {
  RollbackInProgressError,
  RollbackInvalidError,
  RollbackPointNotFoundError,
} from './rollbackApiErrors.js';

// The typed result of each refusal that has one, built from the error's code, message and details. The error
// table (`apiErrorTable.ts`) says which codes these serve.

/** Builds the typed API error of one `MirError`. */
export type TypedApiError = (error: MirError) => ApiError;

export const runNotFound: TypedApiError = (e) => new RunNotFoundError(e.message, text(e.details.runId));
export const runNotActive: TypedApiError = (e) =>
  new RunNotActiveError(e.message, text(e.details.runId), text(e.details.status));
export const runBudgetExceeded: TypedApiError = ({ message, details }) =>
  new RunBudgetExceededError(
    message,
    text(details.runId),
    text(details.budget),
    num(details.limit),
    num(details.actual),
  );
export const runStepOutOfRange: TypedApiError = ({ message, details }) =>
  new RunStepOutOfRangeError(
    message,
    text(details.runId),
    num(details.atStep),
    num(details.firstStep),
    num(details.steps),
  );
export const runAlreadyExists: TypedApiError = (e) =>
  new RunAlreadyExistsError(e.message, text(e.details.runId));
export const invalidCommand: TypedApiError = (e) =>
  new InvalidCommandError(e.message, orNull(e.details.field), orNull(e.details.reason));
const revision = (value: unknown): number | null => (typeof value === 'number' ? value : null);

export const concurrencyConflict: TypedApiError = (e) =>
  new ConcurrencyConflictError(
    e.message,
    text(e.details.stream),
    num(e.details.attempts),
    revision(e.details.expectedRevision),
    revision(e.details.actualRevision),
  );
export const ledgerInput: TypedApiError = (e) =>
  new LedgerInputError(e.message, e.code as LedgerInputCode, e.details);

export const policyInvalid: TypedApiError = (e) =>
  new PolicyInvalidError(e.message, problems(e.details.problems));
export const policyLimitExceeded: TypedApiError = ({ message, code, details }) =>
  new PolicyLimitExceededError(
    message,
    code as 'POLICY_TOO_LARGE' | 'POLICY_TOO_COMPLEX',
    text(details.limit),
    num(details.max),
    num(details.actual),
    orNull(details.eventId),
  );
// The engine's own message stays in the server's logs: it describes MIR's internals, not the input.
export const policyEngineFailed: TypedApiError = ({ details }) =>
  new PolicyEngineFailedError(
    'the policy engine failed on this request and was restarted; nothing was recorded',
    text(details.operation),
  );
export const toolNameReserved: TypedApiError = (e) =>
  new ToolNameReservedError(e.message, text(e.details.name));
export const modelNameReserved: TypedApiError = (e) =>
  new ModelNameReservedError(e.message, text(e.details.name));
export const policyRequestInvalid: TypedApiError = (e) => new PolicyRequestInvalidError(e.message, e.details);
export const toolInvalid: TypedApiError = ({ message, details }) =>
  new ToolInvalidError(message, text(details.reason) || message, orNull(details.field), details);
export const toolVersionConflict: TypedApiError = ({ message, details }) =>
  new ToolVersionConflictError(
    message,
    text(details.name),
    text(details.version),
    Array.isArray(details.differingFields) ? details.differingFields.map(String) : [],
  );
export const approvalInvalid: TypedApiError = (e) => new ApprovalInvalidError(e.message, e.details);
export const memoryNotFound: TypedApiError = (e) =>
  new MemoryNotFoundError(e.message, text(e.details.memoryId));
export const memoryInvalid: TypedApiError = (e) =>
  new MemoryInvalidError(e.message, orNull(e.details.field), orNull(e.details.reason));
export const memoryRefused: TypedApiError = (e) =>
  new MemoryRefusedError(e.message, e.code as MemoryRefusalCode, orNull(e.details.eventId), e.details);
export const modelNotFound: TypedApiError = (e) =>
  new ModelNotFoundError(e.message, text(e.details.model), orNull(e.details.version));
export const modelInvalid: TypedApiError = (e) =>
  new ModelInvalidError(e.message, text(e.details.reason) || e.message);
export const modelVersionConflict: TypedApiError = ({ message, details }) =>
  new ModelVersionConflictError(
    message,
    text(details.name),
    text(details.version),
    text(details.registeredSha256),
    text(details.sha256),
  );
export const invalidInferenceInput: TypedApiError = (e) =>
  new InvalidInferenceInputError(e.message, orNull(e.details.input), e.details);
export const overloaded: TypedApiError = (e) =>
  new OverloadedError(e.message, numOrNull(e.details.queued), numOrNull(e.details.limit));
export const inferenceInProgress: TypedApiError = (e) =>
  new InferenceInProgressError(e.message, text(e.details.inferenceId));

/**
 * An engine failure. During an inference it was recorded and names its `InferenceFailed` event; without one it
 * happened while warming a model at registration (integrity refusals have their own type there).
 */
export const engineFailure: TypedApiError = ({ message, details, code }) => {
  const failure = code as InferenceFailureCode;
  const [inferenceId, failedEventId] = [orNull(details.inferenceId), orNull(details.failedEventId)];
  if (inferenceId !== null && failedEventId !== null)
    return new InferenceFailedError(message, failure, inferenceId, failedEventId, details.replayed === true);
  if (failure === 'MODEL_INTEGRITY_VIOLATION')
    return new ModelIntegrityError(
      message,
      orNull(details.expectedSha256),
      orNull(details.actualSha256),
      numOrNull(details.actualSize),
    );
  return new ModelLoadFailedError(message, failure);
};

function problems(value: JsonValue | undefined): PolicyProblem[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) => {
    const problem = (item ?? {}) as Record<string, JsonValue>;
    return { policyId: orNull(problem.policyId), message: text(problem.message), help: orNull(problem.help) };
  });
}

export const rollbackPointNotFound: TypedApiError = ({ message, details }) =>
  new RollbackPointNotFoundError(
    message,
    numOrNull(details.step),
    numOrNull(details.position),
    num(details.lastStep),
    numOrNull(details.lastPosition),
  );
export const rollbackInvalid: TypedApiError = ({ message, details }) =>
  new RollbackInvalidError(message, text(details.field), text(details.reason), textOrNull(details.value));
export const rollbackInProgress: TypedApiError = ({ message, details }) =>
  new RollbackInProgressError(
    message,
    text(details.runId),
    text(details.rollbackId),
    textOrNull(details.refusalEventId),
  );

export const mcpServerInvalid: TypedApiError = ({ message, details, code }) =>
  new McpServerInvalidError(
    message,
    code as McpServerInvalidError['code'],
    text(details.reason) || message,
    details,
  );
export const mcpServerUnreachable: TypedApiError = ({ message, details, code }) =>
  new McpServerUnreachableError(
    message,
    code as McpServerUnreachableError['code'],
    text(details.reason) || message,
  );

const text = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : '');
const orNull = (value: JsonValue | undefined): string | null => (typeof value === 'string' ? value : null);
const num = (value: JsonValue | undefined): number => (typeof value === 'number' ? value : 0);
const numOrNull = (value: JsonValue | undefined): number | null => (typeof value === 'number' ? value : null);
const textOrNull = (value: JsonValue | undefined): string | null =>
  typeof value === 'string' ? value : null;
