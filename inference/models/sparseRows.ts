/**
 * Feature rows in sparse form for training: a featurized text touches a few dozen of thousands of buckets, so
 * gradient and projection loops visit only the non-zeros. Indices ascend, so every sum runs in a fixed order and
 * float64 results are reproducible bit for bit.
 */
export interface SparseRow {
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/** The non-zero entries of a dense row, in index order (float32 values widened exactly to float64). */
export function toSparseRow(dense: Float32Array): SparseRow {
  const indices: number[] = [];
  const values: number[] = [];
  dense.forEach((value, index) => {
    if (value !== 0) {
      indices.push(index);
      values.push(value);
    }
  });
  return { indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

/** Σ row[i] · dense[offset + i·stride]: a dot product with a column (stride > 1) or row of a dense matrix. */
export function sparseDot(row: SparseRow, dense: Float64Array, offset = 0, stride = 1): number {
  let sum = 0;
  for (let entry = 0; entry < row.indices.length; entry += 1) {
    sum +=
      (row.values[entry] as number) * (dense[offset + (row.indices[entry] as number) * stride] as number);
  }
  return sum;
}

/** dense[offset + i·stride] += scale · row[i] for each non-zero i. */
export function addScaledSparse(
  dense: Float64Array,
  row: SparseRow,
  scale: number,
  offset = 0,
  stride = 1,
): void {
  for (let entry = 0; entry < row.indices.length; entry += 1) {
    const at = offset + (row.indices[entry] as number) * stride;
    dense[at] = (dense[at] as number) + scale * (row.values[entry] as number);
  }
}
