import type { Server } from 'node:http';
import type { GraphqlDeps } from './graphqlDeps.js';
import { createYogaServer } from './server/createYogaServer.js';
import type { MirYoga } from './server/createYogaServer.js';
import { attachWebSocket } from './server/webSocketHandler.js';

export interface GraphqlApi {
  /** The HTTP handler (`/graphql`: queries, mutations, SSE subscriptions, GraphiQL when enabled). Use it as a
   * `node:http` request listener, or call `yoga.fetch` in-process. */
  readonly yoga: MirYoga;
  /** Serves graphql-ws subscriptions (and operations) on `server` at `path` (default `/graphql`). */
  handleWebSocket(server: Server, path?: string): { close(): Promise<void> };
}

/** The GraphQL API over the given runtime: one schema, HTTP + SSE through Yoga, WebSocket through graphql-ws. */
export function createGraphqlApi(deps: GraphqlDeps): GraphqlApi {
  const yoga = createYogaServer(deps);
  return {
    yoga,
    handleWebSocket: (server, path) => attachWebSocket(yoga, deps, server, path),
  };
}
