export {
  shippedModelsDirectory,
  readShippedManifest,
  shippedModelPath,
  shippedEngineModel,
} from './shippedModels.js';
export { MANIFEST_FILE, shippedManifestSchema } from './modelManifest.js';
export type { ShippedModelManifest, ShippedModelEntry, ShippedModelMetrics } from './modelManifest.js';
export { SHIPPED_FEATURIZER } from './shippedFeaturizer.js';
export { RISK_CLASSIFIER_NAME, RISK_CLASSIFIER_VERSION, RISK_CLASSES } from './riskClassifier.js';
export { TEXT_EMBEDDER_NAME, TEXT_EMBEDDER_VERSION } from './textEmbedder.js';
