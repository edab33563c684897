import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { JsonObject } from '../events/json.js';
import { scopedStream, SYSTEM_TENANT } from '../tenants/tenantScopedNames.js';
import type { SideEffect } from '../tools/toolEvents.js';

export const MCP_STREAM_PREFIX = 'mcp-';

/** One stream per registered MCP server and tenant: `mcp-<tenant>:<name>` (see `scopedStream`). */
export function mcpServerStream(tenant: string, name: string): string {
  return scopedStream(MCP_STREAM_PREFIX, tenant, name);
}

/**
 * How MIR reaches the server, as recorded: never a secret. `env` names variables of MIR's own environment passed
 * to the child (their values are read at spawn time); `bearerTokenFile` is the path of an owner-only file read at
 * connect time.
 */
export type McpTransport =
  | {
      readonly stdio: {
        readonly command: string;
        readonly args: readonly string[];
        readonly cwd: string | null;
        readonly env: readonly string[];
      };
    }
  | { readonly url: string; readonly bearerTokenFile: string | null };

/** One of the server's tools as MIR imported it. */
export interface McpImportedTool {
  /** The tool's name on the server. */
  readonly mcpName: string;
  /** Its MIR tool name, `mcp.<server>.<mapped tool name>`. */
  readonly name: string;
  /** `d<first 12 hex of digest>`: the MIR tool version of this exact definition. */
  readonly version: string;
  /** `sha256:<hex>` of the definition's canonical JSON (see `mcpToolDigest`). */
  readonly digest: string;
  readonly sideEffect: SideEffect;
}

/** `McpServerRegistered` data: what an admin approved, the tools imported from it and the digest of the list. */
export interface McpServerRegisteredData {
  readonly name: string;
  readonly transport: McpTransport;
  /** The class of every tool the overrides do not name. */
  readonly sideEffect: SideEffect;
  /** By MCP tool name. */
  readonly sideEffectOverrides: { readonly [mcpName: string]: SideEffect };
  readonly riskTags: readonly string[];
  readonly timeoutMs: number;
  readonly tools: readonly McpImportedTool[];
  /** Digest of the whole list of tool definitions, as listed (see `mcpToolListDigest`). */
  readonly toolsDigest: string;
}

/** One tool whose definition differs from the registered one: changed (`currentDigest`), removed (null) or new. */
export interface McpToolChange {
  readonly mcpName: string;
  /** Null for a tool the registration did not import (added since). */
  readonly registeredDigest: string | null;
  /** Null for a tool the server no longer lists. */
  readonly currentDigest: string | null;
}

/** `McpToolsChanged` data: what the server lists now differs from what was registered. */
export interface McpToolsChangedData {
  readonly name: string;
  readonly changes: readonly McpToolChange[];
  readonly toolsDigest: string;
}

export type McpServerEvent =
  | { readonly type: 'McpServerRegistered'; readonly data: McpServerRegisteredData }
  | { readonly type: 'McpToolsChanged'; readonly data: McpToolsChangedData };

export const MCP_EVENT_TYPES = ['McpServerRegistered', 'McpToolsChanged'] as const;

/** A registered MCP server as the runtime refers to it: its latest registration and the changes seen since. */
export interface McpServer extends McpServerRegisteredData {
  /** The tenant that registered it; null for the system tenant's. */
  readonly tenant: string | null;
  readonly registeredAt: string;
  /** Changes noticed since this registration (the latest `McpToolsChanged`'s), none when it is current. */
  readonly changes: readonly McpToolChange[];
}

/** Folds one server stream's events (a registration resets the noticed changes). */
export function evolveMcpServer(server: McpServer | null, event: RecordedEvent): McpServer | null {
  if (event.type === 'McpServerRegistered') {
    const tenant = event.meta.tenant === SYSTEM_TENANT ? null : event.meta.tenant;
    const data = event.data as unknown as McpServerRegisteredData;
    return { ...data, tenant, registeredAt: event.meta.occurredAt, changes: [] };
  }
  if (event.type === 'McpToolsChanged' && server !== null)
    return { ...server, changes: (event.data as unknown as McpToolsChangedData).changes };
  return server;
}

/** A tool definition as an MCP server lists it (`tools/list`), the parts MIR digests. */
export interface McpToolDefinition {
  readonly name: string;
  readonly description?: string;
  readonly inputSchema: JsonObject;
  readonly outputSchema?: JsonObject;
  readonly annotations?: JsonObject;
}
