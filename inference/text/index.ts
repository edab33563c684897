export { normalizeText } from './textNormalization.js';
export { normalizeTextV2 } from './textNormalizationV2.js';
export { textWords, wordTokens, characterTrigrams } from './textTokens.js';
export { murmurHash3x86, murmurHash3x86Utf8 } from './murmurHash3.js';
export {
  HASHED_TOKENS_KIND,
  HASHED_TOKENS_VERSIONS,
  HASHED_TOKENS_SEED,
  hashedBucket,
  hashedTokenTokens,
  hashedTokenFeatures,
  hashedTokenRows,
  isHashedTokensVersion,
} from './hashedTokenFeatures.js';
export type { HashedBucket, HashedTokensVersion } from './hashedTokenFeatures.js';
export {
  HashedTokenFeaturizer,
  MAX_FEATURIZED_TEXTS,
  MAX_FEATURIZED_TEXT_LENGTH,
  MAX_FEATURIZER_DIMENSIONS,
} from './hashedTokenFeaturizer.js';
export { decodeBase64Runs } from './base64Runs.js';
export type { DecodedBase64 } from './base64Runs.js';
export { SCORING_WINDOW_WORDS, SCORING_WINDOW_STRIDE, scoringViews } from './scoringViews.js';
export type { ScoringView, ScoringViewKind, ScoringViews } from './scoringViews.js';
