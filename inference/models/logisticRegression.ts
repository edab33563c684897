import { mulberry32 } from './seededRandom.js';
import { addScaledSparse, sparseDot } from './sparseRows.js';
import type { SparseRow } from './sparseRows.js';

export interface LogisticRegressionOptions {
  /** Full-batch gradient steps; fixed, never "until converged", so the result does not depend on a tolerance. */
  readonly iterations: number;
  readonly learningRate: number;
  /** Nesterov momentum, 0 for plain gradient descent. */
  readonly momentum: number;
  /** L2 penalty λ/2·‖w‖² on the weights (not the bias). */
  readonly l2: number;
  /** Seed of the initial weights, drawn uniformly from ±initialScale. */
  readonly seed: number;
  readonly initialScale: number;
}

export interface LogisticRegressionModel {
  readonly weights: Float64Array;
  readonly bias: number;
}

/**
 * Binary logistic regression, P(label = 1 | x) = σ(w·x + b), fitted by full-batch gradient descent with Nesterov
 * momentum on the mean cross-entropy plus λ/2·‖w‖². Everything is float64, single-threaded, rows visited in the
 * given order and each row's non-zeros in index order: the same inputs give the same bits on every run.
 *
 * Preconditions: `rows.length === labels.length > 0`; row indices < `dimensions`.
 */
export function trainLogisticRegression(
  rows: readonly SparseRow[],
  labels: readonly (0 | 1)[],
  dimensions: number,
  options: LogisticRegressionOptions,
): LogisticRegressionModel {
  if (rows.length === 0 || rows.length !== labels.length) {
    throw new RangeError(
      `need one label per row and at least one row, got ${rows.length} rows, ${labels.length} labels`,
    );
  }
  const random = mulberry32(options.seed);
  let weights = Float64Array.from({ length: dimensions }, () => (2 * random() - 1) * options.initialScale);
  let bias = 0;
  let previousWeights = weights.slice();
  let previousBias = bias;
  for (let step = 0; step < options.iterations; step += 1) {
    const lookahead = weights.map(
      (value, index) => value + options.momentum * (value - (previousWeights[index] as number)),
    );
    const lookaheadBias = bias + options.momentum * (bias - previousBias);
    const gradient = crossEntropyGradient(rows, labels, lookahead, lookaheadBias, options.l2);
    previousWeights = weights;
    previousBias = bias;
    weights = lookahead.map(
      (value, index) => value - options.learningRate * (gradient.weights[index] as number),
    );
    bias = lookaheadBias - options.learningRate * gradient.bias;
  }
  return { weights, bias };
}

function crossEntropyGradient(
  rows: readonly SparseRow[],
  labels: readonly (0 | 1)[],
  weights: Float64Array,
  bias: number,
  l2: number,
): LogisticRegressionModel {
  const gradient = weights.map((value) => l2 * value);
  let biasGradient = 0;
  const scale = 1 / rows.length;
  rows.forEach((row, index) => {
    const error = sigmoid(sparseDot(row, weights) + bias) - (labels[index] as number);
    addScaledSparse(gradient, row, error * scale);
    biasGradient += error * scale;
  });
  return { weights: gradient, bias: biasGradient };
}

/** σ(z) = 1 / (1 + e^−z); saturates to exactly 0 or 1 far out instead of producing NaN. */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export function predictProbability(model: LogisticRegressionModel, row: SparseRow): number {
  return sigmoid(sparseDot(row, model.weights) + model.bias);
}
