import { buildOnnxModel, ONNX_FLOAT } from '../../inference/index.js';
import type { GraphInitializer, GraphNode } from '../../inference/index.js';

/** A model that costs ONNX Runtime ~10 µs: one Add on a [1, 4] tensor. */
export function tinyModel(): Uint8Array {
  return buildOnnxModel({
    name: 'bench-tiny',
    inputs: [{ name: 'x', elementType: ONNX_FLOAT, shape: [1, 4] }],
    outputs: [{ name: 'y', elementType: ONNX_FLOAT, shape: [1, 4] }],
    nodes: [{ opType: 'Add', inputs: ['x', 'bias'], outputs: ['y'] }],
    initializers: [{ name: 'bias', dims: [1, 4], values: new Float32Array([0.5, -0.5, 1, -1]) }],
  });
}

/**
 * A model that costs ONNX Runtime ~0.5 ms on one core with small inputs and outputs: the [1, 64] input is tiled
 * into a batch of `batch` rows, run through `layers` 512-wide tanh layers and averaged back to [1, 8]. The batch
 * sets the cost without making the request or the recorded outputs large.
 */
export function halfMillisecondModel(batch = 48, layers = 4): Uint8Array {
  const width = 512;
  const initializers: GraphInitializer[] = [
    { name: 'repeats', dims: [2], values: BigInt64Array.from([BigInt(batch), 1n]) },
    weights('W_in', 64, width),
    weights('W_out', width, 8),
  ];
  const nodes: GraphNode[] = [{ opType: 'Tile', inputs: ['x', 'repeats'], outputs: ['rows'] }];
  nodes.push({ opType: 'MatMul', inputs: ['rows', 'W_in'], outputs: ['h_in'] });
  let previous = 'h_in';
  for (let layer = 0; layer < layers; layer++) {
    initializers.push(weights(`W${layer}`, width, width));
    nodes.push({ opType: 'MatMul', inputs: [previous, `W${layer}`], outputs: [`m${layer}`] });
    nodes.push({ opType: 'Tanh', inputs: [`m${layer}`], outputs: [`a${layer}`] });
    previous = `a${layer}`;
  }
  nodes.push({ opType: 'MatMul', inputs: [previous, 'W_out'], outputs: ['per_row'] });
  nodes.push({
    opType: 'ReduceMean',
    inputs: ['per_row'],
    outputs: ['y'],
    attributes: { axes: [0], keepdims: 1 },
  });
  return buildOnnxModel({
    name: 'bench-half-ms',
    inputs: [{ name: 'x', elementType: ONNX_FLOAT, shape: [1, 64] }],
    outputs: [{ name: 'y', elementType: ONNX_FLOAT, shape: [1, 8] }],
    nodes,
    initializers,
  });
}

/** Deterministic small weights (no randomness: the bench models are the same bytes every run). */
function weights(name: string, rows: number, columns: number): GraphInitializer {
  const scale = 1 / Math.sqrt(rows);
  const values = new Float32Array(rows * columns).map(
    (_, index) => ((((index * 7919) % 101) - 50) / 50) * scale,
  );
  return { name, dims: [rows, columns], values };
}
