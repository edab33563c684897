import { GraphQLError } from '../graphqlJs.js';
import {
  hasErrorCode,
  isApprovalError,
  isInferenceError,
  isMemoryError,
  isPolicyError,
  isToolError,
  isLedgerError,
  isRunError,
  isStorageError,
} from '../../domain/index.js';
import type { JsonValue, RunError } from '../../domain/index.js';
import {
  InvalidCommandError,
  LEDGER_INPUT_CODES,
  LedgerInputError,
  RunAlreadyExistsError,
  RunBudgetExceededError,
  RunConflictError,
  RunNotActiveError,
  RunNotFoundError,
} from './apiErrors.js';
import type { LedgerInputCode } from './apiErrors.js';
import { governanceApiError } from './governanceApiError.js';
import { inferenceApiError } from './inferenceApiError.js';

/**
 * Maps a domain or ledger refusal to its typed API error; a retryable storage fault to a GraphQL error that says
 * so; anything else is returned unchanged (and masked by the server as an unexpected error).
 */
export function toApiError(error: unknown): unknown {
  if (isRunError(error)) return runApiError(error);
  if (isInferenceError(error)) return inferenceApiError(error);
  if (isPolicyError(error) || isToolError(error) || isApprovalError(error) || isMemoryError(error))
    return governanceApiError(error) ?? error;
  if (hasErrorCode(error, 'TENANT_HALTED')) {
    // A state of the deployment, like an unavailable ledger: every action of the tenant gets it until lifted.
    return new GraphQLError(error.message, {
      extensions: { code: 'TENANT_HALTED', details: error.details, http: { status: 403 } },
    });
  }
  if (hasErrorCode(error, 'TENANT_INVALID_COMMAND')) {
    return new GraphQLError(error.message, {
      extensions: { code: 'BAD_USER_INPUT', details: error.details },
    });
  }
  if (isStorageError(error) && error.code !== 'STORAGE_CORRUPT') {
    return new GraphQLError('the ledger is temporarily unavailable; retry with the same idempotency key', {
      extensions: { code: 'LEDGER_UNAVAILABLE', reason: error.code, http: { status: 503 } },
    });
  }
  if (isLedgerError(error) && (LEDGER_INPUT_CODES as readonly string[]).includes(error.code)) {
    return new LedgerInputError(error.message, error.code as LedgerInputCode, error.details);
  }
  return error;
}

function runApiError(error: RunError): unknown {
  const { details, message } = error;
  const runId = text(details.runId);
  switch (error.code) {
    case 'RUN_NOT_FOUND':
      return new RunNotFoundError(message, runId);
    case 'RUN_NOT_ACTIVE':
      return new RunNotActiveError(message, runId, text(details.status));
    case 'RUN_BUDGET_EXCEEDED':
      return new RunBudgetExceededError(
        message,
        runId,
        text(details.budget),
        num(details.limit),
        num(details.actual),
      );
    case 'RUN_ALREADY_EXISTS':
      return new RunAlreadyExistsError(message, runId);
    case 'RUN_INVALID_COMMAND':
      return new InvalidCommandError(message, orNull(details.field), orNull(details.reason));
    case 'RUN_CONCURRENCY_EXHAUSTED':
      return new RunConflictError(message, runId, num(details.attempts));
    default:
      return error;
  }
}

const text = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : '');
const orNull = (value: JsonValue | undefined): string | null => (typeof value === 'string' ? value : null);
const num = (value: JsonValue | undefined): number => (typeof value === 'number' ? value : 0);
