import { murmurHash3x86Utf8 } from './murmurHash3.js';
import { normalizeText } from './textNormalization.js';
import { characterTrigrams, textWords, wordTokens } from './textTokens.js';

export const HASHED_TOKENS_KIND = 'hashed-tokens';
export const HASHED_TOKENS_VERSION = 1;

/** MurmurHash3 seed of `hashed-tokens` v1 (the ASCII bytes "MIR1"); part of the feature definition. */
export const HASHED_TOKENS_SEED = 0x4d495231;

export interface HashedBucket {
  /** Feature index, 0 … dimensions−1. */
  readonly index: number;
  /** +1 or −1: collisions of unrelated tokens cancel out on average instead of piling up. */
  readonly sign: 1 | -1;
}

/**
 * Where a token lands (the signed hashing trick). With h = MurmurHash3_x86_32(UTF-8 of token, HASHED_TOKENS_SEED):
 * index = (h & 0x7fffffff) mod dimensions, sign = −1 when bit 31 of h is set, else +1. The sign bit is never
 * used for the index, so the two are independent.
 */
export function hashedBucket(token: string, dimensions: number): HashedBucket {
  const hash = murmurHash3x86Utf8(token, HASHED_TOKENS_SEED);
  return { index: (hash & 0x7fffffff) % dimensions, sign: hash >>> 31 === 1 ? -1 : 1 };
}

/**
 * Every token `hashed-tokens` v1 counts for a text: word unigrams, word bigrams, then character trigrams. The
 * trigrams earn their place by measurement: in 5-fold cross-validation of the risk classifier on its training
 * split they raised accuracy from 0.87–0.90 (words only) to 0.92 (words and trigrams) at 2,048 dimensions.
 */
export function hashedTokenTokens(text: string): string[] {
  const words = textWords(normalizeText(text));
  return [...wordTokens(words), ...characterTrigrams(words)];
}

/**
 * The `hashed-tokens` v1 feature row of one text, the exact float32 values a model sees in training and serving:
 *
 * 1. tokens = `hashedTokenTokens(text)` (normalise, words, unigrams + bigrams + character trigrams);
 * 2. c[index] += sign for each token's `hashedBucket`, in float64;
 * 3. v[i] = sign(c[i]) · ln(1 + |c[i]|): a word repeated ten times does not outweigh the rest of the text;
 * 4. v /= ‖v‖₂ (summed in index order), unless v is all zeros (empty text or every count cancelled): it stays 0;
 * 5. each value rounded to float32.
 *
 * Precondition: `dimensions` is a positive integer (throws RangeError otherwise). No length limit here: the
 * serving featurizer enforces those.
 */
export function hashedTokenFeatures(text: string, dimensions: number): Float32Array {
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw new RangeError(`dimensions must be a positive integer, got ${dimensions}`);
  }
  const counts = new Float64Array(dimensions);
  for (const token of hashedTokenTokens(text)) {
    const { index, sign } = hashedBucket(token, dimensions);
    counts[index] = (counts[index] as number) + sign;
  }
  let squares = 0;
  for (let index = 0; index < dimensions; index += 1) {
    const count = counts[index] as number;
    const value = Math.sign(count) * Math.log1p(Math.abs(count));
    counts[index] = value;
    squares += value * value;
  }
  const scale = squares > 0 ? 1 / Math.sqrt(squares) : 0;
  const row = new Float32Array(dimensions);
  for (let index = 0; index < dimensions; index += 1) row[index] = (counts[index] as number) * scale;
  return row;
}

/** `hashedTokenFeatures` of each text, in order: what training featurizes its corpus with. */
export function hashedTokenRows(texts: readonly string[], dimensions: number): Float32Array[] {
  return texts.map((text) => hashedTokenFeatures(text, dimensions));
}
