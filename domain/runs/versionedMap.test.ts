import { describe, expect, it } from 'vitest';
import { VersionedMap } from './versionedMap.js';

describe('VersionedMap', () => {
  it('given a version, when a later version sets keys, then the earlier one still answers as it did', () => {
    const empty = VersionedMap.empty<string, number>();
    const one = empty.set('a', 1);
    const two = one.set('b', 2).set('a', 3);
    expect([empty.get('a'), one.get('a'), two.get('a')]).toEqual([undefined, 1, 3]);
    expect([empty.size, one.size, two.size]).toEqual([0, 1, 2]);
    expect(one.toJSON()).toEqual([['a', 1]]);
    expect(two.toJSON()).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
    expect(one.has('b')).toBe(false);
  });

  it('given an older version, when it is set (a branch), then both lineages keep their own values', () => {
    const base = VersionedMap.empty<string, number>().set('a', 1);
    const main = base.set('a', 2);
    const branch = base.set('a', 10).set('c', 3);
    expect(main.toJSON()).toEqual([['a', 2]]);
    expect(branch.toJSON()).toEqual([
      ['a', 10],
      ['c', 3],
    ]);
    expect(main.set('d', 4).get('c')).toBeUndefined();
    expect(base.toJSON()).toEqual([['a', 1]]);
  });

  it('given a key, when it is deleted, then the new version lacks it and the older one keeps it', () => {
    const one = VersionedMap.empty<string, number>().set('a', 1).set('b', 2);
    const two = one.delete('a');
    expect(two.toJSON()).toEqual([['b', 2]]);
    expect([one.size, two.size]).toEqual([2, 1]);
    expect(one.get('a')).toBe(1);
    expect(two.delete('zz')).toBe(two);
    expect(two.set('a', 3).toJSON()).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
  });

  it('given a missing key, when it is updated, then the same version comes back', () => {
    const map = VersionedMap.empty<string, number>().set('a', 1);
    expect(map.update('z', (value) => value + 1)).toBe(map);
    expect(map.update('a', (value) => value + 1).get('a')).toBe(2);
  });

  it('agrees with a plain Map over a long random history, at every version', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const reference = new Map<number, number>();
    const snapshots: [VersionedMap<number, number>, [number, number][]][] = [];
    let map = VersionedMap.empty<number, number>();
    for (let step = 0; step < 2_000; step++) {
      const key = next() % 300;
      if (next() % 4 === 0) {
        map = map.delete(key);
        reference.delete(key);
      } else {
        map = map.set(key, step);
        reference.set(key, step);
      }
      expect(map.size).toBe(reference.size);
      if (step % 97 === 0) snapshots.push([map, [...reference.entries()]]);
    }
    for (const [version, expected] of snapshots) expect(version.toJSON()).toEqual(expected);
  });
});
