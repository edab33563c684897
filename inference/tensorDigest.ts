import { createHash } from 'node:crypto';
import type { NamedTensor, TensorDigester, TensorElementType } from '../domain/index.js';

const DOMAIN = Buffer.from('mir.tensors.v1\n', 'ascii');

/**
 * SHA-256 over tensors exactly as a model sees them. The digested bytes, all integers little-endian:
 *
 *     "mir.tensors.v1\n"                 15 ASCII bytes (domain separation and layout version)
 *     u32  number of tensors
 *     then, per tensor, in ascending order of name by Unicode code point (which is UTF-8 byte order):
 *       u32  byte length of the name, then the name in UTF-8
 *       u32  byte length of the element type, then the type name in ASCII ("float32", "int64", …)
 *       u32  rank, then u64 per dimension
 *       the elements, row-major (as many as the dimensions' product):
 *         float32          IEEE-754 binary32: a JSON number is rounded to the nearest float32 first,
 *                          which is the value the model receives
 *         float64          IEEE-754 binary64
 *         int8, uint8      1 byte;  int16, uint16  2 bytes;  int32, uint32  4 bytes;  int64, uint64  8 bytes
 *                          (two's complement for the signed types)
 *         bool             1 byte: 0x01 true, 0x00 false
 *         string           u32 byte length, then the UTF-8 bytes (lone surrogates become U+FFFD)
 *       NaN is written as the canonical quiet NaN (0x7fc00000, 0x7ff8000000000000); −0 stays −0.
 *
 * The digest is `sha256:` and 64 lowercase hex digits. Names should be unique (input validation sees to it);
 * tensors sharing a name are digested in the order given.
 *
 * Preconditions (a RangeError otherwise): `data` holds exactly the dimensions' product of elements, and each
 * value suits its type (integers in range, booleans for bool, strings for string).
 */
export class Sha256TensorDigester implements TensorDigester {
  digest(tensors: readonly NamedTensor[]): string {
    const ordered =
      tensors.length < 2 ? tensors : [...tensors].sort((a, b) => compareCodePoints(a.name, b.name));
    const bytes = Buffer.allocUnsafe(
      DOMAIN.length + 4 + ordered.reduce((sum, t) => sum + encodedLength(t), 0),
    );
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let offset = DOMAIN.copy(bytes, 0);
    view.setUint32(offset, ordered.length, true);
    offset += 4;
    for (const tensor of ordered) offset = writeTensor(bytes, view, offset, tensor);
    return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  }
}

const ELEMENT_SIZE: Readonly<Record<Exclude<TensorElementType, 'string'>, number>> = {
  float32: 4,
  float64: 8,
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
  bool: 1,
};

/** Integer ranges; int64/uint64 are limited to what a JSON number carries exactly. */
const INTEGER_RANGE: Readonly<Partial<Record<TensorElementType, readonly [number, number]>>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32_768, 32_767],
  uint16: [0, 65_535],
  int32: [-2_147_483_648, 2_147_483_647],
  uint32: [0, 4_294_967_295],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};

function encodedLength(tensor: NamedTensor): number {
  const count = tensor.dims.reduce((product, dimension) => product * dimension, 1);
  if (tensor.data.length !== count)
    throw new RangeError(
      `tensor ${tensor.name}: ${tensor.data.length} elements for dims [${tensor.dims.join(', ')}]`,
    );
  const header = 4 + Buffer.byteLength(tensor.name) + 4 + tensor.type.length + 4 + 8 * tensor.dims.length;
  if (tensor.type !== 'string') return header + count * ELEMENT_SIZE[tensor.type];
  return (tensor.data as readonly string[]).reduce((sum, text) => sum + 4 + Buffer.byteLength(text), header);
}

function writeTensor(bytes: Buffer, view: DataView, start: number, tensor: NamedTensor): number {
  let offset = writeText(bytes, view, start, tensor.name);
  offset = writeText(bytes, view, offset, tensor.type);
  view.setUint32(offset, tensor.dims.length, true);
  offset += 4;
  for (const dimension of tensor.dims) {
    if (!Number.isSafeInteger(dimension) || dimension < 0)
      throw new RangeError(`tensor ${tensor.name}: dimension ${dimension} is not a size`);
    writeNumber(view, offset, 'uint64', dimension);
    offset += 8;
  }
  if (tensor.type === 'string') {
    for (const text of tensor.data as readonly string[])
      offset = writeText(bytes, view, offset, checked(tensor, text, 'string'));
    return offset;
  }
  if (tensor.type === 'bool') {
    for (const flag of tensor.data as readonly boolean[])
      bytes[offset++] = checked(tensor, flag, 'boolean') ? 1 : 0;
    return offset;
  }
  return writeNumbers(view, offset, tensor);
}

function writeNumbers(view: DataView, start: number, tensor: NamedTensor): number {
  const size = ELEMENT_SIZE[tensor.type as Exclude<TensorElementType, 'string'>];
  const range = INTEGER_RANGE[tensor.type];
  let offset = start;
  for (const value of tensor.data as readonly number[]) {
    if (range !== undefined && !(Number.isInteger(value) && value >= range[0] && value <= range[1]))
      throw new RangeError(`tensor ${tensor.name}: ${value} is not a ${tensor.type}`);
    writeNumber(view, offset, tensor.type, checked(tensor, value, 'number'));
    offset += size;
  }
  return offset;
}

function writeNumber(view: DataView, offset: number, type: TensorElementType, value: number): void {
  switch (type) {
    case 'float32':
      if (Number.isNaN(value)) view.setUint32(offset, 0x7fc00000, true);
      else view.setFloat32(offset, value, true);
      return;
    case 'float64':
      if (Number.isNaN(value)) view.setBigUint64(offset, 0x7ff8000000000000n, true);
      else view.setFloat64(offset, value, true);
      return;
    case 'int8':
    case 'uint8':
      view.setUint8(offset, value & 0xff);
      return;
    case 'int16':
    case 'uint16':
      view.setUint16(offset, value & 0xffff, true);
      return;
    case 'int32':
    case 'uint32':
      view.setUint32(offset, value >>> 0, true);
      return;
    default: {
      // int64/uint64 within ±(2^53 − 1): split into 32-bit halves (floor division keeps the sign in the high half).
      const high = Math.floor(value / 0x1_0000_0000);
      view.setUint32(offset, value - high * 0x1_0000_0000, true);
      view.setInt32(offset + 4, high, true);
    }
  }
}

function writeText(bytes: Buffer, view: DataView, offset: number, text: string): number {
  const length = bytes.write(text, offset + 4, 'utf8');
  view.setUint32(offset, length, true);
  return offset + 4 + length;
}

function checked<Value>(tensor: NamedTensor, value: Value, kind: 'string' | 'boolean' | 'number'): Value {
  if (typeof value !== kind)
    throw new RangeError(`tensor ${tensor.name}: ${String(value)} is not a ${tensor.type}`);
  return value;
}

/**
 * Orders strings by Unicode code point, which is also the order of their UTF-8 bytes. Plain `<` compares UTF-16
 * code units, which differs for characters above U+FFFF against U+E000–U+FFFF.
 */
function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    if (a.charCodeAt(index) !== b.charCodeAt(index)) return a.codePointAt(index)! - b.codePointAt(index)!;
  }
  return a.length - b.length;
}
