import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EMPTY_ROOT, hashChildren, hashLeaf } from './treeHashing.js';

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const digest = createHash('sha256');
  for (const part of parts) digest.update(part);
  return digest.digest();
};
const a = sha256(Buffer.from('a'));
const b = sha256(Buffer.from('b'));

describe('treeHashing', () => {
  it('given nothing, then EMPTY_ROOT is SHA-256 of the empty string', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('given empty leaf data, when hashing the leaf, then it is SHA-256 of the single byte 0x00', () => {
    expect(hashLeaf(new Uint8Array()).toString('hex')).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
  });

  it('given leaf data of several lengths, when hashing, then it is SHA-256(0x00 ‖ data)', () => {
    for (const length of [1, 31, 32, 33, 100]) {
      const data = Buffer.alloc(length, length);
      expect(hashLeaf(data)).toEqual(sha256(Buffer.from([0]), data));
    }
  });

  it('given a Uint8Array view into a larger buffer, when hashing, then only the view is hashed', () => {
    const backing = Buffer.concat([Buffer.alloc(5, 7), a, Buffer.alloc(5, 9)]);
    expect(hashLeaf(new Uint8Array(backing.buffer, backing.byteOffset + 5, 32))).toEqual(hashLeaf(a));
  });

  it('given two child hashes, when hashing the node, then it is SHA-256(0x01 ‖ left ‖ right)', () => {
    expect(hashChildren(a, b)).toEqual(sha256(Buffer.from([1]), a, b));
    expect(hashChildren(b, a)).not.toEqual(hashChildren(a, b));
  });

  it('given children that are not 32 bytes, when hashing the node, then the general layout still applies', () => {
    const left = Buffer.from('left');
    expect(hashChildren(left, a)).toEqual(sha256(Buffer.from([1]), left, a));
  });

  it('given a returned hash, when the caller mutates it, then later hashes are unaffected', () => {
    const first = hashLeaf(a);
    const expected = Buffer.from(first);
    first.fill(0);
    const node = hashChildren(a, b);
    node.fill(0);
    expect(hashLeaf(a)).toEqual(expected);
    expect(hashChildren(a, b)).toEqual(sha256(Buffer.from([1]), a, b));
  });

  it('given the same bytes as leaf and as node, then the hashes differ (domain separation)', () => {
    expect(hashLeaf(Buffer.concat([a, b]))).not.toEqual(hashChildren(a, b));
  });
});
