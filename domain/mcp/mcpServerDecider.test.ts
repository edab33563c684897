import { describe, expect, it } from 'vitest';
import type { McpServer } from './mcpEvents.js';
import { decideMcpRegistration, decideToolsObserved, staleToolReason } from './mcpServerDecider.js';

const registered: McpServer = {
  name: 'srv',
  transport: { stdio: { command: 'node', args: [], cwd: null, env: [] } },
  sideEffect: 'read',
  sideEffectOverrides: {},
  riskTags: [],
  timeoutMs: 1_000,
  tools: [
    { mcpName: 'a', name: 'mcp.srv.a', version: 'd000000000001', digest: 'sha256:1', sideEffect: 'read' },
    { mcpName: 'b', name: 'mcp.srv.b', version: 'd000000000002', digest: 'sha256:2', sideEffect: 'read' },
  ],
  toolsDigest: 'sha256:list',
  tenant: 'acme',
  registeredAt: '2026-01-01T00:00:00.000Z',
  changes: [],
};
const { tenant: _t, registeredAt: _r, changes: _c, ...data } = registered;

describe('registering an MCP server', () => {
  it('given the same registration and no change noticed, then nothing is recorded', () => {
    expect(decideMcpRegistration(registered, data)).toBeNull();
  });

  it('given a change noticed since, then the same registration is recorded again (re-approval)', () => {
    const changed = {
      ...registered,
      changes: [{ mcpName: 'a', registeredDigest: 'sha256:1', currentDigest: 'sha256:9' }],
    };
    expect(decideMcpRegistration(changed, data)?.type).toBe('McpServerRegistered');
  });
});

describe('a fresh tool listing', () => {
  it('given the registered digests, then nothing is recorded', () => {
    expect(
      decideToolsObserved(
        registered,
        new Map([
          ['a', 'sha256:1'],
          ['b', 'sha256:2'],
        ]),
        'sha256:list',
      ),
    ).toBeNull();
  });

  it('given a changed, a removed and an added tool, then one McpToolsChanged names each', () => {
    const event = decideToolsObserved(
      registered,
      new Map([
        ['a', 'sha256:9'],
        ['c', 'sha256:3'],
      ]),
      'sha256:new',
    );
    expect(event).toEqual({
      type: 'McpToolsChanged',
      data: {
        name: 'srv',
        toolsDigest: 'sha256:new',
        changes: [
          { mcpName: 'a', registeredDigest: 'sha256:1', currentDigest: 'sha256:9' },
          { mcpName: 'b', registeredDigest: 'sha256:2', currentDigest: null },
          { mcpName: 'c', registeredDigest: null, currentDigest: 'sha256:3' },
        ],
      },
    });
  });

  it('given the change already recorded, then the same listing records nothing (once per change)', () => {
    const changes = [{ mcpName: 'a', registeredDigest: 'sha256:1', currentDigest: 'sha256:9' }];
    const seen = { ...registered, changes };
    expect(
      decideToolsObserved(
        seen,
        new Map([
          ['a', 'sha256:9'],
          ['b', 'sha256:2'],
        ]),
        'x',
      ),
    ).toBeNull();
  });
});

describe('stale versions', () => {
  it('given a change to the tool, then its version is stale; another tool is not', () => {
    const seen = {
      ...registered,
      changes: [{ mcpName: 'a', registeredDigest: 'sha256:1', currentDigest: null }],
    };
    expect(staleToolReason(seen, { name: 'mcp.srv.a', version: 'd000000000001' })).toContain(
      'no longer lists a',
    );
    expect(staleToolReason(seen, { name: 'mcp.srv.b', version: 'd000000000002' })).toBeNull();
  });

  it('given a version the latest registration did not import, then it is stale', () => {
    expect(staleToolReason(registered, { name: 'mcp.srv.a', version: 'dffffffffffff' })).toContain(
      're-registered with mcp.srv.a@d000000000001',
    );
  });
});
