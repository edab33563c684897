import { describe, expect, it } from 'vitest';
import type { GraphQLScalarType } from 'graphql';
import { Kind } from '../graphqlJs.js';
import { schema } from '../schema.js';

const position = schema.getType('Position') as GraphQLScalarType;

describe('Position scalar', () => {
  it('given positions past 2^31 (where GraphQL Int stops), then they serialize and parse as exact numbers', () => {
    const big = 2 ** 40 + 3;
    expect(position.serialize(big)).toBe(big);
    expect(position.parseValue(big)).toBe(big);
    expect(position.parseLiteral({ kind: Kind.INT, value: String(big) }, {})).toBe(big);
    expect(position.serialize(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('when a value is negative, fractional, unsafe, a string or not an integer literal, then BAD_USER_INPUT', () => {
    for (const bad of [-1, 1.5, 2 ** 53, '7', null])
      expect(() => position.parseValue(bad)).toThrow(/Position is an integer/);
    expect(() => position.parseLiteral({ kind: Kind.INT, value: '9007199254740993' }, {})).toThrow(
      /Position is an integer/,
    );
    expect(() => position.parseLiteral({ kind: Kind.STRING, value: '7' }, {})).toThrow(/integer literal/);
  });
});
