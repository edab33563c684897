import { describe, expect, it } from 'vitest';
import { MAX_RECORDED_INPUT_CHARS, recordableInputs } from './inferenceEvents.js';
import type { NamedTensor } from './tensors.js';

const tensor = (length: number): NamedTensor => ({
  name: 'x',
  type: 'float32',
  dims: [1, length],
  data: Array.from({ length }, () => 0.5),
});

describe('recordableInputs', () => {
  it('given inputs whose JSON fits, then InferenceRequested records them as given', () => {
    const inputs = [tensor(3)];

    expect(recordableInputs(inputs)).toBe(inputs);
  });

  it('given inputs whose JSON exceeds the bound, then only their digest is kept (null)', () => {
    const inputs = [tensor(MAX_RECORDED_INPUT_CHARS / 4 + 1)];

    expect(JSON.stringify(inputs).length).toBeGreaterThan(MAX_RECORDED_INPUT_CHARS);
    expect(recordableInputs(inputs)).toBeNull();
  });
});
