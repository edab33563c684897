import type { ApiError } from '../errors/apiErrors.js';
import {
  InvalidCommandError,
  LEDGER_INPUT_CODES,
  LedgerInputError,
  RunAlreadyExistsError,
  RunBudgetExceededError,
  ConcurrencyConflictError,
  RunNotActiveError,
  RunNotFoundError,
  RunStepOutOfRangeError,
} from '../errors/apiErrors.js';
import { builder } from '../builder.js';
import { JsonScalar } from './jsonScalar.js';

/** Every expected refusal implements this: clients can always select `... on Error { code message }`. */
export const ErrorInterface = builder.interfaceRef<ApiError>('Error').implement({
  fields: (t) => ({
    code: t.exposeString('code'),
    message: t.exposeString('message'),
  }),
});

const LedgerInputCodeEnum = builder.enumType('LedgerInputCode', { values: LEDGER_INPUT_CODES });

builder.objectType(RunNotFoundError, {
  name: 'RunNotFoundError',
  description: "No such run in your tenant (another tenant's runs are reported exactly like missing ones).",
  interfaces: [ErrorInterface],
  fields: (t) => ({ runId: t.exposeID('runId') }),
});

builder.objectType(RunNotActiveError, {
  name: 'RunNotActiveError',
  description: 'The run already ended (completed, failed or cancelled).',
  interfaces: [ErrorInterface],
  fields: (t) => ({ runId: t.exposeID('runId'), status: t.exposeString('status') }),
});

builder.objectType(RunBudgetExceededError, {
  name: 'RunBudgetExceededError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    runId: t.exposeID('runId'),
    budget: t.exposeString('budget', { description: '`steps`, `wallTime` or `inferenceCalls`.' }),
    limit: t.exposeFloat('limit'),
    actual: t.exposeFloat('actual'),
  }),
});

builder.objectType(RunAlreadyExistsError, {
  name: 'RunAlreadyExistsError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ runId: t.exposeID('runId') }),
});

builder.objectType(InvalidCommandError, {
  name: 'InvalidCommandError',
  description: 'The command was refused as given (RUN_INVALID_COMMAND); `field` names the argument.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    field: t.exposeString('field', { nullable: true }),
    reason: t.exposeString('reason', { nullable: true }),
  }),
});

builder.objectType(ConcurrencyConflictError, {
  name: 'ConcurrencyConflictError',
  description:
    'Other writers (other MIR processes) kept changing the stream under the command; nothing was recorded. Retry with the same idempotency key.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    stream: t.exposeString('stream'),
    attempts: t.exposeInt('attempts'),
    expectedRevision: t.exposeInt('expectedRevision', {
      nullable: true,
      description: 'The revision the last attempt expected (null: that the stream did not exist yet).',
    }),
    actualRevision: t.exposeInt('actualRevision', {
      nullable: true,
      description: 'The revision the stream had instead.',
    }),
  }),
});

builder.objectType(RunStepOutOfRangeError, {
  name: 'RunStepOutOfRangeError',
  description: 'The run has no such step (RUN_STEP_OUT_OF_RANGE): its steps run from `firstStep` to `steps`.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    runId: t.exposeID('runId'),
    atStep: t.exposeInt('atStep', { description: 'The step asked for.' }),
    firstStep: t.exposeInt('firstStep', {
      description: 'The first step the run has: 0, or for a fork the step it was forked at.',
    }),
    steps: t.exposeInt('steps', { description: 'The steps the run has recorded (its step count).' }),
  }),
});

builder.objectType(LedgerInputError, {
  name: 'LedgerInputError',
  description: 'The ledger refused the events this command produced (nothing was written).',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    reason: t.field({ type: LedgerInputCodeEnum, resolve: (error) => error.code }),
    details: t.field({ type: JsonScalar, resolve: (error) => error.details }),
  }),
});

/** The refusals of each command, as the errors plugin's `types`. */
export const START_ERRORS = [
  InvalidCommandError,
  RunAlreadyExistsError,
  ConcurrencyConflictError,
  LedgerInputError,
];
export const UPDATE_ERRORS = [
  RunNotFoundError,
  RunNotActiveError,
  InvalidCommandError,
  ConcurrencyConflictError,
  LedgerInputError,
];
/** `forkRun`: the source (not found, no such step), the new run (exists, bad budget) and the append. */
export const FORK_ERRORS = [
  RunNotFoundError,
  RunStepOutOfRangeError,
  InvalidCommandError,
  RunAlreadyExistsError,
  ConcurrencyConflictError,
  LedgerInputError,
];
export const STEP_ERRORS = [...UPDATE_ERRORS, RunBudgetExceededError];
