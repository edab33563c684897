import ort from 'onnxruntime-node';
import { slowInputs as engineSlowInputs } from '../../inference/engine/testing/testModels.js';
import { buildOnnxModel, ONNX_FLOAT } from '../../inference/index.js';

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

/** The engine tests' slow model: its cost is set at run time by the number of rows. */
export { slowModel } from '../../inference/engine/testing/testModels.js';

/** Inputs that keep `slowModel` busy for a few seconds on one thread. */
export function slowInputs(rows = 12_000) {
  return engineSlowInputs(rows);
}
