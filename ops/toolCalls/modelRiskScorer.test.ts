import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrtInferenceEngine } from '../../inference/index.js';
import { ModelRiskScorer } from './modelRiskScorer.js';

// The shipped risk-classifier through a real ONNX Runtime engine whose queue is deliberately tiny.

let engine: OrtInferenceEngine;
beforeAll(() => {
  engine = new OrtInferenceEngine({ workers: 1, executionProviders: ['cpu'], maxQueue: 4 });
});
afterAll(() => engine.close());

describe('ModelRiskScorer', () => {
  it('given a burst far larger than the engine queue, then every request is scored (none OVERLOADED), each as alone', async () => {
    const scorer = await ModelRiskScorer.shipped(engine);
    const texts = Array.from({ length: 200 }, (_, i) =>
      i % 2 === 0
        ? `read the weather forecast for city ${i}`
        : `delete every customer record and wire ${i} dollars`,
    );
    const burst = await Promise.all(texts.map((text) => scorer.score(text)));
    const alone = [await scorer.score(texts[0]!), await scorer.score(texts[1]!)];
    expect(burst).toHaveLength(200);
    expect(burst[0]).toEqual(alone[0]);
    expect(burst[1]).toEqual(alone[1]);
    expect(burst[1]!.score).toBeGreaterThan(burst[0]!.score);
    expect(burst[0]!.model).toMatchObject({ name: 'risk-classifier' });
  });
});
