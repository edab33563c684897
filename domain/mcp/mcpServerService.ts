import { CommandHandler } from '../commands/commandHandler.js';
import { wholeStreamSource } from '../commands/wholeStreamSource.js';
import type { RecordedEvent } from '../events/eventEnvelope.js';
import { LogFollower } from '../events/logFollower.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { KillSwitch } from '../tenants/killSwitchPort.js';
import { haltedAttempt, NO_KILL_SWITCH } from '../tenants/killSwitchPort.js';
import { SYSTEM_TENANT } from '../tenants/tenantScopedNames.js';
import type { Digester } from '../toolCalls/ports.js';
import type { SchemaValidator } from '../tools/schemaValidator.js';
import { normalizeToolRegistration } from '../tools/toolDefinition.js';
import type { RegisteredTool } from '../tools/toolEvents.js';
import type { ToolRegistrationOrigin, ToolRegistry } from '../tools/toolRegistry.js';
import type { McpConnector, McpEndpoint } from './mcpConnector.js';
import { evolveMcpServer, MCP_EVENT_TYPES, MCP_STREAM_PREFIX, mcpServerStream } from './mcpEvents.js';
import type {
  McpServer,
  McpServerRegisteredData,
  McpToolDefinition,
  McpToolsChangedData,
} from './mcpEvents.js';
import { normalizeMcpRegistration } from './mcpRegistration.js';
import type { McpServerRegistration } from './mcpRegistration.js';
import { decideMcpRegistration, decideToolsObserved, foldMcpServer } from './mcpServerDecider.js';
import { mcpToolDigest, mcpToolListDigest, planMcpImport } from './mcpToolImport.js';

export interface McpServerServiceDependencies {
  readonly log: EventLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The one tool registry: imported tools are registered there like any tool. */
  readonly tools: Pick<ToolRegistry, 'register'>;
  readonly schemas: SchemaValidator;
  readonly digester: Digester;
  readonly connector: McpConnector;
  readonly killSwitch?: KillSwitch;
}

export interface McpRegistrationResult {
  readonly server: McpServer;
  /** The imported tool versions, as registered (or found registered). */
  readonly tools: readonly RegisteredTool[];
  /** True when this exact registration was the latest and nothing changed since: nothing new was recorded. */
  readonly alreadyRegistered: boolean;
}

/** Who MIR records as noticing a change of a server's tools. */
const WATCHER = { kind: 'system', id: 'mir-mcp-client' } as const;

/**
 * MCP servers registered per tenant, on `mcp-<tenant>:<name>` streams: `McpServerRegistered` (what an admin
 * approved) and `McpToolsChanged` (what the server lists now differs). The ledger is its only state: the index
 * follows the log, so registrations and changes recorded by other processes are seen too.
 */
export class McpServerService {
  readonly #deps: McpServerServiceDependencies;
  readonly #handler: CommandHandler;
  readonly #servers = new Map<string, McpServer>();
  readonly #follower: LogFollower;

