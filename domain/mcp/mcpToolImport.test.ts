import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Digester } from '../toolCalls/ports.js';
import { hasErrorCode } from '../errors/mirError.js';
import type { McpToolDefinition } from './mcpEvents.js';
import { normalizeMcpRegistration } from './mcpRegistration.js';
import { normalizeMcpSchema } from './mcpSchema.js';
import { mcpToolDigest, mcpToolSegment, planMcpImport } from './mcpToolImport.js';

// Plain JSON is enough here: the definitions below are built with one member order.
const digester: Digester = {
  digest: (value) => `sha256:${createHash('sha256').update(JSON.stringify(value)).digest('hex')}`,
};
const registration = normalizeMcpRegistration({ name: 'srv', transport: { stdio: { command: 'node' } } });
const tool = (name: string, extra: Partial<McpToolDefinition> = {}): McpToolDefinition => ({
  name,
  inputSchema: { type: 'object' },
  ...extra,
});

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('MCP tool names as MIR names', () => {
  it('given names outside the MIR alphabet, then they map deterministically to one segment', () => {
    expect(mcpToolSegment('get-sum')).toBe('get-sum');
    expect(mcpToolSegment('Files.Read File')).toBe('files_read_file');
    expect(mcpToolSegment('2fa')).toBe('t2fa');
  });

  it('given two tools that map to one name, then the import is refused naming both', () => {
    const error = thrown(() => planMcpImport(registration, [tool('Echo'), tool('echo')], digester));
    expect(hasErrorCode(error, 'MCP_TOOL_NAME_COLLISION')).toBe(true);
    expect((error as { details: unknown }).details).toEqual({
      name: 'mcp.srv.echo',
      mcpNames: ['Echo', 'echo'],
    });
  });

  it('given an override for a tool the server does not list, then the registration is invalid', () => {
    const overridden = normalizeMcpRegistration({
      name: 'srv',
      transport: { stdio: { command: 'node' } },
      sideEffectOverrides: { missing: 'read' },
    });
    expect(
      hasErrorCode(
        thrown(() => planMcpImport(overridden, [tool('a')], digester)),
        'MCP_SERVER_INVALID',
      ),
    ).toBe(true);
  });
});

describe('versions from definition digests', () => {
  it('given a definition, then its version is d + the first 12 hex of its digest, and any change changes it', () => {
    const plan = planMcpImport(registration, [tool('a', { description: 'one' })], digester);
    const [imported] = plan.tools;
    expect(imported!.digest).toBe(mcpToolDigest(digester, tool('a', { description: 'one' })));
    expect(imported!.version).toBe(`d${imported!.digest.slice(7, 19)}`);
    const changed = planMcpImport(registration, [tool('a', { description: 'two' })], digester);
    expect(changed.tools[0]!.version).not.toBe(imported!.version);
    expect(changed.toolsDigest).not.toBe(plan.toolsDigest);
  });

  it('given the same tools listed in another order, then the list digest is the same', () => {
    const one = planMcpImport(registration, [tool('a'), tool('b')], digester);
    const two = planMcpImport(registration, [tool('b'), tool('a')], digester);
    expect(two.toolsDigest).toBe(one.toolsDigest);
  });

  it('given no side-effect class, then every tool is irreversible', () => {
    expect(planMcpImport(registration, [tool('a')], digester).tools[0]!.sideEffect).toBe('irreversible');
  });
});

describe('draft-07 schemas as draft 2020-12', () => {
  it('given definitions, tuple items and dependencies, then the same constraints in 2020-12 keywords', () => {
    const schema = normalizeMcpSchema({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      definitions: {
        point: { type: 'array', items: [{ type: 'number' }, { type: 'number' }], additionalItems: false },
      },
      properties: { at: { $ref: '#/definitions/point' }, items: { type: 'string' } },
      dependencies: { a: ['b'], c: { required: ['d'] } },
      enum: [{ definitions: 1 }],
    });
    expect(schema).toEqual({
      type: 'object',
      $defs: {
        point: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], items: false },
      },
      properties: { at: { $ref: '#/$defs/point' }, items: { type: 'string' } },
      dependentRequired: { a: ['b'] },
      dependentSchemas: { c: { required: ['d'] } },
      enum: [{ definitions: 1 }],
    });
  });

  it('given a draft MIR cannot translate, then the tool is unsupported', () => {
    const old = tool('a', {
      inputSchema: { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' },
    });
    expect(
      hasErrorCode(
        thrown(() => planMcpImport(registration, [old], digester)),
        'MCP_TOOL_UNSUPPORTED',
      ),
    ).toBe(true);
  });
});

describe('registrations', () => {
  const invalid = (transport: unknown, extra: Record<string, unknown> = {}) =>
    hasErrorCode(
      thrown(() => normalizeMcpRegistration({ name: 'srv', transport, ...extra } as never)),
      'MCP_SERVER_INVALID',
    );

  it('given user info in a URL, a non-http URL, both transports or env values, then each is refused', () => {
    expect(invalid({ url: 'https://u:p@example.com/mcp' })).toBe(true);
    expect(invalid({ url: 'file:///tmp/x' })).toBe(true);
    expect(invalid({ url: 'http://127.0.0.1/mcp', stdio: { command: 'node' } })).toBe(true);
    expect(invalid({ stdio: { command: 'node', env: ['TOKEN=abc'] } })).toBe(true);
    expect(invalid({ url: 'http://127.0.0.1/mcp', bearerTokenFile: 'relative/token' })).toBe(true);
  });

  it('given a malformed risk tag, then it is refused as for any tool, whatever the server lists', () => {
    const error = thrown(() =>
      normalizeMcpRegistration({
        name: 'srv',
        transport: { stdio: { command: 'node' } },
        riskTags: ['Bad Tag'],
      }),
    );
    expect(hasErrorCode(error, 'TOOL_INVALID')).toBe(true);
  });

  it('given reversible, then it is refused: an MCP tool declares no compensation', () => {
    expect(invalid({ stdio: { command: 'node' } }, { sideEffect: 'reversible' })).toBe(true);
  });
});
