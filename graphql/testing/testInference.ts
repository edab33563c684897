import type { Clock, EventLog, KillSwitch } from '../../domain/index.js';
import { openOnnxInference } from '../../inference/index.js';
import type { InferenceRuntime, OrtInferenceEngineOptions } from '../../inference/index.js';
import { testIds } from '../../ledger/testing/testLedger.js';

/** The inference runtime as production composes it, on CPU: real engine workers, featurizer and digester. */
export function openTestInference(options: {
  readonly log: EventLog;
  readonly clock: Clock;
  readonly modelsDir: string;
  readonly engine: OrtInferenceEngineOptions;
  readonly killSwitch?: KillSwitch;
}): InferenceRuntime {
  const { engine, ...rest } = options;
  return openOnnxInference({
    ...rest,
    ids: testIds,
    engine: { workers: 1, executionProviders: ['cpu'], ...engine },
  });
}
