import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphqlApi } from '../createGraphqlApi.js';

export interface ListeningApi {
  readonly server: Server;
  /** e.g. `http://127.0.0.1:43123/graphql` */
  readonly url: string;
  readonly wsUrl: string;
  close(): Promise<void>;
}

/** The API on a real `node:http` server on 127.0.0.1 (an ephemeral port), with its WebSocket endpoint attached. */
export async function listen(api: GraphqlApi): Promise<ListeningApi> {
  const server = createServer((request, response) => void api.yoga(request, response));
  const ws = api.handleWebSocket(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    close: async () => {
      await ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
