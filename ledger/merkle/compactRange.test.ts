import { describe, expect, it } from 'vitest';
import { CompactRange } from './compactRange.js';
import { prefixNodes } from '../portable/merkle/nodeId.js';
import { eventHashes } from './testing/eventHashes.js';
import { NaiveTree } from './testing/naiveTree.js';
import { EMPTY_ROOT, hashChildren, hashLeaf } from './treeHashing.js';
import { errorCodeOf } from '../testing/errorCodeOf.js';

const events = eventHashes(1100);
const leafHashes = events.map(hashLeaf);
const naive = new NaiveTree(events);

describe('CompactRange', () => {
  it('given no leaves, then the root is EMPTY_ROOT and there are no nodes', () => {
    const range = new CompactRange();
    expect(range.size).toBe(0);
    expect(range.root()).toEqual(EMPTY_ROOT);
    expect(range.nodes()).toEqual([]);
  });

  it('given 0..1100 appended leaves, when taking the root after each, then it matches the naive MTH', () => {
    const range = new CompactRange();
    for (let size = 1; size <= events.length; size++) {
      range.append(leafHashes[size - 1] as Buffer);
      expect(range.root().equals(naive.root(size)), `size ${size}`).toBe(true);
    }
  });

  it('given appended leaves, then nodes() are the hashes of prefixNodes(size), largest first', () => {
    const range = new CompactRange();
    for (let size = 1; size <= 700; size++) {
      range.append(leafHashes[size - 1] as Buffer);
      const expected = prefixNodes(size).map(({ level, index }) =>
        naive.mth(index * 2 ** level, (index + 1) * 2 ** level),
      );
      expect(range.nodes(), `size ${size}`).toEqual(expected);
    }
  });

  it('given an onNode callback, when appending 600 leaves, then every perfect subtree is reported once with its hash', () => {
    const reported: string[] = [];
    const range = new CompactRange((level, index, hash) => {
      const width = 2 ** level;
      expect(hash.equals(naive.mth(index * width, (index + 1) * width)), `${level}/${index}`).toBe(true);
      reported.push(`${level}/${index}`);
    });
    for (const leafHash of leafHashes.slice(0, 600)) range.append(leafHash);
    const expected: string[] = [];
    for (let level = 0; 2 ** level <= 600; level++) {
      for (let index = 0; (index + 1) * 2 ** level <= 600; index++) expected.push(`${level}/${index}`);
    }
    expect([...reported].sort()).toEqual(expected.sort());
    expect(reported.slice(0, 4)).toEqual(['0/0', '0/1', '1/0', '0/2']);
  });

  it('given a range resumed from its nodes, when appending more, then roots match an uninterrupted range', () => {
    for (const cut of [0, 1, 255, 256, 257, 511, 768]) {
      const head = new CompactRange();
      for (const leafHash of leafHashes.slice(0, cut)) head.append(leafHash);
      const resumed = CompactRange.fromNodes(cut, head.nodes());
      for (const leafHash of leafHashes.slice(cut, 1100)) resumed.append(leafHash);
      expect(resumed.size).toBe(1100);
      expect(resumed.root().equals(naive.root(1100)), `cut ${cut}`).toBe(true);
    }
  });

  it('given sizes past 2^32, when completing a 2^33 subtree, then levels and indexes are reported exactly', () => {
    const size = 2 ** 33 - 1;
    const nodes = prefixNodes(size).map((_id, position) => hashLeaf(Buffer.from([position])));
    const reported: string[] = [];
    const range = CompactRange.fromNodes(size, nodes, (level, index) => reported.push(`${level}/${index}`));
    const leaf = hashLeaf(Buffer.from('last'));
    range.append(leaf);
    expect(range.size).toBe(2 ** 33);
    expect(reported).toEqual(
      Array.from({ length: 34 }, (_unused, level) => `${level}/${2 ** (33 - level) - 1}`),
    );
    const expectedRoot = nodes.reduceRight((right, left) => hashChildren(left, right), leaf);
    expect(range.root()).toEqual(expectedRoot);
  });

  it('given a root or nodes, when the caller mutates them, then the range is unaffected', () => {
    const range = new CompactRange();
    for (const leafHash of leafHashes.slice(0, 3)) range.append(leafHash);
    range.root().fill(0);
    for (const node of range.nodes()) node.fill(0);
    expect(range.root()).toEqual(naive.root(3));
  });

  it('given the wrong number of nodes for a size, when resuming, then MERKLE_NODE_COUNT_MISMATCH', () => {
    expect(errorCodeOf(() => CompactRange.fromNodes(6, [EMPTY_ROOT]))).toBe('MERKLE_NODE_COUNT_MISMATCH');
    expect(errorCodeOf(() => CompactRange.fromNodes(4, [EMPTY_ROOT, EMPTY_ROOT]))).toBe(
      'MERKLE_NODE_COUNT_MISMATCH',
    );
    expect(errorCodeOf(() => CompactRange.fromNodes(0, [EMPTY_ROOT]))).toBe('MERKLE_NODE_COUNT_MISMATCH');
  });

  it('given bad sizes or hashes, when resuming or appending, then typed argument errors', () => {
    expect(errorCodeOf(() => CompactRange.fromNodes(-1, []))).toBe('MERKLE_INVALID_SIZE');
    expect(errorCodeOf(() => CompactRange.fromNodes(1.5, []))).toBe('MERKLE_INVALID_SIZE');
    expect(errorCodeOf(() => CompactRange.fromNodes(2 ** 53, []))).toBe('MERKLE_INVALID_SIZE');
    expect(errorCodeOf(() => CompactRange.fromNodes(1, [Buffer.alloc(31)]))).toBe(
      'MERKLE_INVALID_HASH_LENGTH',
    );
    expect(errorCodeOf(() => new CompactRange().append(Buffer.alloc(33)))).toBe('MERKLE_INVALID_HASH_LENGTH');
  });

  it('given a range at the safe-integer limit, when appending, then MERKLE_INVALID_SIZE', () => {
    const size = Number.MAX_SAFE_INTEGER;
    const full = CompactRange.fromNodes(
      size,
      prefixNodes(size).map(() => EMPTY_ROOT),
    );
    expect(errorCodeOf(() => full.append(EMPTY_ROOT))).toBe('MERKLE_INVALID_SIZE');
    expect(full.size).toBe(size);
  });
});
