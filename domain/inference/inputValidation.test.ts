import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../errors/mirError.js';
import { validateInferenceInputs } from './inputValidation.js';
import type { NamedTensor, TensorSpec } from './tensors.js';

const specs: TensorSpec[] = [
  { name: 'features', type: 'float32', shape: ['batch', 4] },
  { name: 'ids', type: 'int64', shape: null },
];
const features: NamedTensor = {
  name: 'features',
  type: 'float32',
  dims: [2, 4],
  data: [1, 2, 3, 4, 5, 6, 7, 8],
};
const ids: NamedTensor = { name: 'ids', type: 'int64', dims: [3], data: [1, 2, 3] };

function refusal(inputs: unknown[], limits?: Parameters<typeof validateInferenceInputs>[2]) {
  try {
    validateInferenceInputs(specs, inputs as NamedTensor[], limits);
  } catch (error) {
    if (!hasErrorCode(error, 'INFERENCE_INVALID_INPUT')) throw error;
    return { message: error.message, details: error.details };
  }
  throw new Error('expected a refusal');
}

describe('inference input validation', () => {
  it('given inputs matching the declared names, types and shapes, then they pass (symbolic dims take any size)', () => {
    expect(() => validateInferenceInputs(specs, [features, ids])).not.toThrow();
    expect(() =>
      validateInferenceInputs(specs, [{ ...features, dims: [1, 4], data: [0, 0, 0, 0] }, ids]),
    ).not.toThrow();
  });

  it('given an unknown, duplicated or missing input, then each is refused by name', () => {
    expect(refusal([features, ids, { ...ids, name: 'extra' }]).details).toMatchObject({ input: 'extra' });
    expect(refusal([features, features, ids]).message).toContain('twice');
    expect(refusal([features]).details).toEqual({ missing: ['ids'] });
  });

  it('given the wrong element type, rank or fixed dimension, then the refusal says what was expected', () => {
    expect(refusal([{ ...features, type: 'float64' }, ids]).details).toMatchObject({
      expected: 'float32',
      actual: 'float64',
    });
    expect(refusal([{ ...features, dims: [8], data: features.data }, ids]).details).toMatchObject({
      expected: 2,
      actual: 1,
    });
    expect(refusal([{ ...features, dims: [4, 2] }, ids]).details).toMatchObject({
      axis: 1,
      expected: 4,
      actual: 2,
    });
  });

  it('given data whose length differs from the shape, then refused', () => {
    expect(refusal([{ ...features, data: [1, 2, 3] }, ids]).details).toMatchObject({
      expected: 8,
      actual: 3,
    });
  });

  it.each([
    ['a string in a float tensor', { ...features, data: [1, 2, 3, '4', 5, 6, 7, 8] }],
    ['a float overflowing float32', { ...features, data: [1, 2, 3, 1e39, 5, 6, 7, 8] }],
    ['negative dims', { ...features, dims: [-2, -4] }],
    ['fractional int64', { ...ids, data: [1, 2.5, 3] }],
    ['an unsafe int64', { ...ids, data: [1, 2 ** 60, 3] }],
  ])('given %s, then refused', (_label, bad) => {
    const inputs = bad.name === 'ids' ? [features, bad] : [bad, ids];
    expect(() => validateInferenceInputs(specs, inputs as NamedTensor[])).toThrow(
      /INFERENCE|not|must|values/,
    );
    expect(refusal(inputs)).toBeDefined();
  });

  it('given inputs over the element or tensor-count limits, then refused before anything runs', () => {
    const limits = { maxTensors: 32, maxRank: 8, maxElements: 10, maxStringLength: 8 };
    expect(refusal([features, ids], limits).details).toMatchObject({ limit: 10 });
    expect(refusal(Array.from({ length: 40 }, () => ids)).details).toMatchObject({ count: 40 });
  });

  it('given range-checked integer types, then values outside the type are refused', () => {
    const bytes: TensorSpec[] = [{ name: 'b', type: 'uint8', shape: [2] }];
    expect(() =>
      validateInferenceInputs(bytes, [{ name: 'b', type: 'uint8', dims: [2], data: [0, 255] }]),
    ).not.toThrow();
    expect(() =>
      validateInferenceInputs(bytes, [{ name: 'b', type: 'uint8', dims: [2], data: [0, 256] }]),
    ).toThrow(/not a valid uint8/);
  });
});
