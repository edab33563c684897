import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonicalJson.js';

/** A deterministic generator of awkward JSON values: unicode keys, escapes, extreme numbers, nesting. */
function randomJson(seed: number): unknown {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const strings = [
    '',
    'a',
    'é',
    '€',
    '😀',
    '\u0000',
    '\n\t"\\',
    '\u001f',
    '\u2028',
    'Ω≈ç',
    'b',
    'aa',
    'A',
    '\u007f',
    '</script>',
  ];
  const numbers = [
    0, -0, 1, -1, 1.5, 1e21, 1e-7, 123456789012345680000, 5e-324, 1.7976931348623157e308, 0.1,
    333333333.3333333,
  ];
  const value = (depth: number): unknown => {
    const pick = next();
    if (depth > 3 || pick < 0.3) return strings[Math.floor(next() * strings.length)];
    if (pick < 0.5) return numbers[Math.floor(next() * numbers.length)];
    if (pick < 0.6) return [true, false, null][Math.floor(next() * 3)];
    if (pick < 0.8) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
    return Object.fromEntries(
      Array.from({ length: Math.floor(next() * 5) }, () => [
        strings[Math.floor(next() * strings.length)]! + strings[Math.floor(next() * strings.length)]!,
        value(depth + 1),
      ]),
    );
  };
  return value(0);
}

describe('canonical JSON (RFC 8785)', () => {
  it('given the RFC 8785 example values, then numbers, escapes and member order match the specification', () => {
    // RFC 8785 §3.2.2 / appendix B number serialisation, and §3.2.3 UTF-16 key ordering.
    expect(
      // eslint-disable-next-line no-loss-of-precision -- the RFC's own example literal, rounded by the parser as intended
      canonicalJson({ numbers: [333333333.33333329, 1e30, 4.5, 2e-3, 0.000000000000000000000000001] }),
    ).toBe('{"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27]}');
    expect(canonicalJson({ string: '€$\u000f\nA\'B"\\\\"/' })).toBe(
      '{"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
    expect(
      canonicalJson({
        '\u20ac': 'Euro Sign',
        '\r': 'Carriage Return',
        '\ufb33': 'Hebrew Letter Dalet With Dagesh',
        '1': 'One',
        '\ud83d\ude00': 'Emoji: Grinning Face',
        '\u0080': 'Control',
        '\u00f6': 'Latin Small Letter O With Diaeresis',
      }),
    ).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    expect(canonicalJson({ literals: [null, true, false], zero: -0 })).toBe(
      '{"literals":[null,true,false],"zero":0}',
    );
  });

  it('given many random JSON values, then the output equals the reference implementation (canonicalize)', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const value = randomJson(seed);
      expect(canonicalJson(value)).toBe(canonicalize(value));
    }
  });

  it('when a value has no JSON form, then NON_JSON_VALUE names its path', () => {
    const cases: [unknown, string][] = [
      [{ a: [1, { b: Number.NaN }] }, '$.a[1].b'],
      [{ 'key with space': undefined }, '$.key with space'],
      [[0, 1, 2n], '$[2]'],
      [{ s: 'ok', t: '\udc00' }, '$.t'],
      [{ d: new Date(0) }, '$.d'],
      [{ m: Object.assign(Object.create({ inherited: true }) as object, { x: 1 }) }, '$.m'],
    ];
    for (const [value, path] of cases) {
      expect(() => canonicalJson(value)).toThrow(
        expect.objectContaining({
          code: 'NON_JSON_VALUE',
          details: expect.objectContaining({ path }) as unknown,
        }),
      );
    }
  });

  it('given an object without prototype or a repeated (non-cyclic) reference, then it encodes normally', () => {
    const shared = { x: 1 };
    const bare = Object.assign(Object.create(null) as object, { b: 2, a: 1 });
    expect(canonicalJson({ p: shared, q: shared, bare })).toBe(
      '{"bare":{"a":1,"b":2},"p":{"x":1},"q":{"x":1}}',
    );
  });
});
