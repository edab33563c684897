import type { FeaturizerSpec } from '../../domain/index.js';
import { HASHED_TOKENS_KIND } from '../text/index.js';

/**
 * What the risk classifier reads: `hashed-tokens` v2 (disguises folded away, see `normalizeTextV2`) into 4,096
 * buckets, fed to the input `features`. 4,096 rather than 2,048 because 5-fold cross-validation on the training
 * split gave the classifier about one point more accuracy (0.93 vs 0.92) and the embedder a slightly wider
 * paraphrase margin.
 */
export const RISK_CLASSIFIER_FEATURIZER = {
  kind: HASHED_TOKENS_KIND,
  version: 2,
  dimensions: 4096,
  input: 'features',
} as const satisfies FeaturizerSpec;

/**
 * What the text embedder reads: `hashed-tokens` v1, unchanged, so the embeddings already stored with memories
 * (matched by the embedder's sha256) stay comparable with new ones. Similarity search gains nothing from folding
 * disguises; a gate does.
 */
export const TEXT_EMBEDDER_FEATURIZER = {
  kind: HASHED_TOKENS_KIND,
  version: 1,
  dimensions: 4096,
  input: 'features',
} as const satisfies FeaturizerSpec;
