import { SIDE_EFFECTS } from '../tools/toolEvents.js';
import type { SideEffect } from '../tools/toolEvents.js';
import { checkRiskTags, TOOL_LIMITS } from '../tools/toolDefinition.js';
import { McpError } from './mcpErrors.js';
import type { McpServerRegisteredData, McpTransport } from './mcpEvents.js';

/** What `registerMcpServer` accepts (parsed JSON from the API: every field is checked, not trusted). */
export interface McpServerRegistration {
  /** One tool-name segment (`[a-z][a-z0-9_-]*`, 32 characters at most): the tools become `mcp.<name>.<tool>`. */
  readonly name: string;
  readonly transport:
    | {
        readonly stdio: {
          readonly command: string;
          readonly args?: readonly string[];
          readonly cwd?: string | null;
          /** Names of variables of MIR's own environment handed to the server. */
          readonly env?: readonly string[];
        };
      }
    | { readonly url: string; readonly bearerTokenFile?: string | null };
  /** The class of every tool not overridden. Default `irreversible` (strict: nothing assumed harmless). */
  readonly sideEffect?: SideEffect;
  /** By MCP tool name; each must name a tool the server lists. */
  readonly sideEffectOverrides?: { readonly [mcpName: string]: SideEffect };
  /** Given to every imported tool. Default `[]`. */
  readonly riskTags?: readonly string[];
  /** Per call. Default 30 s. */
  readonly timeoutMs?: number;
}

/** A registration with its defaults filled in: what `McpServerRegistered` records besides the tools. */
export type NormalizedMcpRegistration = Omit<McpServerRegisteredData, 'tools' | 'toolsDigest'>;

export const MCP_SERVER_NAME = /^[a-z][a-z0-9_-]{0,31}$/;
export const DEFAULT_MCP_TIMEOUT_MS = 30_000;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const MAX_ARGS = 64;

/**
 * Checks a registration and fills its defaults. Throws `MCP_SERVER_INVALID` (details `reason`). Side-effect
 * classes are `read` or `irreversible`: `reversible` needs a compensation, which an MCP tool cannot declare.
 * Risk tags are checked as any tool's (`TOOL_INVALID`).
 */
export function normalizeMcpRegistration(registration: McpServerRegistration): NormalizedMcpRegistration {
  const r = registration;
  if (typeof r.name !== 'string' || !MCP_SERVER_NAME.test(r.name))
    throw invalid('the name must be one tool-name segment ([a-z][a-z0-9_-]*), 32 characters at most');
  const timeoutMs = r.timeoutMs ?? DEFAULT_MCP_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > TOOL_LIMITS.maxTimeoutMs)
    throw invalid(`timeoutMs must be an integer from 1 to ${TOOL_LIMITS.maxTimeoutMs}`);
  const overrides: Record<string, SideEffect> = {};
  for (const [mcpName, sideEffect] of Object.entries(r.sideEffectOverrides ?? {}))
    overrides[mcpName] = checkSideEffect(sideEffect, `the override of ${mcpName}`);
  return {
    name: r.name,
    transport: checkTransport(r.transport),
    sideEffect: checkSideEffect(r.sideEffect ?? 'irreversible', 'sideEffect'),
    sideEffectOverrides: overrides,
    riskTags: checkRiskTags(r.riskTags ?? []),
    timeoutMs,
  };
}

function checkSideEffect(value: unknown, what: string): SideEffect {
  if (value === 'reversible')
    throw invalid(`${what}: an MCP tool cannot declare a compensation, so it is read or irreversible`);
  if (typeof value !== 'string' || !(SIDE_EFFECTS as readonly string[]).includes(value))
    throw invalid(`${what} must be read or irreversible`);
  return value as SideEffect;
}

function checkTransport(transport: McpServerRegistration['transport']): McpTransport {
  if (typeof transport !== 'object' || transport === null)
    throw invalid('transport must be { stdio } or { url }');
  if ('stdio' in transport && !('url' in transport)) return { stdio: checkStdio(transport.stdio) };
  if ('url' in transport && !('stdio' in transport))
    return {
      url: checkUrl(transport.url),
      bearerTokenFile: checkTokenFile(transport.bearerTokenFile ?? null),
    };
  throw invalid('transport must be exactly one of { stdio } or { url }');
}

function checkStdio(stdio: Extract<McpServerRegistration['transport'], { stdio: unknown }>['stdio']) {
  if (typeof stdio !== 'object' || stdio === null) throw invalid('transport.stdio must be an object');
  if (typeof stdio.command !== 'string' || stdio.command.length === 0)
    throw invalid('transport.stdio.command must be a non-empty string');
  const args: unknown = stdio.args ?? [];
  if (!Array.isArray(args) || args.length > MAX_ARGS || !args.every((arg) => typeof arg === 'string'))
    throw invalid(`transport.stdio.args must be at most ${MAX_ARGS} strings`);
  const cwd = stdio.cwd ?? null;
  if (cwd !== null && (typeof cwd !== 'string' || cwd.length === 0))
    throw invalid('transport.stdio.cwd must be a non-empty path');
  const env: unknown = stdio.env ?? [];
  if (!Array.isArray(env) || !env.every((name) => typeof name === 'string' && ENV_NAME.test(name)))
    throw invalid('transport.stdio.env must list environment variable names (never values)');
  return { command: stdio.command, args: args, cwd, env: env as string[] };
}

function checkUrl(url: unknown): string {
  let parsed: URL;
  try {
    parsed = new URL(typeof url === 'string' ? url : '');
  } catch {
    throw invalid('transport.url must be an absolute http or https URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw invalid('transport.url must be an http or https URL');
  // Credentials in a URL would be recorded with it: a token goes in bearerTokenFile instead.
  if (parsed.username !== '' || parsed.password !== '')
    throw invalid('transport.url must not carry user info: put a token in bearerTokenFile');
  return parsed.href;
}

function checkTokenFile(path: unknown): string | null {
  if (path === null) return null;
  if (typeof path !== 'string' || !path.startsWith('/'))
    throw invalid('transport.bearerTokenFile must be an absolute path');
  return path;
}

function invalid(reason: string): McpError {
  return new McpError('MCP_SERVER_INVALID', `invalid MCP server registration: ${reason}`, { reason });
}
