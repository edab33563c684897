import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { CallToolResultSchema, ErrorCode, McpError as SdkMcpError } from '@modelcontextprotocol/sdk/types.js';
import type {
  JsonObject,
  JsonValue,
  McpConnector,
  McpEndpoint,
  McpToolDefinition,
} from '../../domain/index.js';
import { McpError } from '../../domain/index.js';
import { canonicalJson, redactConnectionString } from '../../ledger/index.js';
import { openMcpTransport } from './mcpTransportFactory.js';

export interface McpClientPoolOptions {
  /** Called with a server's whole tool list after it announced a change (`notifications/tools/list_changed`). */
  readonly onToolsChanged?: (endpoint: McpEndpoint, tools: McpToolDefinition[]) => void;
}

interface Connection {
  readonly transportKey: string;
  readonly ready: Promise<Client>;
  tools: Map<string, McpToolDefinition> | null;
}

/**
 * One SDK client per registered server (tenant and name) in this process, connected on first use. A client whose
 * transport closed (the server's process died, the HTTP session ended) is dropped, so the next use connects (and,
 * for stdio, spawns) again; a registration with another transport replaces the client.
 */
export class McpClientPool implements McpConnector {
  readonly #connections = new Map<string, Connection>();
  readonly #options: McpClientPoolOptions;

  constructor(options: McpClientPoolOptions = {}) {
    this.#options = options;
  }

  /** Lists the server's tools afresh (every page). Throws `MCP_SERVER_UNREACHABLE`, `MCP_TOKEN_UNREADABLE`. */
  async listTools(endpoint: McpEndpoint): Promise<McpToolDefinition[]> {
    const connection = this.#connection(endpoint);
    try {
      return [...(await this.#relist(connection, await connection.ready, endpoint)).values()];
    } catch (error) {
      throw unreachable(endpoint, error);
    }
  }

  /** The tools as last listed (listing them on first use), by MCP name. */
  async currentTools(endpoint: McpEndpoint): Promise<ReadonlyMap<string, McpToolDefinition>> {
    const connection = this.#connection(endpoint);
    try {
      const client = await connection.ready;
      return connection.tools ?? (await this.#relist(connection, client, endpoint));
    } catch (error) {
      throw unreachable(endpoint, error);
    }
  }

  /**
   * Calls a tool. `signal` aborts it (the SDK sends `notifications/cancelled`); `timeoutMs` bounds it. A connection
   * that closes during the call is `MCP_SERVER_EXITED`; other failures are the SDK's errors, as thrown.
   */
  async callTool(
    endpoint: McpEndpoint,
    mcpName: string,
    args: JsonValue,
    options: { readonly signal: AbortSignal; readonly timeoutMs: number },
  ): Promise<CallToolResult> {
    const client = await this.#connection(endpoint).ready.catch((error: unknown) => {
      throw unreachable(endpoint, error);
    });
    try {
      return (await client.callTool(
        { name: mcpName, arguments: args as Record<string, unknown> },
        CallToolResultSchema,
        { signal: options.signal, timeout: options.timeoutMs },
      )) as CallToolResult;
    } catch (error) {
      if (error instanceof SdkMcpError && error.code === Number(ErrorCode.ConnectionClosed))
        throw new McpError(
          'MCP_SERVER_EXITED',
          `MCP server ${endpoint.name} went away during the call to ${mcpName}; the next call reconnects`,
          { server: endpoint.name, mcpName },
        );
      throw error;
    }
  }

  /** Closes every client (stdio servers are stopped). */
  async close(): Promise<void> {
    const connections = [...this.#connections.values()];
    this.#connections.clear();
    await Promise.all(
      connections.map((connection) =>
        connection.ready.then((client) => client.close()).catch(() => undefined),
      ),
    );
  }

  #connection(endpoint: McpEndpoint): Connection {
    const key = `${endpoint.tenant}\u0000${endpoint.name}`;
    // Canonical: a descriptor read back from the ledger has its members in another order than the one registered.
    const transportKey = canonicalJson(endpoint.transport);
    const known = this.#connections.get(key);
    if (known !== undefined && known.transportKey === transportKey) return known;
    if (known !== undefined) void known.ready.then((client) => client.close()).catch(() => undefined);
    const connection: Connection = { transportKey, ready: this.#connect(key, endpoint), tools: null };
    this.#connections.set(key, connection);
    // A failed connection is forgotten at once: the next use tries again.
    connection.ready.catch(() => this.#forget(key, connection));
    return connection;
  }

  async #connect(key: string, endpoint: McpEndpoint): Promise<Client> {
    const transport = await openMcpTransport(endpoint.transport);
    const client: Client = new Client(
      { name: 'mir', version: '1' },
      {
        listChanged: {
          tools: {
            autoRefresh: false,
            debounceMs: 0,
            onChanged: () => void this.#onListChanged(key, client, endpoint),
          },
        },
      },
    );
    client.onclose = () => this.#forget(key);
    await client.connect(transport, { timeout: endpoint.timeoutMs });
    return client;
  }

  async #onListChanged(key: string, client: Client, endpoint: McpEndpoint): Promise<void> {
    const connection = this.#connections.get(key);
    if (connection === undefined) return;
    try {
      const tools = await this.#relist(connection, client, endpoint);
      this.#options.onToolsChanged?.(endpoint, [...tools.values()]);
    } catch {
      // The next call lists the tools again before it runs (the list is unknown until then).
      connection.tools = null;
    }
  }

  async #relist(
    connection: Connection,
    client: Client,
    endpoint: McpEndpoint,
  ): Promise<Map<string, McpToolDefinition>> {
    const tools = new Map<string, McpToolDefinition>();
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor === undefined ? {} : { cursor }, {
        timeout: endpoint.timeoutMs,
      });
      for (const tool of page.tools) tools.set(tool.name, toDefinition(tool));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    connection.tools = tools;
    return tools;
  }

  #forget(key: string, connection?: Connection): void {
    if (connection === undefined || this.#connections.get(key) === connection) this.#connections.delete(key);
  }
}

/** The parts of a listed tool MIR digests and imports (`title`, `icons`, `_meta`… are presentation). */
function toDefinition(tool: Tool): McpToolDefinition {
  return {
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    inputSchema: tool.inputSchema as JsonObject,
    ...(tool.outputSchema === undefined ? {} : { outputSchema: tool.outputSchema as JsonObject }),
    ...(tool.annotations === undefined ? {} : { annotations: tool.annotations }),
  };
}

function unreachable(endpoint: McpEndpoint, error: unknown): McpError {
  if (error instanceof McpError) return error;
  const reason = redactConnectionString(error instanceof Error ? error.message : String(error));
  return new McpError('MCP_SERVER_UNREACHABLE', `MCP server ${endpoint.name} cannot be reached: ${reason}`, {
    server: endpoint.name,
    reason,
  });
}
