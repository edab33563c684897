import { describe, expect, it } from 'vitest';

import { mulberry32 } from './seededRandom.js';
import { symmetricEigen } from './symmetricEigen.js';

function randomSymmetric(size: number, seed: number): number[][] {
  const random = mulberry32(seed);
  const base = Array.from({ length: size }, () => Array.from({ length: size }, () => random() - 0.5));
  return base.map((row, i) => base.map((_, j) => (row[j] as number) + (base[j]?.[i] as number)));
}

describe('symmetricEigen', () => {
  it('given a 2×2 matrix with known eigenpairs, then those, largest first', () => {
    // Given [[2, 1], [1, 2]]: eigenvalues 3 (along (1, 1)) and 1 (along (1, −1))
    const { values, vectors } = symmetricEigen([
      [2, 1],
      [1, 2],
    ]);
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(1, 12);
    expect(Math.abs(vectors[0]?.[0] as number)).toBeCloseTo(Math.SQRT1_2, 12);
    expect((vectors[0]?.[0] as number) * (vectors[0]?.[1] as number)).toBeGreaterThan(0);
  });

  it('given a random symmetric matrix, then A·v = λ·v, orthonormal vectors, values in descending order', () => {
    const matrix = randomSymmetric(30, 3);
    const { values, vectors } = symmetricEigen(matrix);
    vectors.forEach((vector, k) => {
      matrix.forEach((row, i) => {
        const product = row.reduce((sum, value, j) => sum + value * (vector[j] as number), 0);
        expect(Math.abs(product - (values[k] as number) * (vector[i] as number))).toBeLessThan(1e-10);
      });
      vectors.forEach((other, l) => {
        const dot = vector.reduce((sum, value, i) => sum + value * (other[i] as number), 0);
        expect(Math.abs(dot - (k === l ? 1 : 0))).toBeLessThan(1e-10);
      });
    });
    values.slice(1).forEach((value, k) => expect(value).toBeLessThanOrEqual(values[k] as number));
  });

  it('given a diagonal matrix, then its diagonal sorted, with no rotation needed', () => {
    expect(
      symmetricEigen([
        [1, 0, 0],
        [0, 5, 0],
        [0, 0, 3],
      ]).values,
    ).toEqual([5, 3, 1]);
  });
});
