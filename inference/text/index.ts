export { normalizeText } from './textNormalization.js';
export { textWords, wordTokens, characterTrigrams } from './textTokens.js';
export { murmurHash3x86, murmurHash3x86Utf8 } from './murmurHash3.js';
export {
  HASHED_TOKENS_KIND,
  HASHED_TOKENS_VERSION,
  HASHED_TOKENS_SEED,
  hashedBucket,
  hashedTokenTokens,
  hashedTokenFeatures,
  hashedTokenRows,
} from './hashedTokenFeatures.js';
export type { HashedBucket } from './hashedTokenFeatures.js';
export {
  HashedTokenFeaturizer,
  MAX_FEATURIZED_TEXTS,
  MAX_FEATURIZED_TEXT_LENGTH,
  MAX_FEATURIZER_DIMENSIONS,
} from './hashedTokenFeaturizer.js';
