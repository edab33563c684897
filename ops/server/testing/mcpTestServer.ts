import type { Server } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createMcpHandler } from '../../../graphql/index.js';
import type { TestRuntime } from '../../../graphql/testing/testRuntime.js';
import { createHttpServer } from '../httpServer.js';
import { listen } from '../listen.js';
import { idleMetrics } from './pageOnlyServer.js';

export interface McpTestServer {
  readonly server: Server;
  /** e.g. `http://127.0.0.1:43123/mcp` */
  readonly mcpUrl: string;
  /** Errors the MCP endpoint answered "Unexpected error." for (a test expects none). */
  readonly internalErrors: unknown[];
  /** An MCP client (the SDK's own, Streamable HTTP) connected with `authorization` as its Authorization header. */
  connect(authorization: string): Promise<Client>;
  close(): Promise<void>;
}

/**
 * MIR's real HTTP server (`createHttpServer`) over a test runtime's API, /graphql and /mcp as `mir serve` mounts
 * them, listening on 127.0.0.1 (port 0).
 */
export async function serveMcp(rt: TestRuntime): Promise<McpTestServer> {
  const internalErrors: unknown[] = [];
  const server = createHttpServer({
    graphql: rt.api.yoga,
    mcp: createMcpHandler(rt.deps, { onInternalError: (error) => internalErrors.push(error) }),
    metrics: idleMetrics(),
    readiness: () => Promise.resolve({ ready: true, checks: {} }),
    verifyPageFile: '/nonexistent/verify.html',
    consoleDir: null,
  });
  const address = await listen(server, 0, '127.0.0.1');
  const mcpUrl = `http://127.0.0.1:${address.port}/mcp`;
  const clients: Client[] = [];
  return {
    server,
    mcpUrl,
    internalErrors,
    connect: async (authorization) => {
      const client = await connectMcp(mcpUrl, authorization);
      clients.push(client);
      return client;
    },
    close: async () => {
      await Promise.all(clients.map((client) => client.close()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The SDK's MCP client (Streamable HTTP) connected to `mcpUrl` with `authorization` as its Authorization header. */
export async function connectMcp(mcpUrl: string, authorization: string): Promise<Client> {
  const client = new Client({ name: 'mir-test-host', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers: { authorization } } }),
  );
  return client;
}
