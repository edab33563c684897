import { GraphQLError, Kind } from '../graphqlJs.js';
import type { ValueNode } from 'graphql';
import type { JsonValue } from '../../domain/index.js';
import { builder } from '../builder.js';

/**
 * Any JSON value. Inputs are taken as given; the ledger refuses what is not plain JSON (e.g. a literal `1e400`,
 * which is Infinity) with a typed NON_JSON_VALUE error, so the rule lives in one place.
 */
export const JsonScalar = builder.scalarType('JSON', {
  description: 'Any JSON value (object, array, string, number, boolean or null).',
  serialize: (value) => value,
  parseValue: (value) => value as JsonValue,
  parseLiteral: (node, variables) => literalToJson(node, variables ?? {}),
});

function literalToJson(node: ValueNode, variables: Readonly<Record<string, unknown>>): JsonValue {
  switch (node.kind) {
    case Kind.NULL:
      return null;
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.LIST:
      return node.values.map((item) => literalToJson(item, variables));
    case Kind.OBJECT:
      return Object.fromEntries(
        node.fields.map((field) => [field.name.value, literalToJson(field.value, variables)]),
      );
    case Kind.VARIABLE:
      return (variables[node.name.value] ?? null) as JsonValue;
    default:
      throw new GraphQLError('not a JSON value', { nodes: [node] });
  }
}
