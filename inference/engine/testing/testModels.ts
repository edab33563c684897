import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineModel, NamedTensor } from '../../../domain/index.js';
import { buildOnnxModel, ONNX_FLOAT, ONNX_INT64 } from '../../onnx/onnxGraph.js';

const ONNX_BOOL = 9;

/**
 * y = x·W + b (float32), positive = y > 0 (bool), nextIds = ids + 1 (int64): three element types in and out, so
 * a round trip exercises every conversion the hot path makes.
 */
export function mixedTypesModel(): Uint8Array {
  return buildOnnxModel({
    name: 'mixed',
    inputs: [
      { name: 'x', elementType: ONNX_FLOAT, shape: ['batch', 3] },
      { name: 'ids', elementType: ONNX_INT64, shape: ['batch'] },
    ],
    outputs: [
      { name: 'y', elementType: ONNX_FLOAT, shape: ['batch', 2] },
      { name: 'positive', elementType: ONNX_BOOL, shape: ['batch', 2] },
      { name: 'nextIds', elementType: ONNX_INT64, shape: ['batch'] },
    ],
    nodes: [
      { opType: 'MatMul', inputs: ['x', 'W'], outputs: ['xw'] },
      { opType: 'Add', inputs: ['xw', 'b'], outputs: ['y'] },
      { opType: 'Greater', inputs: ['y', 'zero'], outputs: ['positive'] },
      { opType: 'Add', inputs: ['ids', 'one'], outputs: ['nextIds'] },
    ],
    initializers: [
      { name: 'W', dims: [3, 2], values: Float32Array.of(0.5, -1, 0.25, 2, -0.125, 0.1) },
      { name: 'b', dims: [2], values: Float32Array.of(0.1, -0.3) },
      { name: 'zero', dims: [1], values: Float32Array.of(0) },
      { name: 'one', dims: [1], values: BigInt64Array.of(1n) },
    ],
  });
}

export const SLOW_MODEL_WIDTH = 1024;

/**
 * A model whose cost the caller dials at run time: `x` [1, 1024] is expanded to `shape` = [rows, 1024], pushed
 * through `depth` 1024×1024 MatMuls, and summed to a scalar `y`. One row takes microseconds; thousands take seconds
 * on one thread. The inputs and the output stay tiny either way.
 */
export function slowModel(depth = 16): Uint8Array {
  const width = SLOW_MODEL_WIDTH;
  const weights = Float32Array.from({ length: width * width }, (_, index) => ((index % 7) - 3) / width);
  return buildOnnxModel({
    name: 'slow',
    inputs: [
      { name: 'x', elementType: ONNX_FLOAT, shape: [1, width] },
      { name: 'shape', elementType: ONNX_INT64, shape: [2] },
    ],
    outputs: [{ name: 'y', elementType: ONNX_FLOAT, shape: [] }],
    nodes: [
      { opType: 'Expand', inputs: ['x', 'shape'], outputs: ['h0'] },
      ...Array.from({ length: depth }, (_, layer) => ({
        opType: 'MatMul',
        inputs: [`h${layer}`, 'W'],
        outputs: [`h${layer + 1}`],
      })),
      { opType: 'ReduceSum', inputs: [`h${depth}`], outputs: ['y'], attributes: { keepdims: 0 } },
    ],
    initializers: [{ name: 'W', dims: [width, width], values: weights }],
  });
}

/** The slow model's inputs for `rows` rows of work. */
export function slowInputs(rows: number): NamedTensor[] {
  return [
    {
      name: 'x',
      type: 'float32',
      dims: [1, SLOW_MODEL_WIDTH],
      data: new Array<number>(SLOW_MODEL_WIDTH).fill(1),
    },
    { name: 'shape', type: 'int64', dims: [2], data: [rows, SLOW_MODEL_WIDTH] },
  ];
}

export interface ModelDirectory {
  readonly path: string;
  /** Writes `bytes` as `<name>.onnx` and describes it as the engine sees a registered model. */
  readonly add: (name: string, bytes: Uint8Array) => Promise<EngineModel>;
  readonly dispose: () => Promise<void>;
}

/** A scratch directory of model files, removed by `dispose`. */
export async function modelDirectory(): Promise<ModelDirectory> {
  const directory = await mkdtemp(join(tmpdir(), 'mir-engine-'));
  return {
    path: directory,
    add: async (name, bytes) => {
      const location = join(directory, `${name}.onnx`);
      await writeFile(location, bytes);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      return { name, version: '1', sha256, location };
    },
    dispose: () => rm(directory, { recursive: true, force: true }),
  };
}
