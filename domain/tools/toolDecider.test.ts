import { describe, expect, it } from 'vitest';
import { decideToolRegistration } from './toolDecider.js';
import type { RegisteredTool, ToolRegisteredData } from './toolEvents.js';

const definition: ToolRegisteredData = {
  name: 'docs.search',
  version: '1',
  description: '',
  inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
  outputSchema: { type: 'string' },
  sideEffect: 'read',
  compensation: null,
  timeoutMs: 1_000,
  rateLimit: null,
  execution: 'app',
  riskTags: [],
};
const recorded: RegisteredTool = {
  ...definition,
  tenant: 'acme',
  registeredAt: '2026-11-23T12:00:00.000Z',
  position: 7,
};

describe('tool registration decider', () => {
  it('given no such version, when registered, then ToolRegistered with the definition', () => {
    expect(decideToolRegistration(null, definition)).toEqual({
      kind: 'register',
      event: { type: 'ToolRegistered', data: definition },
    });
  });

  it('given the version, when the same definition comes (schema members reordered), then unchanged', () => {
    const reordered = {
      ...definition,
      inputSchema: { properties: { q: { type: 'string' } }, type: 'object' },
    };
    expect(decideToolRegistration(recorded, reordered)).toEqual({ kind: 'unchanged', tool: recorded });
  });

  it('given the version, when a different definition comes, then TOOL_VERSION_CONFLICT lists what differs', () => {
    const changed = { ...definition, outputSchema: { type: 'integer' }, riskTags: ['pii'] };
    expect(() => decideToolRegistration(recorded, changed)).toThrow(
      expect.objectContaining({
        code: 'TOOL_VERSION_CONFLICT',
        details: { name: 'docs.search', version: '1', differingFields: ['outputSchema', 'riskTags'] },
      }),
    );
  });
});
