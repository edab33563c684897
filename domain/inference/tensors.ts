/**
 * Tensors as MIR carries them across the API, the worker boundary and the ledger: plain JSON-able values with
 * ONNX Runtime's element-type names. `data` is flat, row-major; `dims` its shape.
 */
export const TENSOR_ELEMENT_TYPES = [
  'float32',
  'float64',
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'bool',
  'string',
] as const;

export type TensorElementType = (typeof TENSOR_ELEMENT_TYPES)[number];

export function isTensorElementType(value: unknown): value is TensorElementType {
  return typeof value === 'string' && (TENSOR_ELEMENT_TYPES as readonly string[]).includes(value);
}

/** Element values: numbers for numeric types (int64/uint64 as safe integers), booleans for bool, strings for string. */
export type TensorData = readonly number[] | readonly boolean[] | readonly string[];

export interface NamedTensor {
  readonly name: string;
  readonly type: TensorElementType;
  readonly dims: readonly number[];
  readonly data: TensorData;
}

/** One dimension of a declared shape: a fixed size, a symbolic name (e.g. `batch`), or unknown (null). */
export type DeclaredDimension = number | string | null;

/** A model input or output as the model file declares it. */
export interface TensorSpec {
  readonly name: string;
  readonly type: TensorElementType;
  /** Null when the model declares no shape at all (any rank). */
  readonly shape: readonly DeclaredDimension[] | null;
}

export function elementCount(dims: readonly number[]): number {
  return dims.reduce((product, dimension) => product * dimension, 1);
}
