import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createGraphqlContext } from '../context.js';
import type { GraphqlContext } from '../context.js';
import { apiGraphqlError } from '../errors/toApiError.js';
import type { GraphqlDeps } from '../graphqlDeps.js';
import { createMcpServer } from './mcpServer.js';
import type { McpServerOptions } from './mcpServer.js';

/** JSON-RPC's "server error" range: the caller is nobody (no key, a malformed, unknown or revoked key). */
export const MCP_UNAUTHENTICATED = -32001;

const POST_ONLY = { allow: 'POST' } as const;

export type McpHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * MIR as an MCP server (Streamable HTTP) at `/mcp`, **stateless**: every POST is authenticated on its own
 * (`Authorization: Bearer <API key>`, the same check as GraphQL's, so a revoked key stops at its next request)
 * and served by a fresh MCP server and transport that end with the request. No session lives in a node's memory,
 * so several MIR nodes behind a load balancer serve one MCP client alike, and a node that restarts loses nothing.
 * Hence no server-initiated stream: GET and DELETE (SSE stream, session end) answer 405, and answers are plain
 * JSON (`enableJsonResponse`).
 *
 * Refusals before MCP is spoken: 401 with a JSON-RPC error for a caller that is nobody (nothing recorded: metrics
 * count it, as GraphQL's); the transport answers 413 for a body over `config.maxRequestBytes` (the GraphQL body
 * limit), 400 for malformed JSON or JSON-RPC, 406/415 for wrong Accept or Content-Type; 503 while the ledger the
 * keys are read from is away.
 */
export function createMcpHandler(deps: GraphqlDeps, options: McpServerOptions): McpHandler {
  return async (request, response) => {
    if (request.method !== 'POST')
      return rpcError(
        response,
        405,
        -32000,
        'Method not allowed: this stateless endpoint answers POST only',
        POST_ONLY,
      );
    const context = await authenticated(deps, request, response);
    if (context === null) return;
    if (context.principal === null)
      return rpcError(
        response,
        401,
        MCP_UNAUTHENTICATED,
        'authentication required: send "Authorization: Bearer <API key>"',
        { 'www-authenticate': 'Bearer realm="mir"' },
      );
    const server = createMcpServer(context, options);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
      maxRequestBodySize: deps.config.maxRequestBytes,
    });
    response.on('close', () => void server.close().catch(options.onInternalError));
    await server.connect(transport);
    await transport.handleRequest(request, response);
  };
}

/**
 * The caller's context, or null once an error answer was sent: authenticating reads the ledger, and a ledger that
 * is away is answered as GraphQL answers it (503 `LEDGER_UNAVAILABLE`: retry, perhaps on another node).
 */
async function authenticated(
  deps: GraphqlDeps,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<GraphqlContext | null> {
  try {
    return await createGraphqlContext(deps, request.headers.authorization ?? null);
  } catch (error) {
    const answer = apiGraphqlError(error);
    if (answer === null) throw error;
    const status = answer.extensions.http?.status ?? 500;
    rpcError(response, status, -32000, answer.message, {});
    return null;
  }
}

function rpcError(
  response: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Readonly<Record<string, string>>,
): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
