import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NamedTensor } from '../domain/index.js';
import { Sha256TensorDigester } from './tensorDigest.js';

const digester = new Sha256TensorDigester();

const features: NamedTensor = { name: 'features', type: 'float32', dims: [1, 2], data: [0.1, -2] };
const ids: NamedTensor = { name: 'ids', type: 'int64', dims: [2], data: [-1, 9_007_199_254_740_991] };
const mask: NamedTensor = { name: 'mask', type: 'bool', dims: [2], data: [true, false] };
const words: NamedTensor = { name: 'words', type: 'string', dims: [2], data: ['é', ''] };

/** The documented layout written out by hand for [features, ids, mask, words]: the reference to match. */
function referenceBytes(): Buffer {
  const u32 = (value: number) => Buffer.from(Uint32Array.of(value).buffer);
  const u64 = (value: bigint) => Buffer.from(BigUint64Array.of(value).buffer);
  const text = (value: string) => Buffer.concat([u32(Buffer.byteLength(value)), Buffer.from(value, 'utf8')]);
  const header = (name: string, type: string, dims: bigint[]) =>
    Buffer.concat([text(name), text(type), u32(dims.length), ...dims.map(u64)]);
  return Buffer.concat([
    Buffer.from('mir.tensors.v1\n'),
    u32(4),
    header('features', 'float32', [1n, 2n]),
    Buffer.from(Float32Array.of(0.1, -2).buffer),
    header('ids', 'int64', [2n]),
    Buffer.from(BigInt64Array.of(-1n, 9_007_199_254_740_991n).buffer),
    header('mask', 'bool', [2n]),
    Buffer.of(1, 0),
    header('words', 'string', [2n]),
    text('é'),
    text(''),
  ]);
}

describe('Sha256TensorDigester', () => {
  it('hashes the documented byte layout', () => {
    const expected = `sha256:${createHash('sha256').update(referenceBytes()).digest('hex')}`;

    expect(digester.digest([features, ids, mask, words])).toBe(expected);
  });

  it('is pinned to test vectors, so the layout never changes silently', () => {
    expect(digester.digest([features, ids, mask, words])).toBe(
      'sha256:659bd7c612f91f7ad6e92da34b23d1f9bc110eb6854f5d90f54870a3ed93d8b6',
    );
    expect(digester.digest([])).toBe(
      `sha256:${createHash('sha256').update('mir.tensors.v1\n\0\0\0\0').digest('hex')}`,
    );
  });

  it('does not depend on the order tensors are given in', () => {
    expect(digester.digest([words, mask, ids, features])).toBe(digester.digest([features, ids, mask, words]));
  });

  it('orders names by code point, as their UTF-8 bytes sort', () => {
    const astral = { ...mask, name: '\u{1F600}' };
    const fullwidth = { ...mask, name: '\uFF21' };

    expect(digester.digest([astral, fullwidth])).toBe(digester.digest([fullwidth, astral]));
  });

  it('digests float32 values as the model receives them: rounded to float32, NaN canonical, −0 kept', () => {
    expect(digester.digest([{ ...features, data: [0.1 + 1e-12, -2] }])).toBe(digester.digest([features]));
    expect(digester.digest([{ ...features, data: [Number.NaN, -2] }])).toBe(
      digester.digest([{ ...features, data: [-Number.NaN, -2] }]),
    );
    expect(digester.digest([{ ...features, data: [-0, -2] }])).not.toBe(
      digester.digest([{ ...features, data: [0, -2] }]),
    );
  });

  it.each<[string, NamedTensor]>([
    ['name', { ...features, name: 'feature' }],
    ['type', { ...features, type: 'float64' }],
    ['dimensions', { ...features, dims: [2, 1] }],
    ['rank', { ...features, dims: [2] }],
    ['values', { ...features, data: [0.1, -2.5] }],
  ])('changes when the %s change', (_field, changed) => {
    expect(digester.digest([changed])).not.toBe(digester.digest([features]));
  });

  it('changes with the values of every element kind', () => {
    expect(digester.digest([{ ...ids, data: [-1, 0] }])).not.toBe(digester.digest([ids]));
    expect(digester.digest([{ ...mask, data: [true, true] }])).not.toBe(digester.digest([mask]));
    expect(digester.digest([{ ...words, data: ['e', ''] }])).not.toBe(digester.digest([words]));
    expect(digester.digest([{ ...words, data: ['', 'é'] }])).not.toBe(digester.digest([words]));
  });

  it('refuses tensors that break its preconditions', () => {
    expect(() => digester.digest([{ ...features, dims: [3] }])).toThrow(RangeError);
    expect(() => digester.digest([{ ...ids, data: [1.5, 2] }])).toThrow(RangeError);
    expect(() => digester.digest([{ ...ids, type: 'uint8', data: [256, 0] }])).toThrow(RangeError);
    expect(() => digester.digest([{ ...mask, data: [1, 0] }])).toThrow(RangeError);
  });
});
