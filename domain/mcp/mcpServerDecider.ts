import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { JsonValue } from '../events/json.js';
import { jsonEqual } from '../tools/jsonEqual.js';
import { evolveMcpServer } from './mcpEvents.js';
import type {
  McpServer,
  McpServerEvent,
  McpServerRegisteredData,
  McpToolChange,
  McpToolsChangedData,
} from './mcpEvents.js';

/** A server's stream folded: its latest registration and the changes noticed since (null: never registered). */
export function foldMcpServer(history: readonly RecordedEvent[]): McpServer | null {
  return history.reduce<McpServer | null>(evolveMcpServer, null);
}

/**
 * Decides a (re-)registration: recorded unless the latest registration holds exactly this data and no change
 * was noticed since (then nothing is recorded: `alreadyRegistered`).
 */
export function decideMcpRegistration(
  current: McpServer | null,
  data: McpServerRegisteredData,
): McpServerEvent | null {
  if (current !== null && current.changes.length === 0 && sameRegistration(current, data)) return null;
  return { type: 'McpServerRegistered', data };
}

/**
 * Decides what a fresh listing of the server's tools (`current`: digest by MCP tool name) means: the difference
 * from the registered tools is recorded as `McpToolsChanged` when it is not the difference recorded last (so
 * each change is recorded once; an empty list records that the server is back to what was registered).
 */
export function decideToolsObserved(
  server: McpServer | null,
  current: ReadonlyMap<string, string>,
  toolsDigest: string,
): McpServerEvent | null {
  if (server === null) return null;
  const changes: McpToolChange[] = [];
  for (const tool of server.tools) {
    const currentDigest = current.get(tool.mcpName) ?? null;
    if (currentDigest !== tool.digest)
      changes.push({ mcpName: tool.mcpName, registeredDigest: tool.digest, currentDigest });
  }
  for (const [mcpName, currentDigest] of current)
    if (!server.tools.some((tool) => tool.mcpName === mcpName))
      changes.push({ mcpName, registeredDigest: null, currentDigest });
  if (jsonEqual(changes as unknown as JsonValue, server.changes as unknown as JsonValue)) return null;
  const data: McpToolsChangedData = { name: server.name, changes, toolsDigest };
  return { type: 'McpToolsChanged', data };
}

/**
 * Why a call to this version of an imported tool must not reach the server, or null when it may: the server was
 * re-registered without it (another version, or the tool is gone), or a change to it was noticed since.
 */
export function staleToolReason(server: McpServer, tool: { name: string; version: string }): string | null {
  const imported = server.tools.find((candidate) => candidate.name === tool.name);
  if (imported === undefined)
    return `the registration of MCP server ${server.name} no longer imports ${tool.name}`;
  if (imported.version !== tool.version)
    return `MCP server ${server.name} was re-registered with ${tool.name}@${imported.version}`;
  const change = server.changes.find((candidate) => candidate.mcpName === imported.mcpName);
  if (change === undefined) return null;
  return change.currentDigest === null
    ? `MCP server ${server.name} no longer lists ${imported.mcpName}: an admin must re-register the server`
    : `the definition of ${imported.mcpName} on MCP server ${server.name} changed (${imported.digest} → ` +
        `${change.currentDigest}): an admin must re-register the server`;
}

function sameRegistration(current: McpServer, data: McpServerRegisteredData): boolean {
  const recorded = current as unknown as Record<string, JsonValue>;
  return Object.entries(data as unknown as Record<string, JsonValue>).every(([field, value]) =>
    jsonEqual(recorded[field] ?? null, value),
  );
}
