import { InferenceError } from '../../domain/index.js';
import type { JsonValue, NamedTensor, RequestInferenceCommand, TensorData } from '../../domain/index.js';
import { builder } from '../builder.js';
import { inferenceRuntimeOf } from '../errors/inferenceUnavailable.js';
import { toApiError } from '../errors/toApiError.js';
import { REQUEST_INFERENCE_ERRORS } from '../types/inferenceErrorTypes.js';
import { InferencePayloadType } from '../types/inferencePayload.js';
import { TensorInput } from '../types/tensorTypes.js';
import { shortTextSchema, timeoutMsSchema } from '../types/validators.js';
import { commandOrigin } from './executeRunCommand.js';
import { ENDED_REFUSAL, idempotencyKeyArgs, runIdArgs } from './mutationArgs.js';

builder.mutationField('requestInference', (t) =>
  t.field({
    type: InferencePayloadType,
    authScopes: { can: 'inferenceWrite' },
    errors: { types: REQUEST_INFERENCE_ERRORS, directResult: true },
    description:
      "Runs a registered model within a run, recording `InferenceRequested` then `InferenceCompleted` (or `InferenceFailed`) on the run's stream. " +
      'Give exactly one of `inputs` (tensors) and `texts` (for a model registered with a featurizer). Inputs are ' +
      'checked against the model before anything is recorded; each request counts against `maxInferenceCalls`. ' +
      ENDED_REFUSAL,
    args: {
      ...runIdArgs(),
      model: t.arg.string({ required: true, validate: shortTextSchema }),
      version: t.arg.string({
        validate: shortTextSchema,
        description: 'Defaults to the most recently registered version.',
      }),
      inputs: t.arg({ type: [TensorInput] }),
      texts: t.arg.stringList({ description: 'One row each, featurized as the model was trained.' }),
      timeoutMs: t.arg.int({
        validate: timeoutMsSchema,
        description: "Fails with INFERENCE_TIMEOUT past this (1 to 600000); the engine's default otherwise.",
      }),
      ...idempotencyKeyArgs(),
    },
    resolve: async (_root, args, context) => {
      const runtime = inferenceRuntimeOf(context);
      try {
        const command: RequestInferenceCommand = {
          runId: String(args.runId),
          model: args.model,
          ...(args.version == null ? {} : { version: args.version }),
          ...(args.inputs == null ? {} : { inputs: args.inputs.map(namedTensor) }),
          ...(args.texts == null ? {} : { texts: args.texts }),
          ...(args.timeoutMs == null ? {} : { timeoutMs: args.timeoutMs }),
        };
        return await runtime.service.requestInference(command, commandOrigin(context, args.idempotencyKey));
      } catch (error) {
        throw toApiError(error);
      }
    },
  }),
);

interface TensorArgument {
  readonly name: string;
  readonly type: NamedTensor['type'];
  readonly dims: readonly number[];
  readonly data?: JsonValue;
}

/** A tensor argument as the domain takes it; the values themselves are checked against the model there. */
function namedTensor(input: TensorArgument): NamedTensor {
  if (!Array.isArray(input.data))
    throw new InferenceError('INFERENCE_INVALID_INPUT', `input ${input.name} data must be a JSON array`, {
      input: input.name,
    });
  return { name: input.name, type: input.type, dims: input.dims, data: input.data as TensorData };
}
