import { HashedTokenFeaturizer } from './text/index.js';

export { InferenceRuntime } from './inferenceRuntime.js';
export { openOnnxInference } from './openOnnxInference.js';
export type { OnnxInferenceOptions } from './openOnnxInference.js';
export { OrtInferenceEngine } from './engine/ortInferenceEngine.js';
export type { OrtInferenceEngineOptions } from './engine/engineOptions.js';
export { Sha256TensorDigester } from './tensorDigest.js';
export { systemTimer } from './systemTimer.js';
export type { InferenceRuntimeDependencies, ModelRegistrationOutcome } from './inferenceRuntime.js';
export { ModelRegistry, MAX_MODEL_BYTES } from './registry/modelRegistry.js';
export type { ModelRegistration, RegistrationOrigin, RegistrationResult } from './registry/modelRegistry.js';
export { ContentAddressedModelStore } from './registry/contentAddressedModelStore.js';
export { sha256Hex } from '../ledger/index.js';
export { inspectOnnxModel } from './registry/onnxModelInspector.js';
export { HashedTokenFeaturizer } from './text/index.js';
export { buildOnnxModel, ONNX_FLOAT, ONNX_INT64 } from './onnx/onnxGraph.js';
export type { GraphDefinition, GraphNode, GraphValue, GraphInitializer } from './onnx/onnxGraph.js';

/** The text featurizer serving uses: the very code the shipped models were trained with. */
export const textFeaturizer = new HashedTokenFeaturizer();
export { createOpenAiCompatibleEngine, checkSecretFile, readSecretFile } from './remote/index.js';
export type { OpenAiCompatibleEngineOptions, SecretFileProblem } from './remote/index.js';
