import { describe, expect, it } from 'vitest';

import { predictProbability, sigmoid, trainLogisticRegression } from './logisticRegression.js';
import type { LogisticRegressionOptions } from './logisticRegression.js';
import { mulberry32 } from './seededRandom.js';
import { toSparseRow } from './sparseRows.js';
import type { SparseRow } from './sparseRows.js';

const OPTIONS: LogisticRegressionOptions = {
  iterations: 300,
  learningRate: 1,
  momentum: 0.9,
  l2: 1e-3,
  seed: 1,
  initialScale: 0.01,
};

/** Points in 8 dimensions labelled by the sign of x0 − x1 (linearly separable), from a seeded generator. */
function separableData(count: number): { rows: SparseRow[]; labels: (0 | 1)[] } {
  const random = mulberry32(99);
  const rows: SparseRow[] = [];
  const labels: (0 | 1)[] = [];
  while (rows.length < count) {
    const point = Float32Array.from({ length: 8 }, () => random() * 2 - 1);
    const margin = (point[0] as number) - (point[1] as number);
    if (Math.abs(margin) < 0.2) continue;
    rows.push(toSparseRow(point));
    labels.push(margin > 0 ? 1 : 0);
  }
  return { rows, labels };
}

describe('trainLogisticRegression', () => {
  it('given separable data, when trained, then every training point is classified correctly', () => {
    const { rows, labels } = separableData(200);
    const model = trainLogisticRegression(rows, labels, 8, OPTIONS);
    rows.forEach((row, index) => expect(predictProbability(model, row) >= 0.5 ? 1 : 0).toBe(labels[index]));
  });

  it('given the same data and options twice, then bit-identical weights', () => {
    const { rows, labels } = separableData(100);
    const first = trainLogisticRegression(rows, labels, 8, OPTIONS);
    const second = trainLogisticRegression(rows, labels, 8, OPTIONS);
    expect(second.weights).toEqual(first.weights);
    expect(Object.is(second.bias, first.bias)).toBe(true);
  });

  it('given a stronger L2 penalty, then smaller weights', () => {
    const { rows, labels } = separableData(100);
    const norm = (weights: Float64Array) => Math.hypot(...weights);
    const loose = trainLogisticRegression(rows, labels, 8, OPTIONS);
    const tight = trainLogisticRegression(rows, labels, 8, { ...OPTIONS, l2: 0.1 });
    expect(norm(tight.weights)).toBeLessThan(norm(loose.weights) / 2);
  });

  it('given zero iterations, then the seeded initial weights in ±initialScale and a zero bias', () => {
    const { rows, labels } = separableData(10);
    const model = trainLogisticRegression(rows, labels, 8, { ...OPTIONS, iterations: 0 });
    expect(model.bias).toBe(0);
    expect(model.weights.every((weight) => Math.abs(weight) <= OPTIONS.initialScale)).toBe(true);
  });

  it('given no rows or mismatched labels, then a RangeError', () => {
    expect(() => trainLogisticRegression([], [], 8, OPTIONS)).toThrow(RangeError);
    const { rows } = separableData(2);
    expect(() => trainLogisticRegression(rows, [1], 8, OPTIONS)).toThrow(RangeError);
  });
});

describe('sigmoid', () => {
  it('given extreme logits, then 0 or 1 and never NaN', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
  });
});
