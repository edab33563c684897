import { InferenceError } from '../../domain/index.js';
import type { Featurizer, FeaturizerSpec, NamedTensor } from '../../domain/index.js';
import type { HashedTokensVersion } from './hashedTokenFeatures.js';
import {
  HASHED_TOKENS_KIND,
  HASHED_TOKENS_VERSIONS,
  hashedTokenFeatures,
  isHashedTokensVersion,
} from './hashedTokenFeatures.js';

/** Most texts one call featurizes. */
export const MAX_FEATURIZED_TEXTS = 256;
/** Longest text accepted, in UTF-16 code units (`string.length`), checked before normalisation. */
export const MAX_FEATURIZED_TEXT_LENGTH = 16_384;
/** Largest `dimensions` a spec may ask for: bounds the tensor at 256 × 16,384 floats. */
export const MAX_FEATURIZER_DIMENSIONS = 16_384;

/**
 * The `Featurizer` port for `hashed-tokens` v1 and v2: row i of the float32 tensor `[texts.length,
 * spec.dimensions]` named `spec.input` is `hashedTokenFeatures(texts[i], spec.dimensions, spec.version)`, the
 * very function training used.
 *
 * Throws `InferenceError('INFERENCE_INVALID_INPUT')`, with the disagreeing values in `details`, for a spec of
 * another kind or version, dimensions that are not an integer in 1 … MAX_FEATURIZER_DIMENSIONS, an empty input
 * name, no texts, more than MAX_FEATURIZED_TEXTS texts, or a text that is not a string or is longer than
 * MAX_FEATURIZED_TEXT_LENGTH. An empty text is accepted: its row is all zeros.
 */
export class HashedTokenFeaturizer implements Featurizer {
  featurize(spec: FeaturizerSpec, texts: readonly string[]): NamedTensor {
    const version = checkSpec(spec);
    checkTexts(texts);
    const data = new Array<number>(texts.length * spec.dimensions);
    texts.forEach((text, row) => {
      hashedTokenFeatures(text, spec.dimensions, version).forEach((value, column) => {
        data[row * spec.dimensions + column] = value;
      });
    });
    return { name: spec.input, type: 'float32', dims: [texts.length, spec.dimensions], data };
  }
}

/** The spec's version once every field is checked. */
function checkSpec(spec: FeaturizerSpec): HashedTokensVersion {
  const { version } = spec;
  if (spec.kind !== HASHED_TOKENS_KIND || !isHashedTokensVersion(version)) {
    throw invalid(`unknown featurizer ${spec.kind} v${version}`, {
      kind: spec.kind,
      version,
      supportedKind: HASHED_TOKENS_KIND,
      supportedVersions: HASHED_TOKENS_VERSIONS.join(', '),
    });
  }
  if (
    !Number.isInteger(spec.dimensions) ||
    spec.dimensions < 1 ||
    spec.dimensions > MAX_FEATURIZER_DIMENSIONS
  ) {
    throw invalid(`featurizer dimensions must be an integer from 1 to ${MAX_FEATURIZER_DIMENSIONS}`, {
      dimensions: spec.dimensions,
      maxDimensions: MAX_FEATURIZER_DIMENSIONS,
    });
  }
  if (spec.input === '') throw invalid('featurizer input name is empty', { input: spec.input });
  return version;
}

function checkTexts(texts: readonly string[]): void {
  if (texts.length === 0) throw invalid('no texts to featurize', { texts: 0 });
  if (texts.length > MAX_FEATURIZED_TEXTS) {
    throw invalid(`at most ${MAX_FEATURIZED_TEXTS} texts per call`, {
      texts: texts.length,
      maxTexts: MAX_FEATURIZED_TEXTS,
    });
  }
  texts.forEach((text: unknown, index) => {
    if (typeof text !== 'string')
      throw invalid(`text ${index} is not a string`, { index, type: typeof text });
    if (text.length > MAX_FEATURIZED_TEXT_LENGTH) {
      throw invalid(`text ${index} is longer than ${MAX_FEATURIZED_TEXT_LENGTH} characters`, {
        index,
        length: text.length,
        maxLength: MAX_FEATURIZED_TEXT_LENGTH,
      });
    }
  });
}

function invalid(message: string, details: Record<string, string | number>): InferenceError {
  return new InferenceError('INFERENCE_INVALID_INPUT', message, details);
}
