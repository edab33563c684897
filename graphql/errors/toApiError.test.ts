import { describe, expect, it } from 'vitest';
import { LedgerError, RunError } from '../../domain/index.js';
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
  ])('maps %s to its typed API error', (error, type, fields) => {
    const mapped = toApiError(error);
    expect(mapped).toBeInstanceOf(type);
    expect(mapped).toMatchObject({ code: error.code, message: 'm', ...fields });
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
