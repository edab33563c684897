import { describe, expect, it } from 'vitest';

import { binaryMetrics } from './classificationMetrics.js';

describe('binaryMetrics', () => {
  it('given predictions and truth, then confusion counts and ratios', () => {
    // Given 2 true positives, 1 false positive, 3 true negatives, 1 false negative
    const predicted = [true, true, true, false, false, false, false];
    const actual = [true, true, false, false, false, false, true];
    // Then
    expect(binaryMetrics(predicted, actual)).toEqual({
      examples: 7,
      accuracy: 5 / 7,
      precision: 2 / 3,
      recall: 2 / 3,
      truePositives: 2,
      falsePositives: 1,
      trueNegatives: 3,
      falseNegatives: 1,
    });
  });

  it('given nothing predicted positive and no positives, then precision and recall are 0, not NaN', () => {
    expect(binaryMetrics([false, false], [false, false])).toMatchObject({
      accuracy: 1,
      precision: 0,
      recall: 0,
    });
    expect(binaryMetrics([], [])).toMatchObject({ examples: 0, accuracy: 0 });
  });

  it('given lengths that differ, then a RangeError', () => {
    expect(() => binaryMetrics([true], [])).toThrow(RangeError);
  });
});
