import { describe, expect, it } from 'vitest';

import { mulberry32 } from './seededRandom.js';
import { toSparseRow } from './sparseRows.js';
import type { SparseRow } from './sparseRows.js';
import { symmetricEigen } from './symmetricEigen.js';
import { truncatedSvd } from './truncatedSvd.js';

const DIMENSIONS = 12;

/** 40 sparse rows of 12 columns (about half the entries zero), from a seeded generator. */
function sparseMatrix(): { rows: SparseRow[]; dense: number[][] } {
  const random = mulberry32(11);
  const dense = Array.from({ length: 40 }, () =>
    Array.from({ length: DIMENSIONS }, () => (random() < 0.5 ? 0 : Math.fround(random() * 2 - 1))),
  );
  return { rows: dense.map((row) => toSparseRow(Float32Array.from(row))), dense };
}

/** The naive reference: eigen-decompose the dense D×D matrix XᵀX. */
function referenceSvd(dense: readonly number[][]) {
  const gram = Array.from({ length: DIMENSIONS }, (_, i) =>
    Array.from({ length: DIMENSIONS }, (_, j) =>
      dense.reduce((sum, row) => sum + (row[i] as number) * (row[j] as number), 0),
    ),
  );
  return symmetricEigen(gram);
}

describe('truncatedSvd', () => {
  it('given a sparse matrix, then the top singular values and vectors of the dense reference (up to sign)', () => {
    const { rows, dense } = sparseMatrix();
    const reference = referenceSvd(dense);
    // When
    const svd = truncatedSvd(rows, DIMENSIONS, { rank: 4, oversampling: 4, iterations: 40, seed: 5 });
    // Then
    svd.singularValues.forEach((sigma, k) => {
      expect(sigma).toBeCloseTo(Math.sqrt(reference.values[k] as number), 8);
      const alignment = (svd.vectors[k] as Float64Array).reduce(
        (sum, value, i) => sum + value * (reference.vectors[k]?.[i] as number),
        0,
      );
      expect(Math.abs(alignment)).toBeCloseTo(1, 8);
    });
  });

  it('given any matrix, then orthonormal vectors and descending singular values', () => {
    const { rows } = sparseMatrix();
    const svd = truncatedSvd(rows, DIMENSIONS, { rank: 6, oversampling: 2, iterations: 5, seed: 1 });
    svd.vectors.forEach((vector, k) =>
      svd.vectors.forEach((other, l) => {
        const dot = vector.reduce((sum, value, i) => sum + value * (other[i] as number), 0);
        expect(Math.abs(dot - (k === l ? 1 : 0))).toBeLessThan(1e-10);
      }),
    );
    svd.singularValues
      .slice(1)
      .forEach((sigma, k) => expect(sigma).toBeLessThanOrEqual(svd.singularValues[k] as number));
  });

  it('given the same inputs twice, then bit-identical vectors', () => {
    const { rows } = sparseMatrix();
    const options = { rank: 3, oversampling: 3, iterations: 7, seed: 9 };
    expect(truncatedSvd(rows, DIMENSIONS, options)).toEqual(truncatedSvd(rows, DIMENSIONS, options));
  });

  it('given a matrix of lower rank than asked, then zero vectors for the missing directions', () => {
    // Given 10 rows that are all multiples of one vector (rank 1)
    const rows = Array.from({ length: 10 }, (_, index) =>
      toSparseRow(Float32Array.from({ length: DIMENSIONS }, (_, column) => (column < 3 ? index + 1 : 0))),
    );
    const svd = truncatedSvd(rows, DIMENSIONS, { rank: 3, oversampling: 1, iterations: 5, seed: 2 });
    expect(svd.singularValues[0]).toBeGreaterThan(1);
    expect(svd.singularValues.slice(1)).toEqual([0, 0]);
    expect(svd.vectors.slice(1).every((vector) => vector.every((value) => value === 0))).toBe(true);
  });

  it('given rank + oversampling above the number of rows, then a RangeError', () => {
    const { rows } = sparseMatrix();
    expect(() =>
      truncatedSvd(rows, DIMENSIONS, { rank: 30, oversampling: 20, iterations: 1, seed: 1 }),
    ).toThrow(RangeError);
  });
});
