import type { InferenceRuntime } from '../../inference/index.js';
import type { GraphqlContext } from '../context.js';
import { GraphQLError } from '../graphqlJs.js';

/**
 * The inference runtime, or the `INFERENCE_UNAVAILABLE` error of a server composed without one (a deployment
 * choice, not a caller's fault, hence an error rather than a typed result). Every model and inference field asks
 * through here, so they all answer alike.
 */
export function inferenceRuntimeOf(context: GraphqlContext): InferenceRuntime {
  const runtime = context.deps.inference;
  if (runtime === undefined)
    throw new GraphQLError('this server runs without inference: no models can be listed, registered or run', {
      extensions: { code: 'INFERENCE_UNAVAILABLE' },
    });
  return runtime;
}
