import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../events/eventEnvelope.js';
import { storedEvent } from '../events/testing/storedEvent.js';
import { decideToolRegistration, registeredVersion } from './toolDecider.js';
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

/** A `ToolRegistered` as the tool's stream holds it at `revision`. */
const stored = (data: ToolRegisteredData, revision: number, tenant = 'acme'): RecordedEvent =>
  storedEvent('tool-acme:docs.search', 'ToolRegistered', data, revision, tenant);

describe("a tool's stream folded to one version", () => {
  it('given no event of that version, then null', () => {
    expect(registeredVersion([stored({ ...definition, version: '2' }, 0)], '1')).toBeNull();
  });

  it('given the version recorded twice, then the first wins, scoped to who recorded it', () => {
    const history = [
      stored({ ...definition, version: '0' }, 0),
      stored(definition, 1),
      stored({ ...definition, description: 'later' }, 2),
    ];
    expect(registeredVersion(history, '1')).toEqual({
      ...definition,
      tenant: 'acme',
      registeredAt: '2026-11-23T12:00:01.000Z',
      position: 11,
    });
  });

  it('given a built-in (the system tenant recorded it), then its tenant is null', () => {
    expect(registeredVersion([stored(definition, 0, 'system')], '1')).toMatchObject({ tenant: null });
  });
});
