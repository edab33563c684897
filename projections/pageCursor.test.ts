import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../ledger/testing/errorCodeOf.js';
import { decodeCursor, encodeCursor, resolvePage } from './pageCursor.js';

describe('page cursors', () => {
  it('given a cursor, then it decodes to its position for its own listing only', () => {
    for (const position of [0, 1, 42, Number.MAX_SAFE_INTEGER]) {
      expect(decodeCursor('run', encodeCursor('run', position))).toBe(position);
    }
    expect(encodeCursor('run', 7)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(errorCodeOf(() => decodeCursor('audit', encodeCursor('run', 7)))).toBe('INVALID_CURSOR');
  });

  it('given anything but a cursor, then INVALID_CURSOR', () => {
    const forged = (text: string) => Buffer.from(text).toString('base64url');
    for (const cursor of [
      '',
      '%%%',
      forged('run:'),
      forged('run:-1'),
      forged('run:01'),
      forged('run:1e3'),
      forged('run:99999999999999999'),
      'x'.repeat(100),
    ]) {
      expect({ cursor, code: errorCodeOf(() => decodeCursor('run', cursor)) }).toEqual({
        cursor,
        code: 'INVALID_CURSOR',
      });
    }
  });

  it('given a page size outside 0..1000, then INVALID_PAGE', () => {
    expect(resolvePage('run', { first: 0 })).toEqual({ first: 0, after: null });
    for (const first of [-1, 1001, 2.5, Number.NaN]) {
      expect(errorCodeOf(() => resolvePage('run', { first }))).toBe('INVALID_PAGE');
    }
  });
});
