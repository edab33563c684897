import type { EventReference, InferenceResult } from '../../domain/index.js';
import type { GraphqlContext } from '../context.js';
import { loadRunView } from '../queries/runQueries.js';
import { builder } from '../builder.js';
import { ModelReferenceType } from './model.js';
import { EventRef, RunRef } from './refs.js';
import { TensorType } from './tensorTypes.js';

const InferenceType = builder.objectRef<InferenceResult>('Inference').implement({
  description: 'One completed inference, as recorded in its `InferenceCompleted` event.',
  fields: (t) => ({
    inferenceId: t.exposeID('inferenceId'),
    runId: t.exposeID('runId'),
    model: t.field({ type: ModelReferenceType, resolve: (result) => result.model }),
    executionProvider: t.exposeString('executionProvider', {
      description: 'The execution provider that actually ran the session, e.g. `cuda` or `cpu`.',
    }),
    runtime: t.exposeString('runtime'),
    runtimeVersion: t.exposeString('runtimeVersion'),
    inputDigest: t.exposeString('inputDigest', { description: 'Tensor digest of the exact inputs.' }),
    outputDigest: t.exposeString('outputDigest'),
    outputs: t.field({ type: [TensorType], resolve: (result) => result.outputs }),
    latencyMs: t.exposeFloat('latencyMs', { description: "Time spent in the runtime's run call." }),
  }),
});

/** The event at `reference`, read from the ledger (batched per request). */
export async function eventAt(context: GraphqlContext, reference: EventReference) {
  const event = await context.loaders.event.load(reference.position);
  if (event === null || event.id !== reference.id)
    throw new Error(`event ${reference.id} is not at position ${reference.position}`);
  return event;
}

/** What `requestInference` returns on success. */
export const InferencePayloadType = builder.objectRef<InferenceResult>('InferencePayload').implement({
  fields: (t) => ({
    inference: t.field({ type: InferenceType, resolve: (result) => result }),
    requestedEvent: t.field({
      type: EventRef,
      description: 'The `InferenceRequested` event on the run stream.',
      resolve: (result, _args, context) => eventAt(context, result.requestedEvent),
    }),
    completedEvent: t.field({
      type: EventRef,
      description: 'The `InferenceCompleted` event on the run stream.',
      resolve: (result, _args, context) => eventAt(context, result.completedEvent),
    }),
    run: t.field({
      type: RunRef,
      description:
        'The run as the read model shows it once it has applied the inference (selecting it waits for that).',
      resolve: async (result, _args, context) => {
        await context.deps.waitForProjection(result.completedEvent.position);
        context.loaders.run.clear(result.runId);
        const run = await loadRunView(context, result.runId, null);
        if (run === null) throw new Error(`run ${result.runId} is not in the read model after an inference`);
        return run;
      },
    }),
    replayed: t.exposeBoolean('replayed', {
      description: 'True when the idempotency key had been used already: nothing ran, nothing was appended.',
    }),
  }),
});
