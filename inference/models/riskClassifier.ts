import type { GraphDefinition } from '../onnx/onnxGraph.js';
import { ONNX_FLOAT } from '../onnx/onnxGraph.js';
import { decodeBase64Runs, hashedTokenRows, scoringViews } from '../text/index.js';
import { binaryMetrics } from './classificationMetrics.js';
import type { BinaryMetrics } from './classificationMetrics.js';
import { predictProbability, trainLogisticRegression } from './logisticRegression.js';
import type { LogisticRegressionModel, LogisticRegressionOptions } from './logisticRegression.js';
import { disguisedCopies } from './disguisedCopies.js';
import { splitRiskCorpus } from './riskCorpus.js';
import type { RiskExample } from './riskCorpus.js';
import { RISK_CLASSIFIER_FEATURIZER as FEATURIZER } from './shippedFeaturizers.js';
import { toSparseRow } from './sparseRows.js';

export const RISK_CLASSIFIER_NAME = 'risk-classifier';
/** 2: `hashed-tokens` v2 features, trained with disguised copies of its texts. */
export const RISK_CLASSIFIER_VERSION = '2';
/** Class order of the `probabilities` output. */
export const RISK_CLASSES = ['benign', 'risky'] as const;

/**
 * Chosen by 5-fold cross-validation on the training split only (the held-out split was not consulted): 1,000
 * Nesterov steps reach the same predictions as 3,000, and λ = 3·10⁻⁴ was the best of 10⁻⁴ … 3·10⁻³. Checked
 * again for v2 (v2 features, disguised copies in each training fold, each validation fold scored clean and
 * disguised as the gate scores): accuracy 0.926 / 0.862 at λ = 10⁻⁴, 0.923 / 0.869 at 3·10⁻⁴, 0.910 / 0.865 at
 * 10⁻³, so λ stayed 3·10⁻⁴. Checked again with the tool-request corpus in the training split (same folds, same
 * scoring): 0.899 / 0.825 at 10⁻⁴, 0.897 / 0.835 at 3·10⁻⁴, 0.902 / 0.836 at 10⁻³, 0.892 / 0.828 at 2·10⁻³,
 * 0.884 / 0.820 at 3·10⁻³. 10⁻³ wins by half a point (three texts), within the folds' noise, and it pulls
 * every score towards 0.5: on a set of rendered tool requests the ordinary ones rose to 0.21–0.53 and plain
 * attacks fell to 0.50–0.92 (0.09–0.47 and 0.49–0.98 at 3·10⁻⁴), too close to the lines policies draw. So λ
 * stays 3·10⁻⁴.
 */
export const RISK_TRAINING: LogisticRegressionOptions = {
  iterations: 1000,
  learningRate: 2,
  momentum: 0.9,
  l2: 3e-4,
  seed: 0x5249534b,
  initialScale: 0.01,
};

/** Seeds of the disguised copies: one for the training split's, another for the held-out split's. */
export const TRAINING_DISGUISE_SEED = 0x44495347;
export const HELD_OUT_DISGUISE_SEED = 0x48454c44;
/**
 * Benign fillers per side. Training pads to about one scoring window (one filler each side), the scale the
 * model reads a long text at; the adversarial split pads as an attacker would, far past a window (2–5 each
 * side), so it measures the windows too. Training on long padding would teach that benign sentences are risky.
 */
export const TRAINING_PADDING = { min: 1, max: 1 } as const;
export const HELD_OUT_PADDING = { min: 2, max: 5 } as const;

export interface TrainedRiskClassifier {
  /** Weights and bias already rounded to float32: exactly what the ONNX file holds. */
  readonly model: LogisticRegressionModel;
  /** What it was trained on: the training split and its disguised copies. */
  readonly train: BinaryMetrics;
  /** The held-out split as written. */
  readonly heldOut: BinaryMetrics;
  /** Disguised copies of the held-out split (`HELD_OUT_DISGUISE_SEED`), never trained on. */
  readonly heldOutAdversarial: BinaryMetrics;
}

/**
 * Trains on the corpus' training split plus one disguised copy of each of its texts per disguise
 * (`disguisedCopies`, `TRAINING_DISGUISE_SEED`). Metrics score each text as serving does (`textRisk`: the
 * highest P(risky) over its scoring views) and count `risky` as positive at a risk ≥ 0.5.
 */
export function trainRiskClassifier(corpus: readonly RiskExample[]): TrainedRiskClassifier {
  const { train, heldOut } = splitRiskCorpus(corpus);
  const training = [...train, ...disguisedCopies(train, TRAINING_DISGUISE_SEED, TRAINING_PADDING)];
  const rows = trainingRows(training);
  const trained = trainLogisticRegression(
    rows,
    training.map(riskLabel),
    FEATURIZER.dimensions,
    RISK_TRAINING,
  );
  const model = { weights: trained.weights.map(Math.fround), bias: Math.fround(trained.bias) };
  return {
    model,
    train: evaluate(model, training),
    heldOut: evaluate(model, heldOut),
    heldOutAdversarial: evaluate(model, disguisedCopies(heldOut, HELD_OUT_DISGUISE_SEED, HELD_OUT_PADDING)),
  };
}

/**
 * The risk of a text as the gate computes it: the highest P(risky) of the model over `scoringViews(text)`
 * (the whole text and its windows, base64 decoded in place), in float64 from the float32 features.
 */
export function textRisk(model: LogisticRegressionModel, text: string): number {
  const rows = featurize(scoringViews(text).views.map((view) => view.text));
  return Math.max(...rows.map((row) => predictProbability(model, row)));
}

/** Training rows: each text as the gate's whole view reads it, base64 runs decoded in place. */
function trainingRows(examples: readonly RiskExample[]) {
  return featurize(examples.map((example) => decodeBase64Runs(example.text).text));
}

function featurize(texts: readonly string[]) {
  return hashedTokenRows(texts, FEATURIZER.dimensions, FEATURIZER.version).map(toSparseRow);
}

function riskLabel(example: RiskExample): 0 | 1 {
  return example.label === 'risky' ? 1 : 0;
}

function evaluate(model: LogisticRegressionModel, examples: readonly RiskExample[]): BinaryMetrics {
  const predicted = examples.map((example) => textRisk(model, example.text) >= 0.5);
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
  const input = FEATURIZER.input;
  return {
    name: RISK_CLASSIFIER_NAME,
    docString: description,
    metadata: { 'mir.featurizer': JSON.stringify(FEATURIZER), 'mir.classes': RISK_CLASSES.join(',') },
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
