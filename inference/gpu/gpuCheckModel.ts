import type { NamedTensor } from '../../domain/index.js';
import { buildOnnxModel, ONNX_FLOAT } from '../onnx/onnxGraph.js';

const WIDTH = 256;
const BATCH = 64;

/**
 * The GPU check's model: y = Relu(x·W1 + b)·W2, 256 wide, enough arithmetic for CUDA kernels to matter while the
 * output (64 × 256) stays within the engine's default output limit. Weights are deterministic.
 */
export function checkModel(): Uint8Array {
  const weights = (salt: number) =>
    Float32Array.from({ length: WIDTH * WIDTH }, (_, index) => (((index * salt) % 17) - 8) / (8 * WIDTH));
  return buildOnnxModel({
    name: 'gpu-check',
    inputs: [{ name: 'x', elementType: ONNX_FLOAT, shape: ['batch', WIDTH] }],
    outputs: [{ name: 'y', elementType: ONNX_FLOAT, shape: ['batch', WIDTH] }],
    nodes: [
      { opType: 'MatMul', inputs: ['x', 'W1'], outputs: ['h'] },
      { opType: 'Add', inputs: ['h', 'b'], outputs: ['hb'] },
      { opType: 'Relu', inputs: ['hb'], outputs: ['r'] },
      { opType: 'MatMul', inputs: ['r', 'W2'], outputs: ['y'] },
    ],
    initializers: [
      { name: 'W1', dims: [WIDTH, WIDTH], values: weights(7) },
      { name: 'W2', dims: [WIDTH, WIDTH], values: weights(11) },
      {
        name: 'b',
        dims: [WIDTH],
        values: Float32Array.from({ length: WIDTH }, (_, index) => (index % 5) / 10),
      },
    ],
  });
}

export function checkInputs(): NamedTensor[] {
  const data = Array.from({ length: BATCH * WIDTH }, (_, index) => ((index % 23) - 11) / 11);
  return [{ name: 'x', type: 'float32', dims: [BATCH, WIDTH], data }];
}

/**
 * CUDA may compute float32 MatMuls in TF32 (10-bit mantissa) by default, so agreement is judged with a tolerance
 * that allows for it: |cuda − cpu| ≤ 1e-2 · (1 + |cpu|) for every element.
 */
export function compareOutputs(
  cuda: readonly NamedTensor[],
  cpu: readonly NamedTensor[],
): { readonly agree: boolean; readonly description: string } {
  const [gpuOut, cpuOut] = [cuda[0], cpu[0]];
  if (gpuOut === undefined || cpuOut === undefined || gpuOut.data.length !== cpuOut.data.length)
    return { agree: false, description: 'the two runs returned different output shapes' };
  let maxDifference = 0;
  let agree = true;
  cpuOut.data.forEach((reference, index) => {
    const difference = Math.abs((gpuOut.data[index] as number) - (reference as number));
    maxDifference = Math.max(maxDifference, difference);
    if (!(difference <= 1e-2 * (1 + Math.abs(reference as number)))) agree = false;
  });
  return {
    agree,
    description: `max |cuda − cpu| = ${maxDifference.toExponential(2)} over ${cpuOut.data.length} values`,
  };
}
