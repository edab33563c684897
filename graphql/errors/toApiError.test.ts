import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CommandError,
  InferenceError,
  LedgerError,
  MirError,
  RECORDED_FAILURE_CODES,
  RunError,
  ToolError,
} from '../../domain/index.js';
import { GraphQLError } from '../graphqlJs.js';
import { errorCodes, graphqlRequest } from '../testing/graphqlRequest.js';
import { START_RUN } from '../testing/runOperations.js';
import { openTestRuntime } from '../testing/testRuntime.js';
import { API_ERROR_TABLE } from './apiErrorTable.js';
import { ApiError } from './apiErrors.js';
import { MIR_ERROR_CODES } from './errorCodes.js';
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
      new CommandError('CONCURRENCY_EXHAUSTED', 'm', {
        stream: 'run-r',
        attempts: 5,
        expectedRevision: 3,
        actualRevision: 4,
      }),
      ConcurrencyConflictError,
      { stream: 'run-r', attempts: 5, expectedRevision: 3, actualRevision: 4 },
    ],
    [
      new RunError('RUN_STEP_OUT_OF_RANGE', 'm', { runId: 'r', atStep: 4, firstStep: 0, steps: 2 }),
      RunStepOutOfRangeError,
      { runId: 'r', atStep: 4, firstStep: 0, steps: 2 },
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

const ALL_CODES: readonly string[] = Object.values(MIR_ERROR_CODES).flat();
const ROOT = join(import.meta.dirname, '..', '..');

/** Every `.ts` file of the code base but tests and generated output. */
function sources(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return ['node_modules', 'dist', '.git', 'data'].includes(entry.name) ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the error table', () => {
  it('lists each code once: no two modules declare the same code', () => {
    expect(new Set(ALL_CODES).size).toBe(ALL_CODES.length);
    expect(Object.keys(API_ERROR_TABLE).sort()).toEqual([...ALL_CODES].sort());
  });

  it("registers every code the sources raise (`new SomeMirError('CODE'`), so a new code needs a mapping", () => {
    const files = sources().map((path) => readFileSync(path, 'utf8'));
    const classes = new Set(['MirError']);
    for (const text of files)
      for (const match of text.matchAll(/class (\w+) extends MirError\b/g)) classes.add(match[1]!);
    const raised = new Set<string>();
    for (const text of files)
      for (const match of text.matchAll(/new (\w+)(?:<[^>]*>)?\(\s*'([A-Z][A-Z0-9_]+)'/g))
        if (classes.has(match[1]!)) raised.add(match[2]!);
    expect(raised.size).toBeGreaterThan(50);
    expect([...raised].filter((code) => !ALL_CODES.includes(code))).toEqual([]);
  });

  it.each(ALL_CODES)('answers %s as its kind says', (code) => {
    const error = new MirError(code, 'm', { runId: 'r' });
    const mapping = API_ERROR_TABLE[code as keyof typeof API_ERROR_TABLE];
    const answer = toApiError(error);
    switch (mapping.kind) {
      case 'typed':
        expect(answer).toBeInstanceOf(ApiError);
        expect(answer).toMatchObject({ code });
        return;
      case 'internal':
        expect(answer).toBe(error);
        return;
      default: {
        expect(answer).toBeInstanceOf(GraphQLError);
        const { extensions } = answer as GraphQLError;
        expect(extensions.reason).toBe(code);
        expect(extensions.code).toBe(mapping.kind === 'callerFault' ? 'BAD_USER_INPUT' : mapping.code);
        if (mapping.kind !== 'callerFault')
          expect(extensions.http).toEqual({ status: mapping.kind === 'unavailable' ? 503 : mapping.status });
      }
    }
  });
});

describe('through the API', () => {
  it('a refusal no resolver translated still gets its code: read models closed under a mutation answer READ_MODELS_UNAVAILABLE (503), not "Unexpected error."', async () => {
    const rt = await openTestRuntime();
    try {
      const app = await rt.bearer('app');
      await rt.readModels.runner.close();
      const response = await graphqlRequest(rt.api.yoga, START_RUN, {
        authorization: app,
        variables: { goal: 'g', agent: 'a' },
      });
      expect(errorCodes(response)).toEqual(['READ_MODELS_UNAVAILABLE']);
      expect(response.errors?.[0]?.extensions).toMatchObject({ reason: 'PROJECTION_CLOSED' });
      expect(response.status).toBe(503);
    } finally {
      await rt.close();
    }
  });

  it('TOOL_CALL_IN_PROGRESS (and every other non-internal code) is not masked as "Unexpected error."', () => {
    const answer = toApiError(new MirError('TOOL_CALL_IN_PROGRESS', 'still running', { callId: 'c1' }));
    expect(answer).toBeInstanceOf(GraphQLError);
    expect((answer as GraphQLError).extensions).toMatchObject({
      code: 'TOOL_CALL_IN_PROGRESS',
      details: { callId: 'c1' },
    });
  });
});
