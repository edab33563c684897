import type { JsonValue } from '../events/json.js';
import { InferenceError } from './inferenceErrors.js';
import type { NamedTensor, TensorData, TensorElementType, TensorSpec } from './tensors.js';
import { elementCount, isTensorElementType } from './tensors.js';

export interface InputLimits {
  readonly maxTensors: number;
  readonly maxRank: number;
  /** Elements across all input tensors of one request. */
  readonly maxElements: number;
  readonly maxStringLength: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = Object.freeze({
  maxTensors: 32,
  maxRank: 8,
  maxElements: 1_048_576,
  maxStringLength: 65_536,
});

const INTEGER_RANGES: Partial<Record<TensorElementType, readonly [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32_768, 32_767],
  uint16: [0, 65_535],
  int32: [-2_147_483_648, 2_147_483_647],
  uint32: [0, 4_294_967_295],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};

/**
 * Checks `inputs` against what the model declares, before anything runs: every declared input present once and
 * nothing else, the declared element type, rank and fixed dimensions, data length equal to the shape's product,
 * element values representable in their type, and the request within `limits`. Throws `INFERENCE_INVALID_INPUT`
 * naming the input and what disagrees.
 */
export function validateInferenceInputs(
  specs: readonly TensorSpec[],
  inputs: readonly NamedTensor[],
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): void {
  if (inputs.length > limits.maxTensors)
    throw invalid(`at most ${limits.maxTensors} input tensors are accepted`, { count: inputs.length });
  const declared = new Map(specs.map((spec) => [spec.name, spec]));
  const seen = new Set<string>();
  let total = 0;
  for (const input of inputs) {
    const spec = declared.get(input.name);
    if (spec === undefined)
      throw invalid(`the model has no input named ${JSON.stringify(input.name)}`, {
        input: input.name,
        expected: specs.map((known) => known.name),
      });
    if (seen.has(input.name)) throw invalid(`input ${input.name} is given twice`, { input: input.name });
    seen.add(input.name);
    total += checkTensor(spec, input, limits);
    if (total > limits.maxElements)
      throw invalid(`inputs hold more than ${limits.maxElements} elements`, { limit: limits.maxElements });
  }
  const missing = specs.filter((spec) => !seen.has(spec.name)).map((spec) => spec.name);
  if (missing.length > 0) throw invalid(`missing input ${missing.join(', ')}`, { missing });
}

function checkTensor(spec: TensorSpec, input: NamedTensor, limits: InputLimits): number {
  const at = { input: input.name };
  if (!isTensorElementType(input.type)) throw invalid(`input ${input.name} has an unknown element type`, at);
  if (input.type !== spec.type)
    throw invalid(`input ${input.name} must be ${spec.type}, not ${input.type}`, {
      ...at,
      expected: spec.type,
      actual: input.type,
    });
  if (!Array.isArray(input.dims) || input.dims.length > limits.maxRank)
    throw invalid(`input ${input.name} must have at most ${limits.maxRank} dimensions`, at);
  for (const dimension of input.dims) {
    if (!Number.isSafeInteger(dimension) || dimension < 0)
      throw invalid(`input ${input.name} has a dimension that is not a non-negative integer`, at);
  }
  if (spec.shape !== null) checkShape(spec.shape, input);
  const count = elementCount(input.dims);
  if (count > limits.maxElements)
    throw invalid(`input ${input.name} holds more than ${limits.maxElements} elements`, {
      ...at,
      limit: limits.maxElements,
    });
  if (!Array.isArray(input.data) || input.data.length !== count)
    throw invalid(
      `input ${input.name} has ${dataLength(input.data)} values for dims [${input.dims.join(', ')}]`,
      {
        ...at,
        expected: count,
        actual: dataLength(input.data),
      },
    );
  checkValues(input.name, input.type, input.data, limits);
  return count;
}

function checkShape(shape: NonNullable<TensorSpec['shape']>, input: NamedTensor): void {
  if (shape.length !== input.dims.length)
    throw invalid(`input ${input.name} must have rank ${shape.length}, not ${input.dims.length}`, {
      input: input.name,
      expected: shape.length,
      actual: input.dims.length,
    });
  shape.forEach((declared, axis) => {
    if (typeof declared === 'number' && declared >= 0 && input.dims[axis] !== declared)
      throw invalid(`input ${input.name} dimension ${axis} must be ${declared}, not ${input.dims[axis]}`, {
        input: input.name,
        axis,
        expected: declared,
        actual: input.dims[axis] ?? null,
      });
  });
}

function checkValues(name: string, type: TensorElementType, data: TensorData, limits: InputLimits): void {
  const values = data as readonly unknown[];
  const range = INTEGER_RANGES[type];
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    const ok =
      type === 'bool'
        ? typeof value === 'boolean'
        : type === 'string'
          ? typeof value === 'string' && value.length <= limits.maxStringLength
          : range === undefined
            ? typeof value === 'number' && Number.isFinite(value) && fitsFloat(type, value)
            : Number.isSafeInteger(value) && (value as number) >= range[0] && (value as number) <= range[1];
    if (!ok) throw invalid(`input ${name} value ${index} is not a valid ${type}`, { input: name, index });
  }
}

/** float32 overflows to Infinity above ~3.4e38: refuse rather than feed the model an infinity. */
function fitsFloat(type: TensorElementType, value: number): boolean {
  return type !== 'float32' || Math.abs(value) <= 3.4028234663852886e38;
}

function dataLength(data: unknown): number {
  return Array.isArray(data) ? data.length : 0;
}

function invalid(message: string, details: Record<string, JsonValue>): InferenceError {
  return new InferenceError('INFERENCE_INVALID_INPUT', message, details);
}