  constructor(deps: McpServerServiceDependencies) {
    this.#deps = deps;
    this.#handler = new CommandHandler(deps.log, deps.clock, deps.ids);
    this.#follower = new LogFollower(
      deps.log,
      { streamPrefixes: [MCP_STREAM_PREFIX], types: [...MCP_EVENT_TYPES] },
      (event) => this.#index(event),
    );
  }

  /**
   * Connects to the server, lists its tools, imports each as `mcp.<server>.<tool>` in the tool registry and
   * records `McpServerRegistered`. Throws, with nothing recorded: `TENANT_HALTED` (recorded by the kill switch),
   * `MCP_SERVER_INVALID`, `MCP_SERVER_UNREACHABLE`, `MCP_TOKEN_UNREADABLE`, `MCP_TOOL_NAME_COLLISION`,
   * `MCP_TOOL_UNSUPPORTED`, `TOOL_INVALID` (a schema MIR's validator refuses, bad risk tags),
   * `TOOL_VERSION_CONFLICT`, `TOOL_NAME_RESERVED`, `CONCURRENCY_EXHAUSTED`.
   */
  async register(
    registration: McpServerRegistration,
    origin: ToolRegistrationOrigin,
  ): Promise<McpRegistrationResult> {
    await (this.#deps.killSwitch ?? NO_KILL_SWITCH).assertActive(
      origin.tenant,
      haltedAttempt('RegisterMcpServer', registration.name, origin),
    );
    const normalized = normalizeMcpRegistration(registration);
    const listed = await this.#deps.connector.listTools({ tenant: origin.tenant, ...normalized });
    const plan = planMcpImport(normalized, listed, this.#deps.digester);
    // Every definition is checked before any is registered: a refused tool leaves no orphan versions behind.
    for (const tool of plan.registrations) normalizeToolRegistration(tool, this.#deps.schemas);
    const tools: RegisteredTool[] = [];
    for (const tool of plan.registrations) tools.push((await this.#deps.tools.register(tool, origin)).tool);
    const data: McpServerRegisteredData = { ...normalized, tools: plan.tools, toolsDigest: plan.toolsDigest };
    const stream = mcpServerStream(origin.tenant, normalized.name);
    const outcome = await this.#handler.handle(wholeStreamSource(this.#deps.log, stream, foldMcpServer), {
      stream,
      origin,
      decide: (current: McpServer | null) => {
        const event = decideMcpRegistration(current, data);
        return { events: event === null ? [] : [event], value: current };
      },
    });
    await this.refresh();
    const server = this.#servers.get(key(origin.tenant, normalized.name))!;
    return { server, tools, alreadyRegistered: outcome.events.length === 0 };
  }

  /**
   * Compares what the server lists now with its registration; records `McpToolsChanged` when the difference is
   * new (see `decideToolsObserved`). Returns the server as it stands after (null: not registered).
   */
  async observe(
    tenant: string,
    name: string,
    listed: readonly McpToolDefinition[],
  ): Promise<McpServer | null> {
    const digests = new Map(listed.map((tool) => [tool.name, mcpToolDigest(this.#deps.digester, tool)]));
    const toolsDigest = mcpToolListDigest(this.#deps.digester, digests);
    const stream = mcpServerStream(tenant, name);
    await this.#handler.handle(wholeStreamSource(this.#deps.log, stream, foldMcpServer), {
      stream,
      origin: { actor: WATCHER, tenant },
      decide: (current: McpServer | null) => {
        const event = decideToolsObserved(current, digests, toolsDigest);
        return { events: event === null ? [] : [event], value: null };
      },
    });
    await this.refresh();
    return this.#servers.get(key(tenant, name)) ?? null;
  }

  /** The server `name` of `tenant`, as the ledger holds it now; null when never registered. */
  async find(tenant: string, name: string): Promise<McpServer | null> {
    await this.refresh();
    return this.#servers.get(key(tenant, name)) ?? null;
  }

  /** `tenant`'s servers, by name. */
  async list(tenant: string): Promise<McpServer[]> {
    await this.refresh();
    return [...this.#servers.values()]
      .filter((server) => (server.tenant ?? SYSTEM_TENANT) === tenant)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** How the connector reaches a registered server. */
  endpointOf(server: McpServer): McpEndpoint {
    const { name, transport, timeoutMs } = server;
    return { tenant: server.tenant ?? SYSTEM_TENANT, name, transport, timeoutMs };
  }

  refresh(): Promise<void> {
    return this.#follower.catchUp();
  }

  #index(event: RecordedEvent): void {
    const name = (event.data as unknown as McpServerRegisteredData | McpToolsChangedData).name;
    const at = key(event.meta.tenant, name);
    const next = evolveMcpServer(this.#servers.get(at) ?? null, event);
    if (next !== null) this.#servers.set(at, next);
  }
}

function key(tenant: string, name: string): string {
  return `${tenant}\u0000${name}`;
}
