import ort from 'onnxruntime-node';
import { buildOnnxModel, ONNX_FLOAT, ONNX_INT64 } from '../../inference/index.js';

/** The weights of `affineModel`: y = x·W + b, x [batch, 3], y [batch, 2]. */
const W = Float32Array.of(0.5, -1, 0.25, 2, -0.125, 0.1);
const B = Float32Array.of(0.1, -0.3);

/** A tiny float32 model, y = x·W + b with x [batch, 3] and y [batch, 2]; `bias` changes the file (and its hash). */
export function affineModel(bias = 0): Uint8Array {
  return buildOnnxModel({
    name: 'affine',
    inputs: [{ name: 'x', elementType: ONNX_FLOAT, shape: ['batch', 3] }],
    outputs: [{ name: 'y', elementType: ONNX_FLOAT, shape: ['batch', 2] }],
    nodes: [
      { opType: 'MatMul', inputs: ['x', 'W'], outputs: ['xw'] },
      { opType: 'Add', inputs: ['xw', 'b'], outputs: ['y'] },
    ],
    initializers: [
      { name: 'W', dims: [3, 2], values: W },
      { name: 'b', dims: [2], values: B.map((value) => value + bias) },
    ],
  });
}

/** A text scorer over `hashed-tokens` features: `features` [batch, dimensions] → `scores` [batch, 2]. */
export function textScorerModel(dimensions: number): Uint8Array {
  const weights = Float32Array.from({ length: dimensions * 2 }, (_, index) => ((index % 5) - 2) / 4);
  return buildOnnxModel({
    name: 'text-scorer',
    inputs: [{ name: 'features', elementType: ONNX_FLOAT, shape: ['batch', dimensions] }],
    outputs: [{ name: 'scores', elementType: ONNX_FLOAT, shape: ['batch', 2] }],
    nodes: [{ opType: 'MatMul', inputs: ['features', 'W'], outputs: ['scores'] }],
    initializers: [{ name: 'W', dims: [dimensions, 2], values: weights }],
  });
}

/** What onnxruntime itself answers for one float32 input, in process: the reference the API must match. */
export async function runDirectly(
  model: Uint8Array,
  input: { name: string; dims: number[]; data: readonly number[] },
  output: string,
): Promise<number[]> {
  const session = await ort.InferenceSession.create(model, { executionProviders: ['cpu'] });
  try {
    const feeds = { [input.name]: new ort.Tensor('float32', Float32Array.from(input.data), input.dims) };
    const results = await session.run(feeds);
    return Array.from(results[output]!.data as Float32Array);
  } finally {
    await session.release();
  }
}

const SLOW_WIDTH = 256;

/**
 * A model whose cost the caller sets: `x` [1, 256] is expanded to `shape` ([rows, 256], int64), pushed through
 * `depth` 256×256 MatMuls and summed to a scalar `y`. Tens of thousands of rows take seconds on one thread.
 */
export function slowModel(depth = 64): Uint8Array {
  const weights = Float32Array.from(
    { length: SLOW_WIDTH * SLOW_WIDTH },
    (_, index) => ((index % 7) - 3) / 256,
  );
  const layers = Array.from({ length: depth }, (_, layer) => ({
    opType: 'MatMul',
    inputs: [layer === 0 ? 'wide' : `h${layer - 1}`, 'W'],
    outputs: [`h${layer}`],
  }));
  return buildOnnxModel({
    name: 'slow',
    inputs: [
      { name: 'x', elementType: ONNX_FLOAT, shape: [1, SLOW_WIDTH] },
      { name: 'shape', elementType: ONNX_INT64, shape: [2] },
    ],
    outputs: [{ name: 'y', elementType: ONNX_FLOAT, shape: [] }],
    nodes: [
      { opType: 'Expand', inputs: ['x', 'shape'], outputs: ['wide'] },
      ...layers,
      { opType: 'ReduceSum', inputs: [`h${depth - 1}`], outputs: ['y'], attributes: { keepdims: 0 } },
    ],
    initializers: [{ name: 'W', dims: [SLOW_WIDTH, SLOW_WIDTH], values: weights }],
  });
}

/** Inputs that keep `slowModel` busy for seconds. */
export function slowInputs(rows = 50_000) {
  return [
    {
      name: 'x',
      type: 'float32',
      dims: [1, SLOW_WIDTH],
      data: Array.from({ length: SLOW_WIDTH }, () => 0.5),
    },
    { name: 'shape', type: 'int64', dims: [2], data: [rows, SLOW_WIDTH] },
  ];
}
