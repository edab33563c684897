import * as ort from 'onnxruntime-node';
import { isTensorElementType } from '../../domain/index.js';
import type { NamedTensor, TensorData } from '../../domain/index.js';
import { WorkerFailure } from './workerFailure.js';

/**
 * A MIR tensor as ONNX Runtime takes it. onnxruntime's Tensor constructor does the typed-array conversion itself
 * (float32 → Float32Array, int64/uint64 → BigInt64Array/BigUint64Array via BigInt, bool → Uint8Array, string
 * arrays as they are) and throws when `data` does not hold exactly `dims`' element count.
 */
export function toOrtTensor(tensor: NamedTensor): ort.Tensor {
  return new ort.Tensor(tensor.type, tensor.data, tensor.dims);
}

/**
 * The session's outputs as MIR tensors, in the session's output order. Throws `OUTPUT_TOO_LARGE` when all
 * outputs together hold more than `maxElements` elements (checked before anything is copied), and
 * `ENGINE_FAILED` for an element type MIR cannot carry (float16, int4…) or a 64-bit integer beyond ±(2^53 − 1),
 * which a JSON number cannot hold exactly.
 */
export function fromOrtOutputs(
  names: readonly string[],
  results: ort.InferenceSession.OnnxValueMapType,
  maxElements: number,
): NamedTensor[] {
  const tensors = names.map((name) => {
    const value = results[name];
    if (!(value instanceof ort.Tensor))
      throw new WorkerFailure(
        'ENGINE_FAILED',
        `output ${name} is not a tensor (maps and sequences are not served)`,
      );
    return { name, tensor: value };
  });
  const elements = tensors.reduce((sum, { tensor }) => sum + tensor.size, 0);
  if (elements > maxElements)
    throw new WorkerFailure(
      'OUTPUT_TOO_LARGE',
      `the model produced ${elements} output elements; the limit is ${maxElements}`,
      { elements, limit: maxElements },
    );
  return tensors.map(({ name, tensor }) => fromOrtTensor(name, tensor));
}

function fromOrtTensor(name: string, tensor: ort.Tensor): NamedTensor {
  const { type } = tensor;
  if (!isTensorElementType(type))
    throw new WorkerFailure(
      'ENGINE_FAILED',
      `output ${name} has element type ${type}, which MIR cannot carry`,
      {
        output: name,
        type,
      },
    );
  return { name, type, dims: tensor.dims, data: plainData(name, type, tensor.data) };
}

function plainData(name: string, type: string, data: ort.Tensor['data']): TensorData {
  if (type === 'string') return data as string[];
  if (type === 'bool') return Array.from(data as Uint8Array, (byte) => byte !== 0);
  if (type === 'int64' || type === 'uint64')
    return safeIntegers(name, data as BigInt64Array | BigUint64Array);
  return Array.from(data as Float32Array);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

function safeIntegers(name: string, data: BigInt64Array | BigUint64Array): number[] {
  const numbers = new Array<number>(data.length);
  for (let index = 0; index < data.length; index++) {
    const value = data[index]!;
    if (value > MAX_SAFE || value < MIN_SAFE)
      throw new WorkerFailure(
        'ENGINE_FAILED',
        `output ${name}[${index}] = ${value} is beyond ±(2^53 − 1): a JSON number cannot carry it exactly`,
        { output: name, index, value: value.toString() },
      );
    numbers[index] = Number(value);
  }
  return numbers;
}
