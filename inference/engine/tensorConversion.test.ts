import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { fromOrtOutputs, toOrtTensor } from './tensorConversion.js';

describe('toOrtTensor', () => {
  it('gives ONNX Runtime the typed arrays it expects', () => {
    expect(toOrtTensor({ name: 'x', type: 'float32', dims: [2], data: [0.5, 1] }).data).toEqual(
      Float32Array.of(0.5, 1),
    );
    expect(toOrtTensor({ name: 'x', type: 'int64', dims: [2], data: [-3, 4] }).data).toEqual(
      BigInt64Array.of(-3n, 4n),
    );
    expect(toOrtTensor({ name: 'x', type: 'bool', dims: [2], data: [true, false] }).data).toEqual(
      Uint8Array.of(1, 0),
    );
    expect(toOrtTensor({ name: 'x', type: 'string', dims: [1], data: ['a'] }).data).toEqual(['a']);
  });

  it('refuses data that does not fill the dimensions', () => {
    expect(() => toOrtTensor({ name: 'x', type: 'float32', dims: [3], data: [1, 2] })).toThrow();
  });
});

describe('fromOrtOutputs', () => {
  const outputs = {
    scores: new ort.Tensor('float32', Float32Array.of(0.25, -1), [1, 2]),
    ids: new ort.Tensor('int64', BigInt64Array.of(-7n, 9_007_199_254_740_991n), [2]),
    flags: new ort.Tensor('bool', Uint8Array.of(1, 0), [2]),
  };

  it('returns plain tensors in the order of the names given', () => {
    expect(fromOrtOutputs(['flags', 'scores', 'ids'], outputs, 6)).toEqual([
      { name: 'flags', type: 'bool', dims: [2], data: [true, false] },
      { name: 'scores', type: 'float32', dims: [1, 2], data: [0.25, -1] },
      { name: 'ids', type: 'int64', dims: [2], data: [-7, 9_007_199_254_740_991] },
    ]);
  });

  it('refuses more elements than the limit, counting all outputs', () => {
    expect(() => fromOrtOutputs(['flags', 'scores', 'ids'], outputs, 5)).toThrow(
      expect.objectContaining({ code: 'OUTPUT_TOO_LARGE', details: { elements: 6, limit: 5 } }),
    );
  });

  it('refuses 64-bit integers a JSON number cannot carry exactly', () => {
    const huge = { ids: new ort.Tensor('int64', BigInt64Array.of(2n ** 60n), [1]) };

    expect(() => fromOrtOutputs(['ids'], huge, 10)).toThrow(
      expect.objectContaining({
        code: 'ENGINE_FAILED',
        details: { output: 'ids', index: 0, value: '1152921504606846976' },
      }),
    );
  });

  it('refuses element types MIR does not carry', () => {
    const half = { h: new ort.Tensor('float16', Uint16Array.of(0x3c00), [1]) };

    expect(() => fromOrtOutputs(['h'], half, 10)).toThrow(
      expect.objectContaining({ code: 'ENGINE_FAILED', details: { output: 'h', type: 'float16' } }),
    );
  });
});
