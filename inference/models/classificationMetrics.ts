export interface BinaryMetrics {
  readonly examples: number;
  readonly accuracy: number;
  /** Of the examples predicted positive, the share that are; 0 when nothing was predicted positive. */
  readonly precision: number;
  /** Of the positive examples, the share predicted positive; 0 when there are none. */
  readonly recall: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly trueNegatives: number;
  readonly falseNegatives: number;
}

/** Confusion counts and ratios of predictions against truth (positive = true). Precondition: equal lengths. */
export function binaryMetrics(predicted: readonly boolean[], actual: readonly boolean[]): BinaryMetrics {
  if (predicted.length !== actual.length) {
    throw new RangeError(`${predicted.length} predictions for ${actual.length} examples`);
  }
  let truePositives = 0;
  let falsePositives = 0;
  let trueNegatives = 0;
  let falseNegatives = 0;
  predicted.forEach((positive, index) => {
    if (positive && actual[index]) truePositives += 1;
    else if (positive) falsePositives += 1;
    else if (actual[index]) falseNegatives += 1;
    else trueNegatives += 1;
  });
  const examples = predicted.length;
  return {
    examples,
    accuracy: examples === 0 ? 0 : (truePositives + trueNegatives) / examples,
    precision: ratio(truePositives, truePositives + falsePositives),
    recall: ratio(truePositives, truePositives + falseNegatives),
    truePositives,
    falsePositives,
    trueNegatives,
    falseNegatives,
  };
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}
