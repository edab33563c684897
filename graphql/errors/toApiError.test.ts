import { describe, expect, it } from 'vitest';
import {
  InferenceError,
  LedgerError,
  RECORDED_FAILURE_CODES,
  RunError,
  ToolError,
} from '../../domain/index.js';
import { GraphQLError } from '../graphqlJs.js';
import {
  InvalidCommandError,
  LedgerInputError,
  RunAlreadyExistsError,
  RunBudgetExceededError,
  RunConflictError,
  RunNotActiveError,
  RunNotFoundError,
} from './apiErrors.js';
import {
  INFERENCE_FAILURE_CODES,
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
import { ToolNameReservedError } from './governanceApiErrors.js';
import { toApiError } from './toApiError.js';

describe('toApiError', () => {
  it.each([
    [new RunError('RUN_NOT_FOUND', 'm', { runId: 'r' }), RunNotFoundError, { runId: 'r' }],
    [
      new RunError('RUN_NOT_ACTIVE', 'm', { runId: 'r', status: 'failed' }),
      RunNotActiveError,
      { status: 'failed' },
    ],
    [
      new RunError('RUN_BUDGET_EXCEEDED', 'm', { runId: 'r', budget: 'steps', limit: 2, actual: 3 }),
      RunBudgetExceededError,
      { budget: 'steps', limit: 2, actual: 3 },
    ],
    [new RunError('RUN_ALREADY_EXISTS', 'm', { runId: 'r' }), RunAlreadyExistsError, { runId: 'r' }],
    [
      new RunError('RUN_INVALID_COMMAND', 'm', { field: 'goal', reason: 'empty' }),
      InvalidCommandError,
      { field: 'goal' },
    ],
    [
      new RunError('RUN_CONCURRENCY_EXHAUSTED', 'm', { runId: 'r', attempts: 5 }),
      RunConflictError,
      { attempts: 5 },
    ],
    [new LedgerError('NON_JSON_VALUE', 'm', { path: '$.x' }), LedgerInputError, { code: 'NON_JSON_VALUE' }],
    [new LedgerError('EVENT_TOO_LARGE', 'm', { limit: 1 }), LedgerInputError, { code: 'EVENT_TOO_LARGE' }],
    [
      new ToolError('TOOL_NAME_RESERVED', 'm', { name: 'kv.put' }),
      ToolNameReservedError,
      { toolName: 'kv.put' },
    ],
  ])('maps %s to its typed API error', (error, type, fields) => {
    const mapped = toApiError(error);
    expect(mapped).toBeInstanceOf(type);
    expect(mapped).toMatchObject({ code: error.code, message: 'm', ...fields });
  });

  it.each([
    [
      new InferenceError('MODEL_NOT_FOUND', 'm', { model: 'a', version: null }),
      ModelNotFoundError,
      { model: 'a' },
    ],
    [new InferenceError('MODEL_INVALID', 'm', { reason: 'empty' }), ModelInvalidError, { reason: 'empty' }],
    [
      new InferenceError('MODEL_NAME_RESERVED', 'm', { name: 'risk-classifier' }),
      ModelNameReservedError,
      { modelName: 'risk-classifier' },
    ],
    [
      new InferenceError('MODEL_VERSION_CONFLICT', 'm', {
        name: 'a',
        version: '1',
        registeredSha256: 'r',
        sha256: 's',
      }),
      ModelVersionConflictError,
      { modelName: 'a', version: '1', registeredSha256: 'r', sha256: 's' },
    ],
    [
      new InferenceError('MODEL_INTEGRITY_VIOLATION', 'm', { expectedSha256: 'e', actualSha256: null }),
      ModelIntegrityError,
      { expectedSha256: 'e', actualSha256: null, actualSize: null },
    ],
    [
      new InferenceError('INFERENCE_INVALID_INPUT', 'm', { input: 'x', axis: 1 }),
      InvalidInferenceInputError,
      { input: 'x', details: { input: 'x', axis: 1 } },
    ],
    [
      new InferenceError('OVERLOADED', 'm', { queued: 4, limit: 4 }),
      OverloadedError,
      { queued: 4, queueLimit: 4 },
    ],
    [
      new InferenceError('INFERENCE_IN_PROGRESS', 'm', { inferenceId: 'i' }),
      InferenceInProgressError,
      { inferenceId: 'i' },
    ],
    [
      new InferenceError('INFERENCE_TIMEOUT', 'm', { inferenceId: 'i', failedEventId: 'f' }),
      InferenceFailedError,
      { inferenceId: 'i', failedEventId: 'f', replayed: false },
    ],
    [
      new InferenceError('MODEL_INTEGRITY_VIOLATION', 'm', {
        inferenceId: 'i',
        failedEventId: 'f',
        replayed: true,
      }),
      InferenceFailedError,
      { failedEventId: 'f', replayed: true },
    ],
    [new InferenceError('ENGINE_CLOSED', 'm'), ModelLoadFailedError, {}],
  ])('maps inference refusal %s to its typed API error', (error, type, fields) => {
    const mapped = toApiError(error);
    expect(mapped).toBeInstanceOf(type);
    expect(mapped).toMatchObject({ code: error.code, message: 'm', ...fields });
  });

  it("types every failure the domain records (the API's list is the domain's)", () => {
    expect([...INFERENCE_FAILURE_CODES].sort()).toEqual([...RECORDED_FAILURE_CODES].sort());
  });

  it('a retryable storage fault becomes LEDGER_UNAVAILABLE (503); corruption and the unknown pass through', () => {
    const busy = toApiError(new LedgerError('STORAGE_BUSY', 'busy'));
    expect(busy).toBeInstanceOf(GraphQLError);
    expect((busy as GraphQLError).extensions).toMatchObject({
      code: 'LEDGER_UNAVAILABLE',
      reason: 'STORAGE_BUSY',
    });
    const corrupt = new LedgerError('STORAGE_CORRUPT', 'bad');
    expect(toApiError(corrupt)).toBe(corrupt);
    const unknown = new Error('boom');
    expect(toApiError(unknown)).toBe(unknown);
  });
});
