import type { GraphQLField, GraphQLNamedType, GraphQLSchema } from 'graphql';
import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  isRequiredArgument,
  isUnionType,
} from '../graphqlJs.js';

/**
 * A selection of every field of `typeName` that can be selected without arguments (optional arguments keep their
 * defaults), descending `depth` levels into object fields and naming every member of a union. Derived from the
 * schema, so a field added later is selected too.
 */
export function selectAll(schema: GraphQLSchema, typeName: string, depth = 2): string {
  const type = schema.getType(typeName);
  if (type === undefined) throw new Error(`no type ${typeName} in the schema`);
  return selectionOf(type, depth);
}

function selectionOf(type: GraphQLNamedType, depth: number): string {
  if (isObjectType(type) || isInterfaceType(type)) {
    const fields = Object.values(type.getFields()).flatMap((field) => fieldSelection(field, depth));
    return `{ __typename ${fields.join(' ')} }`;
  }
  if (isUnionType(type)) {
    const members = type.getTypes().map((member) => `... on ${member.name} ${selectionOf(member, depth)}`);
    return `{ __typename ${members.join(' ')} }`;
  }
  return '';
}

function fieldSelection(field: GraphQLField<unknown, unknown>, depth: number): string[] {
  if (field.args.some(isRequiredArgument)) return [];
  const named = getNamedType(field.type);
  if (!isCompositeType(named)) return [field.name];
  return depth > 0 ? [`${field.name} ${selectionOf(named, depth - 1)}`] : [];
}
