export {
  shippedModelsDirectory,
  readShippedManifest,
  shippedModelPath,
  shippedEngineModel,
} from './shippedModels.js';
export { MANIFEST_FILE, shippedManifestSchema } from './modelManifest.js';
export type { ShippedModelManifest, ShippedModelEntry, ShippedModelMetrics } from './modelManifest.js';
export { RISK_CLASSIFIER_FEATURIZER, TEXT_EMBEDDER_FEATURIZER } from './shippedFeaturizers.js';
export { RISK_CLASSIFIER_NAME, RISK_CLASSIFIER_VERSION, RISK_CLASSES } from './riskClassifier.js';
export { TEXT_EMBEDDER_NAME, TEXT_EMBEDDER_VERSION } from './textEmbedder.js';
