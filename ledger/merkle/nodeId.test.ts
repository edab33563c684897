import { describe, expect, it } from 'vitest';
import { prefixNodes } from '../portable/merkle/nodeId.js';

describe('prefixNodes', () => {
  it('given size 0, then there are no nodes', () => {
    expect(prefixNodes(0)).toEqual([]);
  });

  it('given size 13 (0b1101), then the perfect subtrees are 8, 4 and 1 leaves wide, left to right', () => {
    expect(prefixNodes(13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
  });

  it('given a size past 2^32, then pieces are contiguous and cover exactly [0, size)', () => {
    const size = 2 ** 45 + 2 ** 33 + 2 ** 32 + 7;
    let end = 0;
    for (const { level, index } of prefixNodes(size)) {
      expect(index * 2 ** level).toBe(end);
      end += 2 ** level;
    }
    expect(end).toBe(size);
    expect(prefixNodes(size).map((node) => node.level)).toEqual([45, 33, 32, 2, 1, 0]);
  });
});
