import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga } from 'graphql-yoga';
import type { Plugin, YogaServerInstance } from 'graphql-yoga';
import { createGraphqlContext } from '../context.js';
import type { GraphqlContext } from '../context.js';
import type { GraphqlDeps } from '../graphqlDeps.js';
import { schema } from '../schema.js';
import { corsOptions } from './corsOptions.js';
import { useCsrfPrevention, useIntrospectionPolicy, useQueryLimits } from './hardening.js';
import { maskError } from './maskError.js';
import { useRequestMetrics } from './requestMetrics.js';

/** What a WebSocket operation adds to Yoga's initial context: the `connection_init` payload. */
export interface WebSocketServerContext {
  readonly connectionParams?: Readonly<Record<string, unknown>>;
}

export type MirYoga = YogaServerInstance<WebSocketServerContext, GraphqlContext>;

export const GRAPHQL_PATH = '/graphql';

/** HTTP: the Authorization header. WebSocket: `connectionParams.authorization` (browsers cannot set headers). */
function authorizationOf(initial: {
  request?: Request;
  connectionParams?: Readonly<Record<string, unknown>>;
}) {
  const fromParams = initial.connectionParams?.authorization;
  if (typeof fromParams === 'string') return fromParams;
  return initial.request?.headers.get('authorization') ?? null;
}

/**
 * The Yoga server with every default that matters set explicitly: CORS, body limit, masked errors, query limits,
 * CSRF prevention, no batching, no multipart, GraphiQL only when enabled and then served offline.
 */
export function createYogaServer(deps: GraphqlDeps): MirYoga {
  const { config } = deps;
  const plugins: Plugin[] = [
    useCsrfPrevention(),
    useQueryLimits(config),
    useIntrospectionPolicy(config),
    ...(deps.registry === undefined ? [] : [useRequestMetrics(deps.registry)]),
  ];
  return createYoga<WebSocketServerContext, GraphqlContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    context: (initial) => createGraphqlContext(deps, authorizationOf(initial)),
    cors: corsOptions(config.corsOrigins),
    maxRequestBodySize: config.maxRequestBytes,
    multipart: false,
    batching: false,
    maskedErrors: { maskError, isDev: config.development },
    landingPage: false,
    logging: config.development ? 'info' : 'warn',
    ...(config.graphiql
      ? { graphiql: { title: 'MIR', headers: '{ "Authorization": "Bearer " }' }, renderGraphiQL }
      : { graphiql: false }),
    plugins,
  });
}
