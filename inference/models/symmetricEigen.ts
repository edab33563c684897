export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  readonly values: readonly number[];
  /** Unit eigenvectors, `vectors[k]` belonging to `values[k]`. */
  readonly vectors: readonly Float64Array[];
}

/** Sweeps after which the cyclic Jacobi method stops even if off-diagonal entries remain (it needs under 20). */
const MAX_SWEEPS = 50;

/**
 * Eigen-decomposition of a small symmetric matrix (given as rows) by the cyclic Jacobi method: rotate away each
 * off-diagonal entry in row-major order, sweep after sweep, until all are exactly zero, or after `MAX_SWEEPS`.
 * An entry too small to change either diagonal entry it couples (Numerical Recipes' test) is set to zero instead
 * of rotated, which is what lets the sweeps end. O(n³) per sweep, for the tens-of-columns matrices of the SVD's
 * Rayleigh–Ritz step. Deterministic: fixed visiting order, comparisons only in floating point. Ties in the final
 * sort keep index order.
 *
 * Precondition: `matrix` is square and symmetric.
 */
export function symmetricEigen(matrix: readonly (readonly number[])[]): SymmetricEigen {
  const size = matrix.length;
  const a = matrix.map((row) => Float64Array.from(row));
  const v = Array.from({ length: size }, (_, index) => {
    const row = new Float64Array(size);
    row[index] = 1;
    return row;
  });
  for (let sweep = 0; sweep < MAX_SWEEPS && offDiagonalSquares(a) > 0; sweep += 1) {
    for (let p = 0; p < size - 1; p += 1) {
      for (let q = p + 1; q < size; q += 1) rotate(a, v, p, q);
    }
  }
  const order = Array.from({ length: size }, (_, index) => index).sort(
    (left, right) => (a[right]?.[right] as number) - (a[left]?.[left] as number) || left - right,
  );
  return {
    values: order.map((index) => a[index]?.[index] as number),
    vectors: order.map((index) => Float64Array.from(v, (row) => row[index] as number)),
  };
}

/** One Jacobi rotation zeroing a[p][q] (Numerical Recipes' stable tan form); v accumulates the rotations. */
function rotate(a: Float64Array[], v: Float64Array[], p: number, q: number): void {
  const apq = at(a, p, q);
  if (apq === 0) return;
  const negligible = 100 * Math.abs(apq);
  if (
    Math.abs(at(a, p, p)) + negligible === Math.abs(at(a, p, p)) &&
    Math.abs(at(a, q, q)) + negligible === Math.abs(at(a, q, q))
  ) {
    set(a, p, q, 0);
    set(a, q, p, 0);
    return;
  }
  const theta = (at(a, q, q) - at(a, p, p)) / (2 * apq);
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < a.length; k += 1) {
    const akp = at(a, k, p);
    const akq = at(a, k, q);
    set(a, k, p, c * akp - s * akq);
    set(a, k, q, s * akp + c * akq);
  }
  for (let k = 0; k < a.length; k += 1) {
    const apk = at(a, p, k);
    const aqk = at(a, q, k);
    set(a, p, k, c * apk - s * aqk);
    set(a, q, k, s * apk + c * aqk);
  }
  for (let k = 0; k < v.length; k += 1) {
    const vkp = at(v, k, p);
    const vkq = at(v, k, q);
    set(v, k, p, c * vkp - s * vkq);
    set(v, k, q, s * vkp + c * vkq);
  }
}

function offDiagonalSquares(a: readonly Float64Array[]): number {
  let sum = 0;
  a.forEach((row, i) => row.forEach((value, j) => (sum += i === j ? 0 : value * value)));
  return sum;
}

function at(matrix: readonly Float64Array[], row: number, column: number): number {
  return (matrix[row] as Float64Array)[column] as number;
}

function set(matrix: Float64Array[], row: number, column: number, value: number): void {
  (matrix[row] as Float64Array)[column] = value;
}
