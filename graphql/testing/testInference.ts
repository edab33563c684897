import type { Clock, EventLog } from '../../domain/index.js';
import type { OrtInferenceEngineOptions } from '../../inference/engine/engineOptions.js';
import { OrtInferenceEngine } from '../../inference/engine/ortInferenceEngine.js';
import { HashedTokenFeaturizer, InferenceRuntime } from '../../inference/index.js';
import { Sha256TensorDigester } from '../../inference/tensorDigest.js';
import { testIds } from '../../ledger/testing/testLedger.js';

/** The inference runtime as production composes it, on CPU: real engine workers, featurizer and digester. */
export function openTestInference(options: {
  readonly log: EventLog;
  readonly clock: Clock;
  readonly modelsDir: string;
  readonly engine: OrtInferenceEngineOptions;
}): InferenceRuntime {
  return new InferenceRuntime({
    log: options.log,
    clock: options.clock,
    ids: testIds,
    modelsDir: options.modelsDir,
    engine: new OrtInferenceEngine({ workers: 1, executionProviders: ['cpu'], ...options.engine }),
    featurizer: new HashedTokenFeaturizer(),
    digester: new Sha256TensorDigester(),
  });
}
