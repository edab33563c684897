import { mulberry32 } from './seededRandom.js';
import { addScaledSparse, sparseDot } from './sparseRows.js';
import type { SparseRow } from './sparseRows.js';
import { symmetricEigen } from './symmetricEigen.js';

export interface TruncatedSvdOptions {
  /** Number of singular triplets wanted. Precondition: rank + oversampling ≤ number of rows. */
  readonly rank: number;
  /** Extra basis vectors carried through the iteration: they absorb the slowest-converging directions. */
  readonly oversampling: number;
  /** Power (subspace) iterations; fixed, so the result never depends on a tolerance. */
  readonly iterations: number;
  readonly seed: number;
}

export interface TruncatedSvd {
  /** Right singular vectors: `rank` columns of length `dimensions`, each unit length, mutually orthogonal. */
  readonly vectors: readonly Float64Array[];
  /** Matching singular values, largest first. */
  readonly singularValues: readonly number[];
}

/**
 * Top right singular vectors of the n×D matrix X whose rows are `rows`, by seeded subspace iteration on XXᵀ
 * (n-dimensional, the smaller side for a corpus of hundreds of texts) followed by a Rayleigh–Ritz step:
 *
 * 1. Q ← orthonormal(random n×m), m = rank + oversampling, entries from mulberry32(seed);
 * 2. repeat `iterations` times: Q ← orthonormal(X (Xᵀ Q));
 * 3. T = XᵀQ; eigen-decompose the m×m matrix TᵀT = W Λ Wᵀ; σ = √λ, v = T w / σ, keep the `rank` largest.
 *
 * All float64, single-threaded, fixed loop orders: deterministic bit for bit. A direction with σ = 0 (X of rank
 * below `rank`) comes back as a zero vector.
 */
export function truncatedSvd(
  rows: readonly SparseRow[],
  dimensions: number,
  options: TruncatedSvdOptions,
): TruncatedSvd {
  const width = options.rank + options.oversampling;
  if (width > rows.length) throw new RangeError(`rank + oversampling (${width}) exceeds ${rows.length} rows`);
  const random = mulberry32(options.seed);
  let basis = orthonormalColumns(
    Array.from({ length: width }, () => Float64Array.from({ length: rows.length }, () => random() - 0.5)),
  );
  for (let iteration = 0; iteration < options.iterations; iteration += 1) {
    basis = orthonormalColumns(multiplyRows(rows, multiplyTransposed(rows, basis, dimensions)));
  }
  const projected = multiplyTransposed(rows, basis, dimensions);
  const gram = projected.map((left) => projected.map((right) => dot(left, right)));
  const { values, vectors } = symmetricEigen(gram);
  const vectorsOut: Float64Array[] = [];
  const singularValues: number[] = [];
  for (let component = 0; component < options.rank; component += 1) {
    const sigma = Math.sqrt(Math.max(values[component] as number, 0));
    const weights = vectors[component] as Float64Array;
    const vector = new Float64Array(dimensions);
    if (sigma > 0) {
      projected.forEach((column, index) => {
        const scale = (weights[index] as number) / sigma;
        for (let at = 0; at < dimensions; at += 1)
          vector[at] = (vector[at] as number) + scale * (column[at] as number);
      });
    }
    vectorsOut.push(vector);
    singularValues.push(sigma);
  }
  return { vectors: vectorsOut, singularValues };
}

/** Xᵀ·columns: each n-vector becomes a D-vector. */
function multiplyTransposed(
  rows: readonly SparseRow[],
  columns: readonly Float64Array[],
  dimensions: number,
): Float64Array[] {
  return columns.map((column) => {
    const result = new Float64Array(dimensions);
    rows.forEach((row, index) => addScaledSparse(result, row, column[index] as number));
    return result;
  });
}

/** X·columns: each D-vector becomes an n-vector. */
function multiplyRows(rows: readonly SparseRow[], columns: readonly Float64Array[]): Float64Array[] {
  return columns.map((column) => Float64Array.from(rows, (row) => sparseDot(row, column)));
}

/**
 * Modified Gram–Schmidt, applied twice ("twice is enough", Giraud et al.) so the columns stay orthonormal to
 * rounding even when the iteration makes them nearly parallel. A column with nothing left becomes zero.
 */
function orthonormalColumns(columns: readonly Float64Array[]): Float64Array[] {
  const result: Float64Array[] = [];
  for (const original of columns) {
    const column = original.slice();
    for (let pass = 0; pass < 2; pass += 1) {
      for (const previous of result) {
        const projection = dot(column, previous);
        for (let at = 0; at < column.length; at += 1) {
          column[at] = (column[at] as number) - projection * (previous[at] as number);
        }
      }
    }
    const norm = Math.sqrt(dot(column, column));
    result.push(norm > 1e-12 ? column.map((value) => value / norm) : new Float64Array(column.length));
  }
  return result;
}

function dot(left: Float64Array, right: Float64Array): number {
  let sum = 0;
  for (let at = 0; at < left.length; at += 1) sum += (left[at] as number) * (right[at] as number);
  return sum;
}
