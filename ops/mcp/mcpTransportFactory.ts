import { stat, readFile } from 'node:fs/promises';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpTransport } from '../../domain/index.js';
import { McpError } from '../../domain/index.js';

/**
 * The SDK transport of a recorded descriptor. A stdio server gets the SDK's default environment (PATH, HOME…)
 * plus the variables the registration names, read from MIR's own environment now (their values never reach the
 * ledger); its stderr is discarded. An HTTP server gets `Authorization: Bearer <token>` from the token file, read
 * now: a file others than its owner may read (or none at all) is `MCP_TOKEN_UNREADABLE`.
 */
export async function openMcpTransport(transport: McpTransport): Promise<Transport> {
  if ('stdio' in transport) {
    const { command, args, cwd, env } = transport.stdio;
    const passed = Object.fromEntries(
      env.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])),
    );
    return new StdioClientTransport({
      command,
      args: [...args],
      ...(cwd === null ? {} : { cwd }),
      env: { ...getDefaultEnvironment(), ...passed },
      stderr: 'ignore',
    });
  }
  const headers: Record<string, string> =
    transport.bearerTokenFile === null
      ? {}
      : { Authorization: `Bearer ${await readToken(transport.bearerTokenFile)}` };
  return new StreamableHTTPClientTransport(new URL(transport.url), { requestInit: { headers } });
}

async function readToken(path: string): Promise<string> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw unreadable(path, 'not a regular file');
    // Like the signing key: a secret others may read is refused rather than used.
    if ((info.mode & 0o077) !== 0) throw unreadable(path, 'readable by others than its owner (chmod 600 it)');
    const token = (await readFile(path, 'utf8')).trim();
    if (token.length === 0) throw unreadable(path, 'empty');
    return token;
  } catch (error) {
    if (error instanceof McpError) throw error;
    throw unreadable(path, (error as NodeJS.ErrnoException).code ?? 'unreadable');
  }
}

function unreadable(path: string, reason: string): McpError {
  return new McpError('MCP_TOKEN_UNREADABLE', `the bearer token file ${path} cannot be used: ${reason}`, {
    path,
    reason,
  });
}
