import { describe, expect, it } from 'vitest';
import { MAX_MATCH_TERMS, ftsMatchExpression } from './ftsMatch.js';

describe('ftsMatchExpression', () => {
  it('given words and operators, then every run of letters or digits becomes one quoted term', () => {
    expect(ftsMatchExpression('email NEAR( "phone" *')).toBe('"email" "NEAR" "phone"');
    expect(ftsMatchExpression("'); DROP TABLE memories; --")).toBe('"DROP" "TABLE" "memories"');
    expect(ftsMatchExpression('café 42')).toBe('"café" "42"');
  });

  it('given nothing searchable, then null; given too many words, then the first MAX_MATCH_TERMS', () => {
    for (const text of ['', '"', '*', '^(-)', '   ']) expect(ftsMatchExpression(text)).toBeNull();
    expect(ftsMatchExpression('w '.repeat(40))?.split(' ')).toHaveLength(MAX_MATCH_TERMS);
  });
});
