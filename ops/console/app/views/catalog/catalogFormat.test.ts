import { describe, expect, it } from 'vitest';
import { describeRateLimit, describeTensor, formatBytes } from './catalogFormat.js';

describe('describeTensor', () => {
  it('given sized and named dimensions, then each shows its size, else its name', () => {
    const tensor = {
      name: 'input',
      type: 'float32',
      shape: [
        { name: 'batch', size: null },
        { name: null, size: 8 },
      ],
    };
    expect(describeTensor(tensor)).toBe('input: float32[batch, 8]');
  });

  it('given a dimension with neither, then "?"; given no shape at all, then any rank', () => {
    expect(describeTensor({ name: 'x', type: 'int64', shape: [{ name: null, size: null }] })).toBe(
      'x: int64[?]',
    );
    expect(describeTensor({ name: 'y', type: 'string', shape: null })).toBe('y: string[any rank]');
  });
});

describe('formatBytes', () => {
  it('given sizes across units, then bytes stay exact and larger sizes get one decimal', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1_536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
  });
});

describe('describeRateLimit', () => {
  it('given a limit, then calls per window; given none, then no limit', () => {
    expect(describeRateLimit({ calls: 5, perMs: 60_000 })).toBe('5 calls per 1m 00s');
    expect(describeRateLimit({ calls: 1, perMs: 1_000 })).toBe('1 call per 1s');
    expect(describeRateLimit(null)).toBe('no limit');
  });
});
