// The one way this folder imports graphql-js values (types may come from 'graphql' directly: they are erased).
// `graphql` 16 has no "exports" map: Node loads its CommonJS entry (as Pothos, Yoga and graphql-ws do), while
// Vite-based tools (vitest) pick its ESM build through the "module" field. Two copies fail at runtime ("from
// another module or realm") or, worse, make `instanceof GraphQLError` checks miss. Naming the CommonJS entry
// keeps exactly one copy under every loader.
export {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  getIntrospectionQuery,
  getNamedType,
  isCompositeType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isRequiredArgument,
  isUnionType,
  lexicographicSortSchema,
  printSchema,
  validate,
} from 'graphql/index.js';
