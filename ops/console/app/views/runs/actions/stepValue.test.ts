import { describe, expect, it } from 'vitest';
import { stepValue } from './stepValue.js';

describe('stepValue', () => {
  it('given a whole number within the run, then that step', () => {
    expect(stepValue('0', 0, 4)).toBe(0);
    expect(stepValue(' 4 ', 0, 4)).toBe(4);
  });

  it('given an empty field, then no step (never step 0)', () => {
    expect(stepValue('', 0, 4)).toBeNull();
    expect(stepValue('  ', 0, 4)).toBeNull();
  });

  it('given a fraction, a sign, an exponent or a step past the run, then no step', () => {
    for (const text of ['1.5', '-1', '+1', '1e1', '5', 'two', '9007199254740993'])
      expect(stepValue(text, 0, 4)).toBeNull();
  });
});
