import { describe, expect, it } from 'vitest';
import type { NamedTensor } from '../inference/tensors.js';
import { compareInference, recordedInferences, tensorDifference } from './inferenceReplay.js';
import type { RecordedInference } from './inferenceReplay.js';
import { DEFAULT_REPLAY_TOLERANCE } from './replayEvents.js';
import { runHistory, STARTED } from './testing/runHistory.js';

const MODEL = { name: 'm', version: '1', sha256: 'a'.repeat(64) };
const X: NamedTensor = { name: 'x', type: 'float32', dims: [1, 2], data: [1, 2] };
const Y: NamedTensor = { name: 'y', type: 'float32', dims: [1, 2], data: [0.25, 0.75] };
const requested = {
  inferenceId: 'i1',
  model: MODEL,
  source: 'tensors',
  inputs: [],
  inputDigest: 'sha256:in',
  inputTensors: [X],
} as const;
const completed = {
  inferenceId: 'i1',
  model: MODEL,
  executionProvider: 'cpu',
  runtime: 'onnxruntime-node',
  runtimeVersion: '1.30.0',
  inputDigest: 'sha256:in',
  outputDigest: 'sha256:out',
  outputs: [Y],
  latencyMs: 1,
};
const recorded: RecordedInference = { requested, completed, completedEventId: 'e2' };
const ran = {
  kind: 'ran',
  inputDigest: 'sha256:in',
  outputs: [Y],
  outputDigest: 'sha256:out',
  executionProvider: 'cpu',
} as const;

describe('recordedInferences', () => {
  it('given requests and outcomes, then each completed inference is paired with its request; failed ones are not', () => {
    const events = runHistory('r1', [
      STARTED,
      { type: 'InferenceRequested', data: requested },
      { type: 'InferenceCompleted', data: completed },
      { type: 'InferenceRequested', data: { ...requested, inferenceId: 'i2' } },
      {
        type: 'InferenceFailed',
        data: { inferenceId: 'i2', model: MODEL, reason: 'ENGINE_FAILED', message: 'x' },
      },
    ]);

    expect(recordedInferences(events)).toEqual([{ requested, completed, completedEventId: 'e2' }]);
  });
});

describe('compareInference', () => {
  it('given the same provider and the same output digest, then it matches bit-exactly (no tolerance)', () => {
    expect(compareInference(recorded, ran, DEFAULT_REPLAY_TOLERANCE)).toMatchObject({
      check: 'inference',
      eventId: 'e2',
      subject: 'outputDigest',
      match: true,
      tolerance: null,
    });
  });

  it('given the same provider and another output digest, then it is a mismatch naming both digests', () => {
    const item = compareInference(
      recorded,
      { ...ran, outputDigest: 'sha256:other' },
      DEFAULT_REPLAY_TOLERANCE,
    );

    expect(item).toMatchObject({
      subject: 'outputDigest',
      match: false,
      expected: 'sha256:out',
      actual: 'sha256:other',
    });
  });

  it('given a swapped model file, then it is a mismatch naming the expected and the actual SHA-256', () => {
    const item = compareInference(
      recorded,
      { kind: 'modelChanged', actualSha256: 'b'.repeat(64) },
      DEFAULT_REPLAY_TOLERANCE,
    );

    expect(item).toMatchObject({
      subject: 'modelSha256',
      match: false,
      expected: MODEL.sha256,
      actual: 'b'.repeat(64),
    });
  });

  it('given inputs that were not recorded, then it is a mismatch saying only the digest was', () => {
    const item = compareInference(recorded, { kind: 'inputsNotRecorded' }, DEFAULT_REPLAY_TOLERANCE);

    expect(item).toMatchObject({ subject: 'inputs', match: false, expected: 'sha256:in', actual: null });
  });

  it('given recorded inputs that do not hash to the recorded digest, then it is an input digest mismatch', () => {
    const item = compareInference(
      recorded,
      { ...ran, inputDigest: 'sha256:forged' },
      DEFAULT_REPLAY_TOLERANCE,
    );

    expect(item).toMatchObject({
      subject: 'inputDigest',
      match: false,
      expected: 'sha256:in',
      actual: 'sha256:forged',
    });
  });

  it('given another provider and outputs within tolerance, then it matches and states the tolerance used', () => {
    const near = { ...Y, data: [0.25 + 5e-5, 0.75 - 5e-5] };
    const replayed = { ...ran, outputs: [near], outputDigest: 'sha256:near', executionProvider: 'cuda' };

    const item = compareInference(recorded, replayed, DEFAULT_REPLAY_TOLERANCE);

    expect(item).toMatchObject({ subject: 'outputs', match: true, tolerance: DEFAULT_REPLAY_TOLERANCE });
    expect(item.note).toBe('replayed on cuda, recorded on cpu');
  });

  it('given another provider and outputs beyond tolerance, then it is a mismatch naming the element', () => {
    const far = { ...Y, data: [0.25, 0.76] };
    const replayed = { ...ran, outputs: [far], outputDigest: 'sha256:far', executionProvider: 'cuda' };

    const item = compareInference(recorded, replayed, DEFAULT_REPLAY_TOLERANCE);

    expect(item).toMatchObject({ subject: 'outputs', match: false, tolerance: DEFAULT_REPLAY_TOLERANCE });
    expect(item.note).toBe('replayed on cuda, recorded on cpu: y[1] is 0.76, recorded 0.75');
  });
});

describe('tensorDifference', () => {
  const tolerance = { absolute: 0, relative: 0.1 };

  it('given a relative tolerance, then the bound grows with the recorded value', () => {
    expect(tensorDifference([{ ...Y, data: [100, 1] }], [{ ...Y, data: [109, 1] }], tolerance)).toBeNull();
    expect(tensorDifference([{ ...Y, data: [100, 1] }], [{ ...Y, data: [100, 1.2] }], tolerance)).toBe(
      'y[1] is 1.2, recorded 1',
    );
  });

  it('given another shape or a missing output, then it says so before comparing values', () => {
    expect(tensorDifference([Y], [{ ...Y, dims: [2, 1] }], tolerance)).toBe(
      'output 0 is y float32[2,1], not y float32[1,2]',
    );
    expect(tensorDifference([Y], [], tolerance)).toBe('0 outputs, not 1');
  });
});
