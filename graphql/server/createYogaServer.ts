import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga } from 'graphql-yoga';
import type { Plugin, YogaServerInstance } from 'graphql-yoga';
import { createGraphqlContext } from '../context.js';
import type { GraphqlContext } from '../context.js';
import type { GraphqlDeps } from '../graphqlDeps.js';
import { schema } from '../schema.js';
import { corsOptions } from './corsOptions.js';
import { useCsrfPrevention, useIntrospectionPolicy, useNoSuggestions, useQueryLimits } from './hardening.js';
import { maskError } from './maskError.js';
import { useRequestBodyLimits } from './requestBodyLimits.js';
import { useRequestParseErrors } from './requestParseErrors.js';
import { useRequestMetrics } from './requestMetrics.js';
import { admitUpload, uploadBodyLimit } from './uploadAdmission.js';

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
 * The Yoga server with every default that matters set explicitly: CORS, body limits, masked errors, query limits,
 * CSRF prevention, no batching, GraphiQL only when enabled and then served offline. Multipart requests (model
 * uploads) are read only from callers who may upload, with their own size limit.
 */
export function createYogaServer(deps: GraphqlDeps): MirYoga {
  const { config } = deps;
  const plugins: Plugin[] = [
    useCsrfPrevention(),
    useQueryLimits(),
    useIntrospectionPolicy(config),
    useNoSuggestions(config),
    useRequestParseErrors(),
    ...(deps.registry === undefined ? [] : [useRequestMetrics(deps.registry)]),
    // Last: it wraps whichever request parser the plugins before it chose.
    useRequestBodyLimits({
      standard: config.maxRequestBytes,
      multipart: uploadBodyLimit(deps),
      admitUpload: (authorization) => admitUpload(deps, authorization),
    }),
  ];
  return createYoga<WebSocketServerContext, GraphqlContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    context: (initial) => createGraphqlContext(deps, authorizationOf(initial)),
    cors: corsOptions(config.corsOrigins),
    // `useRequestBodyLimits` is the body limit: `maxRequestBytes`, or the upload limit for multipart bodies.
    maxRequestBodySize: false,
    multipart: true,
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
