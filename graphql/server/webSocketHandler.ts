import type { Server } from 'node:http';
import { GraphQLError } from '../graphqlJs.js';
import type { DocumentNode, ExecutionArgs, GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { SubscribePayload } from 'graphql-ws';
import { WebSocketServer } from 'ws';
import type { GraphqlDeps } from '../graphqlDeps.js';
import { GRAPHQL_PATH } from './createYogaServer.js';
import type { MirYoga } from './createYogaServer.js';

/** The enveloped execute/subscribe of one operation travel in `rootValue`, as in Yoga's graphql-ws recipe. */
interface EnvelopedRoot {
  execute(args: ExecutionArgs): unknown;
  subscribe(args: ExecutionArgs): unknown;
}

type Params = Readonly<Record<string, unknown>> | undefined;

const authorizationOf = (params: Params) =>
  typeof params?.authorization === 'string' ? params.authorization : null;

/**
 * graphql-ws over `ws` on `server` at `path`, sharing Yoga's schema and plugins (query limits, masking, context):
 * every operation goes through `yoga.getEnveloped`, so the WebSocket path is no softer than HTTP. The key comes in
 * `connectionParams.authorization`; a connection without a valid key is closed with 4403 before any operation,
 * and each operation authenticates again (a key revoked since connecting is refused from then on).
 */
export function attachWebSocket(
  yoga: MirYoga,
  deps: GraphqlDeps,
  server: Server,
  path: string = GRAPHQL_PATH,
): { close(): Promise<void> } {
  const wss = new WebSocketServer({ server, path, maxPayload: deps.config.maxRequestBytes });
  const disposable = useServer<Record<string, unknown>>(
    {
      isProd: !deps.config.development,
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as never,
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args) as never,
      onConnect: async (ctx) => (await deps.authenticate(authorizationOf(ctx.connectionParams))) !== null,
      onSubscribe: async (ctx, _id, payload) => prepareOperation(yoga, ctx.connectionParams, payload),
    },
    wss,
  );
  return { close: async () => disposable.dispose() };
}

async function prepareOperation(
  yoga: MirYoga,
  connectionParams: Params,
  payload: SubscribePayload,
): Promise<ExecutionArgs | readonly GraphQLError[]> {
  const enveloped = yoga.getEnveloped({
    params: payload,
    ...(connectionParams === undefined ? {} : { connectionParams }),
  });
  // Envelop types the schema, document and validation result loosely; these are what Yoga's pipeline produces.
  const schema = enveloped.schema as GraphQLSchema;
  let document: DocumentNode;
  try {
    document = enveloped.parse(payload.query) as DocumentNode;
  } catch (error) {
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
  const errors = enveloped.validate(schema, document) as readonly GraphQLError[];
  if (errors.length > 0) return errors;
  const root: EnvelopedRoot = { execute: enveloped.execute, subscribe: enveloped.subscribe };
  return {
    schema,
    document,
    operationName: payload.operationName ?? null,
    variableValues: payload.variables ?? null,
    contextValue: await enveloped.contextFactory(),
    rootValue: root,
  };
}
