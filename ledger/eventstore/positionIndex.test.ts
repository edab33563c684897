import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../domain/index.js';
import { comparePositions, PositionIndex } from './positionIndex.js';

const at = (commit: number, prepare = commit) => ({ commit: BigInt(commit), prepare: BigInt(prepare) });

describe('leaf index over $all positions', () => {
  it('given events added in $all order, then leaves are 0,1,2… and map both ways', () => {
    const index = new PositionIndex();
    expect(index.add(at(100), 'a')).toBe(0);
    expect(index.add(at(250, 200), 'b')).toBe(1);
    expect(index.add(at(250, 230), 'c')).toBe(2);
    expect(index.length).toBe(3);
    expect(index.positionAt(1)).toEqual(at(250, 200));
    expect(index.leafAt(at(250, 230))).toBe(2);
    expect(index.leafAt(at(100))).toBe(0);
    expect(index.leafOfId('b')).toBe(1);
  });

  it('given no leaf there, then lookups answer undefined', () => {
    const index = new PositionIndex();
    index.add(at(100), 'a');
    expect(index.positionAt(1)).toBeUndefined();
    expect(index.positionAt(-1)).toBeUndefined();
    expect(index.positionAt(0.5)).toBeUndefined();
    expect(index.leafAt(at(150))).toBeUndefined();
    expect(index.leafAt(at(100, 99))).toBeUndefined();
    expect(index.leafOfId('z')).toBeUndefined();
  });

  it('when a position is not after the last leaf, then STORAGE_CORRUPT and no gap or reorder is made', () => {
    const index = new PositionIndex();
    index.add(at(100), 'a');
    for (const position of [at(100), at(99), at(100, 50)]) {
      let caught: unknown;
      try {
        index.add(position, 'x');
      } catch (error) {
        caught = error;
      }
      expect(hasErrorCode(caught, 'STORAGE_CORRUPT')).toBe(true);
    }
    expect(index.length).toBe(1);
    expect(index.add(at(101), 'b')).toBe(1);
  });

  it('given more leaves than the initial capacity, then every one keeps its position', () => {
    const index = new PositionIndex();
    const count = 5000;
    for (let i = 0; i < count; i++) index.add(at(1000 + i * 7, 1000 + i * 7 - (i % 3)), `id-${i}`);
    expect(index.length).toBe(count);
    for (const leaf of [0, 1023, 1024, 2048, count - 1]) {
      const position = index.positionAt(leaf)!;
      expect(index.leafAt(position)).toBe(leaf);
      expect(index.leafOfId(`id-${leaf}`)).toBe(leaf);
    }
  });

  it('given the same id twice, then it keeps its first leaf', () => {
    const index = new PositionIndex();
    index.add(at(1), 'a');
    index.add(at(2), 'a');
    expect(index.leafOfId('a')).toBe(0);
    expect(index.length).toBe(2);
  });

  it('orders positions by commit, then prepare', () => {
    expect(comparePositions(at(1, 9), at(2, 1))).toBeLessThan(0);
    expect(comparePositions(at(2, 2), at(2, 1))).toBeGreaterThan(0);
    expect(comparePositions(at(2, 1), at(2, 1))).toBe(0);
  });
});
