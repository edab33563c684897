import { builder } from '../builder.js';
import {
  InvalidCommandError,
  LedgerInputError,
  RunBudgetExceededError,
  ConcurrencyConflictError,
  RunNotActiveError,
  RunNotFoundError,
} from '../errors/apiErrors.js';
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
} from '../errors/inferenceApiErrors.js';
import { ErrorInterface } from './errorTypes.js';
import { JsonScalar } from './jsonScalar.js';

builder.objectType(ModelNotFoundError, {
  name: 'ModelNotFoundError',
  description: 'No registered model has that name (and version). Nothing was recorded.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    model: t.exposeString('model'),
    version: t.exposeString('version', { nullable: true }),
  }),
});

builder.objectType(ModelInvalidError, {
  name: 'ModelInvalidError',
  description:
    'The upload was refused before anything was stored or recorded: not a loadable ONNX model, element types MIR ' +
    'cannot carry, a bad name, version, description or featurizer, or a file over the size limit.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ reason: t.exposeString('reason') }),
});

builder.objectType(ModelVersionConflictError, {
  name: 'ModelVersionConflictError',
  description: 'This name and version are registered with another file: register a new version instead.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    name: t.string({ resolve: (error) => error.modelName }),
    version: t.exposeString('version'),
    registeredSha256: t.exposeString('registeredSha256'),
    sha256: t.exposeString('sha256', { description: 'SHA-256 of the file you sent.' }),
  }),
});

builder.objectType(ModelNameReservedError, {
  name: 'ModelNameReservedError',
  description:
    "A model shipped with MIR has this name, and a tenant's own model may not take it: register yours under " +
    'another name. Nothing was stored or recorded.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ name: t.string({ resolve: (error) => error.modelName }) }),
});

builder.objectType(ModelIntegrityError, {
  name: 'ModelIntegrityError',
  description:
    "The stored model file no longer matches its registered SHA-256: it was not loaded, and the refusal is recorded on the model's stream.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    expectedSha256: t.exposeString('expectedSha256', { nullable: true }),
    actualSha256: t.exposeString('actualSha256', {
      nullable: true,
      description: 'Null when the file is missing.',
    }),
    actualSize: t.exposeInt('actualSize', { nullable: true }),
  }),
});

builder.objectType(InvalidInferenceInputError, {
  name: 'InvalidInferenceInputError',
  description:
    "The inputs disagree with the model's declared inputs (names, element types, ranks, dimensions, values or size limits), or texts were sent to a model without a featurizer. Nothing was recorded.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    input: t.exposeString('input', { nullable: true, description: 'The input tensor at fault, if one.' }),
    details: t.field({
      type: JsonScalar,
      description: 'The values that disagree (expected, actual, axis, index, limit, …).',
      resolve: (error) => error.details,
    }),
  }),
});

builder.objectType(OverloadedError, {
  name: 'OverloadedError',
  description:
    "The engine's queue is full. Nothing was recorded: retry later (with the same idempotency key).",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    queued: t.exposeInt('queued', { nullable: true }),
    queueLimit: t.exposeInt('queueLimit', { nullable: true }),
    retryable: t.boolean({ resolve: () => true }),
  }),
});

builder.objectType(InferenceInProgressError, {
  name: 'InferenceInProgressError',
  description:
    'The inference with this idempotency key is still running: ask again shortly with the same key.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ inferenceId: t.exposeID('inferenceId') }),
});

builder.objectType(InferenceFailedError, {
  name: 'InferenceFailedError',
  description:
    'The engine failed after the request was recorded (`code`: MODEL_INTEGRITY_VIOLATION, INFERENCE_TIMEOUT, ' +
    'WORKER_CRASHED, ENGINE_FAILED, ENGINE_CLOSED or OUTPUT_TOO_LARGE). The failure is recorded as ' +
    "`InferenceFailed` on the run's stream, and the request counts against the run's inference budget.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    inferenceId: t.exposeID('inferenceId'),
    failedEventId: t.exposeID('failedEventId', { description: 'The `InferenceFailed` event.' }),
    replayed: t.exposeBoolean('replayed', {
      description: 'True when this failure was recorded earlier under the same idempotency key.',
    }),
  }),
});

builder.objectType(ModelLoadFailedError, {
  name: 'ModelLoadFailedError',
  description:
    'The engine could not load the model after it was registered (`code`: INFERENCE_TIMEOUT, WORKER_CRASHED, ' +
    'ENGINE_FAILED or ENGINE_CLOSED). Registering the same file again answers `alreadyRegistered` and loads again.',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});

/** The refusals of `registerModel`. */
export const REGISTER_MODEL_ERRORS = [
  ModelInvalidError,
  ModelNameReservedError,
  ModelVersionConflictError,
  ModelIntegrityError,
  OverloadedError,
  ModelLoadFailedError,
  LedgerInputError,
];

/** The refusals of `requestInference`. */
export const REQUEST_INFERENCE_ERRORS = [
  RunNotFoundError,
  RunNotActiveError,
  RunBudgetExceededError,
  InvalidCommandError,
  ConcurrencyConflictError,
  LedgerInputError,
  ModelNotFoundError,
  InvalidInferenceInputError,
  OverloadedError,
  InferenceInProgressError,
  InferenceFailedError,
];
