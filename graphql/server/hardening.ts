import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { NoSchemaIntrospectionCustomRule } from '../graphqlJs.js';
import type { GraphQLError, ValidationContext } from 'graphql';
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

/** graphql-armor (depth, aliases, cost, tokens, directives, no field suggestions outside development). */
export function useQueryLimits(config: GraphqlConfig): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: {
      n: QUERY_LIMITS.maxDepth,
      ignoreIntrospection: true,
      flattenFragments: true,
      ...REPORT_AS_VALIDATION_ERROR,
    },
    maxAliases: { n: QUERY_LIMITS.maxAliases, ...REPORT_AS_VALIDATION_ERROR },
    costLimit: {
      maxCost: QUERY_LIMITS.maxCost,
      depthCostFactor: QUERY_LIMITS.depthCostFactor,
      ignoreIntrospection: true,
      ...REPORT_AS_VALIDATION_ERROR,
    },
    maxTokens: { n: QUERY_LIMITS.maxTokens },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives, ...REPORT_AS_VALIDATION_ERROR },
    blockFieldSuggestion: { enabled: !config.development },
  });
}

/** Browsers cannot send a custom header cross-site without a preflight: require one on "simple" requests. */
export function useCsrfPrevention(): Plugin {
  return useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] });
}

/** Introspection only where someone needs it (development, or GraphiQL enabled). */
export function useIntrospectionPolicy(config: GraphqlConfig): Plugin {
  const allowed = config.development || config.graphiql;
  return {
    onValidate({ addValidationRule }) {
      if (!allowed) addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}
