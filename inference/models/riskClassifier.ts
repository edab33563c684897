import type { GraphDefinition } from '../onnx/onnxGraph.js';
import { ONNX_FLOAT } from '../onnx/onnxGraph.js';
import { hashedTokenRows } from '../text/index.js';
import { binaryMetrics } from './classificationMetrics.js';
import type { BinaryMetrics } from './classificationMetrics.js';
import { predictProbability, trainLogisticRegression } from './logisticRegression.js';
import type { LogisticRegressionModel, LogisticRegressionOptions } from './logisticRegression.js';
import { splitRiskCorpus } from './riskCorpus.js';
import type { RiskExample } from './riskCorpus.js';
import { SHIPPED_FEATURIZER } from './shippedFeaturizer.js';
import { toSparseRow } from './sparseRows.js';

export const RISK_CLASSIFIER_NAME = 'risk-classifier';
export const RISK_CLASSIFIER_VERSION = '1';
/** Class order of the `probabilities` output. */
export const RISK_CLASSES = ['benign', 'risky'] as const;

/**
 * Chosen by 5-fold cross-validation on the training split only (the held-out split was not consulted): 1,000
 * Nesterov steps reach the same predictions as 3,000, and λ = 3·10⁻⁴ was the best of 10⁻⁴ … 3·10⁻³.
 */
export const RISK_TRAINING: LogisticRegressionOptions = {
  iterations: 1000,
  learningRate: 2,
  momentum: 0.9,
  l2: 3e-4,
  seed: 0x5249534b,
  initialScale: 0.01,
};

export interface TrainedRiskClassifier {
  /** Weights and bias already rounded to float32: exactly what the ONNX file holds. */
  readonly model: LogisticRegressionModel;
  readonly train: BinaryMetrics;
  readonly heldOut: BinaryMetrics;
}

/** Trains on the corpus' training split; metrics count `risky` as positive at P(risky) ≥ 0.5. */
export function trainRiskClassifier(corpus: readonly RiskExample[]): TrainedRiskClassifier {
  const { train, heldOut } = splitRiskCorpus(corpus);
  const dimensions = SHIPPED_FEATURIZER.dimensions;
  const rows = featurize(train);
  const trained = trainLogisticRegression(rows, train.map(riskLabel), dimensions, RISK_TRAINING);
  const model = { weights: trained.weights.map(Math.fround), bias: Math.fround(trained.bias) };
  return { model, train: evaluate(model, train), heldOut: evaluate(model, heldOut) };
}

function featurize(examples: readonly RiskExample[]) {
  return hashedTokenRows(
    examples.map((example) => example.text),
    SHIPPED_FEATURIZER.dimensions,
  ).map(toSparseRow);
}

function riskLabel(example: RiskExample): 0 | 1 {
  return example.label === 'risky' ? 1 : 0;
}

function evaluate(model: LogisticRegressionModel, examples: readonly RiskExample[]): BinaryMetrics {
  const predicted = featurize(examples).map((row) => predictProbability(model, row) >= 0.5);
  return binaryMetrics(
    predicted,
    examples.map((example) => example.label === 'risky'),
  );
}

/**
 * features float32 [batch, D] → MatMul(W) → Add(b) → Softmax(axis −1) → probabilities float32 [batch, 2]
 * (index 0 benign, 1 risky), and risk = probabilities[:, 1:2], float32 [batch, 1].
 *
 * The logistic model σ(w·x + b) becomes a two-class softmax with W = [−w/2, w/2] and b = [−b/2, b/2]:
 * softmax(−z/2, z/2) = (σ(−z), σ(z)) exactly, and halving is exact in float32.
 */
export function riskClassifierGraph(model: LogisticRegressionModel, description: string): GraphDefinition {
  const dimensions = model.weights.length;
  const weights = new Float32Array(dimensions * 2);
  model.weights.forEach((weight, index) => {
    weights[index * 2] = -weight / 2;
    weights[index * 2 + 1] = weight / 2;
  });
  const input = SHIPPED_FEATURIZER.input;
  return {
    name: RISK_CLASSIFIER_NAME,
    docString: description,
    metadata: { 'mir.featurizer': JSON.stringify(SHIPPED_FEATURIZER), 'mir.classes': RISK_CLASSES.join(',') },
    inputs: [{ name: input, elementType: ONNX_FLOAT, shape: ['batch', dimensions] }],
    outputs: [
      { name: 'probabilities', elementType: ONNX_FLOAT, shape: ['batch', 2] },
      { name: 'risk', elementType: ONNX_FLOAT, shape: ['batch', 1] },
    ],
    initializers: [
      { name: 'weights', dims: [dimensions, 2], values: weights },
      { name: 'bias', dims: [2], values: Float32Array.of(-model.bias / 2, model.bias / 2) },
      { name: 'risk_start', dims: [1], values: BigInt64Array.of(1n) },
      { name: 'risk_end', dims: [1], values: BigInt64Array.of(2n) },
      { name: 'risk_axis', dims: [1], values: BigInt64Array.of(1n) },
    ],
    nodes: [
      { opType: 'MatMul', inputs: [input, 'weights'], outputs: ['linear'] },
      { opType: 'Add', inputs: ['linear', 'bias'], outputs: ['logits'] },
      { opType: 'Softmax', inputs: ['logits'], outputs: ['probabilities'], attributes: { axis: -1 } },
      {
        opType: 'Slice',
        inputs: ['probabilities', 'risk_start', 'risk_end', 'risk_axis'],
        outputs: ['risk'],
      },
    ],
  };
}
