import { GraphQLError, Kind } from '../graphqlJs.js';
import { builder } from '../builder.js';

/**
 * A ledger position, tree size or event count: a non-negative integer up to 2^53 − 1, sent as a JSON number.
 * GraphQL's `Int` stops at 2^31 − 1, which a long-lived ledger passes; this scalar does not.
 */
export const PositionScalar = builder.scalarType('Position', {
  description: 'A ledger position, tree size or event count: an integer from 0 to 2^53 − 1 (a JSON number).',
  serialize: (value) => checked(value),
  parseValue: (value) => checked(value),
  parseLiteral: (node) => {
    if (node.kind !== Kind.INT) throw new GraphQLError('a Position is an integer literal', { nodes: [node] });
    return checked(Number(node.value));
  },
});

function checked(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new GraphQLError(`a Position is an integer from 0 to ${Number.MAX_SAFE_INTEGER}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value;
}
