import type { Clock, EventLog, IdGenerator, KillSwitch } from '../domain/index.js';
import { OrtInferenceEngine } from './engine/ortInferenceEngine.js';
import type { OrtInferenceEngineOptions } from './engine/engineOptions.js';
import { InferenceRuntime } from './inferenceRuntime.js';
import { Sha256TensorDigester } from './tensorDigest.js';
import { HashedTokenFeaturizer } from './text/index.js';

export interface OnnxInferenceOptions {
  readonly log: EventLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly modelsDir: string;
  readonly engine?: OrtInferenceEngineOptions;
  readonly requestRecordWindowMs?: number;
  readonly killSwitch?: KillSwitch;
}

/** Inference on ONNX Runtime as MIR composes it: worker-pool engine, hashed-token featurizer, SHA-256 digests. */
export function openOnnxInference(options: OnnxInferenceOptions): InferenceRuntime {
  const { engine, ...rest } = options;
  return new InferenceRuntime({
    ...rest,
    engine: new OrtInferenceEngine(engine),
    featurizer: new HashedTokenFeaturizer(),
    digester: new Sha256TensorDigester(),
  });
}
