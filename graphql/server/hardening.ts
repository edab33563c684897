import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { unauthenticatedError } from '../access/accessErrors.js';
import { NoSchemaIntrospectionCustomRule, validate } from '../graphqlJs.js';
import { schema } from '../schema.js';
import type { DocumentNode, GraphQLError, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphqlConfig } from '../graphqlDeps.js';

/**
 * Query limits, tuned so that ordinary Relay queries (connection → edges → node → nested connection → …) pass
 * while bombs do not. Relay nesting costs three levels per connection, hence a depth of 12 rather than the usual 6.
 */
export const QUERY_LIMITS = {
  maxDepth: 12,
  maxAliases: 15,
  maxCost: 5000,
  /** Armor weighs each level by this factor to the power of its depth (its default 1.5 is tuned for depth 6). */
  depthCostFactor: 1.2,
  maxTokens: 2000,
  maxDirectives: 20,
} as const;

/**
 * Armor's validation rules throw by default, which Yoga answers as a 200 with an untyped error; reporting instead
 * makes a rejection an ordinary validation error (400, GRAPHQL_VALIDATION_FAILED), like any other invalid query.
 */
const REPORT_AS_VALIDATION_ERROR = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

/** graphql-armor (depth, aliases, cost, tokens, directives); suggestions are `useNoSuggestions`' job. */
export function useQueryLimits(): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: {
      n: QUERY_LIMITS.maxDepth,
      ignoreIntrospection: true,
      flattenFragments: true,
      ...REPORT_AS_VALIDATION_ERROR,
    },
    // Armor lets `__typename` aliases through by default: each is still one more field to answer.
    maxAliases: { n: QUERY_LIMITS.maxAliases, allowList: [], ...REPORT_AS_VALIDATION_ERROR },
    costLimit: {
      maxCost: QUERY_LIMITS.maxCost,
      depthCostFactor: QUERY_LIMITS.depthCostFactor,
      ignoreIntrospection: true,
      ...REPORT_AS_VALIDATION_ERROR,
    },
    maxTokens: { n: QUERY_LIMITS.maxTokens },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives, ...REPORT_AS_VALIDATION_ERROR },
    // Armor masks field suggestions only; `useNoSuggestions` masks every kind.
    blockFieldSuggestion: { enabled: false },
  });
}

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * No "Did you mean …?" outside development: not for fields, arguments, types nor enum values, whether the
 * misspelling is in the query (validation) or in a variable (coercion, reported by execution). Suggestions would
 * let a caller without introspection map the schema.
 */
export function useNoSuggestions(config: GraphqlConfig): Plugin {
  if (config.development) return {};
  const strip = (errors: readonly unknown[]) => {
    for (const error of errors)
      if (error instanceof Error) error.message = error.message.replace(SUGGESTION, '');
  };
  return {
    onValidate:
      () =>
      ({ result }) =>
        strip(result),
    onExecute: () => ({
      onExecuteDone: ({ result }) => {
        const errors: unknown = 'errors' in result ? result.errors : undefined;
        if (Array.isArray(errors)) strip(errors);
      },
    }),
  };
}

/** Browsers cannot send a custom header cross-site without a preflight: require one on "simple" requests. */
export function useCsrfPrevention(): Plugin {
  return useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] });
}

/**
 * Introspection only where someone needs it (development, or GraphiQL enabled), and there only to a caller with a
 * valid key: GraphiQL sends the key it is given, and nobody without one learns the schema (UNAUTHENTICATED, 401).
 */
export function useIntrospectionPolicy(config: GraphqlConfig): Plugin {
  const allowed = config.development || config.graphiql;
  return {
    onValidate({ addValidationRule }) {
      if (!allowed) addValidationRule(NoSchemaIntrospectionCustomRule);
    },
    onExecute({ args, setResultAndStopExecution }) {
      // Validation runs before the caller is authenticated (the context is built after it), hence here.
      const context = args.contextValue;
      if (!allowed || ('principal' in context && context.principal !== null)) return;
      if (validate(schema, args.document as DocumentNode, [NoSchemaIntrospectionCustomRule]).length > 0)
        setResultAndStopExecution({ errors: [unauthenticatedError()] });
    },
  };
}
