import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ToolRegistration, ToolRegistrationOrigin } from '../../domain/index.js';
import { checkToolArgs, ToolRegistry } from '../../domain/index.js';
import { openSqliteEventLog } from '../../ledger/index.js';
import type { SqliteEventLog } from '../../ledger/index.js';
import { manualClock, testIds } from '../../ledger/testing/testLedger.js';
import { AjvSchemaValidator } from './ajvSchemaValidator.js';
import { HTTP_TOOL_DEFINITIONS } from './httpTools.js';
import { KV_TOOL_DEFINITIONS } from './kvTools.js';

const admin: ToolRegistrationOrigin = { actor: { kind: 'user', id: 'admin-1' }, tenant: 'acme' };

const search: ToolRegistration = {
  name: 'docs.search',
  version: '1.0.0',
  inputSchema: {
    type: 'object',
    properties: { query: { type: 'string', minLength: 1 }, limit: { type: 'integer', minimum: 1 } },
    required: ['query'],
    additionalProperties: false,
  },
  outputSchema: { type: 'array', items: { type: 'string' } },
  sideEffect: 'read',
  timeoutMs: 2_000,
  execution: 'app',
};

let dir: string;
let log: SqliteEventLog;
const schemas = new AjvSchemaValidator();
const registry = (target = log) =>
  new ToolRegistry({ log: target, clock: manualClock(), ids: testIds, schemas });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mir-tools-'));
  log = openSqliteEventLog(join(dir, 'ledger.db'));
});
afterEach(async () => {
  await log.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tool registry', () => {
  it('when a tool is registered, then ToolRegistered lands on tool-<name> with defaults filled and find returns it', async () => {
    const tools = registry();
    const result = await tools.register(search, admin);
    expect(result.alreadyRegistered).toBe(false);
    const [event] = await log.readStream('tool-docs.search');
    expect(event).toMatchObject({ type: 'ToolRegistered', meta: { tenant: 'acme', actor: admin.actor } });
    expect(event!.data).toMatchObject({ description: '', compensation: null, rateLimit: null, riskTags: [] });
    expect(await tools.find('docs.search', '1.0.0')).toMatchObject({
      name: 'docs.search',
      sideEffect: 'read',
    });
  });

  it('given a registered version, when another process asks, then it follows the ledger; unknown tools and versions are null', async () => {
    await registry().register(search, admin);
    const other = registry();
    expect(await other.find('docs.search', '1.0.0')).not.toBeNull();
    expect(await other.find('docs.search', '2.0.0')).toBeNull();
    expect(await other.find('docs.unknown', '1.0.0')).toBeNull();
  });

  it('given a registered version, when the identical definition comes again, then nothing is recorded', async () => {
    const tools = registry();
    const first = await tools.register(search, admin);
    const again = await registry().register({ ...search, riskTags: [] }, admin);
    expect(again).toEqual({ tool: first.tool, alreadyRegistered: true });
    expect(await log.readStream('tool-docs.search')).toHaveLength(1);
  });

  it('given a registered version, when a different definition claims it, then TOOL_VERSION_CONFLICT names the fields', async () => {
    const tools = registry();
    await tools.register(search, admin);
    await expect(
      tools.register({ ...search, sideEffect: 'irreversible', timeoutMs: 1 }, admin),
    ).rejects.toMatchObject({
      code: 'TOOL_VERSION_CONFLICT',
      details: { name: 'docs.search', version: '1.0.0', differingFields: ['sideEffect', 'timeoutMs'] },
    });
    await tools.register({ ...search, version: '1.0.1', sideEffect: 'irreversible' }, admin);
    expect((await tools.list()).map((tool) => tool.version)).toEqual(['1.0.0', '1.0.1']);
  });

  it('when a schema is invalid, then TOOL_INVALID with the validator errors and nothing is recorded', async () => {
    const tools = registry();
    const bad = { ...search, inputSchema: { type: 'object', properties: { q: { type: 'strin' } } } };
    await expect(tools.register(bad, admin)).rejects.toMatchObject({
      code: 'TOOL_INVALID',
      details: { field: 'inputSchema' },
    });
    const unknownKeyword = { ...search, outputSchema: { type: 'string', maxLenght: 3 } };
    await expect(tools.register(unknownKeyword, admin)).rejects.toMatchObject({ code: 'TOOL_INVALID' });
    expect(await log.headPosition()).toBeNull();
  });

  it('when the definition breaks the side-effect rules, then TOOL_INVALID and nothing is recorded', async () => {
    const tools = registry();
    const compensation = { tool: 'docs.search', version: '1.0.0', args: {} };
    const cases: ToolRegistration[] = [
      { ...search, sideEffect: 'reversible' },
      { ...search, sideEffect: 'irreversible', compensation },
      { ...search, sideEffect: 'reversible', compensation: { ...compensation, tool: 'docs.absent' } },
      {
        ...search,
        sideEffect: 'reversible',
        compensation: { ...compensation, args: { q: { from: '/env' } } },
      },
      { ...search, name: 'Docs Search' },
      { ...search, timeoutMs: 0 },
      { ...search, rateLimit: { calls: 0, perMs: 10 } },
      { ...search, riskTags: ['pii', 'pii'] },
    ];
    for (const registration of cases)
      await expect(tools.register(registration, admin)).rejects.toMatchObject({ code: 'TOOL_INVALID' });
    expect(await log.headPosition()).toBeNull();
  });

  it('when writers race on one new version, then one event is recorded and the other sees it as registered', async () => {
    const results = await Promise.all([
      registry().register(search, admin),
      registry().register(search, admin),
    ]);
    expect(results.map((result) => result.alreadyRegistered).sort()).toEqual([false, true]);
    expect(await log.readStream('tool-docs.search')).toHaveLength(1);
  });

  it('the built-in definitions register (kv.restore first), and their compensation targets exist', async () => {
    const tools = registry();
    for (const definition of [...KV_TOOL_DEFINITIONS, ...HTTP_TOOL_DEFINITIONS])
      expect((await tools.register(definition, admin)).alreadyRegistered).toBe(false);
    expect((await tools.list()).map((tool) => `${tool.name}:${tool.sideEffect}`)).toEqual([
      'http.get:read',
      'http.post:irreversible',
      'kv.delete:reversible',
      'kv.get:read',
      'kv.put:reversible',
      'kv.restore:reversible',
    ]);
  });

  it('given a registered tool, when args are checked, then good args pass and bad ones fail with JSON Pointer paths', async () => {
    const { tool } = await registry().register(search, admin);
    expect(() => checkToolArgs(schemas, tool, { query: 'mir', limit: 3 })).not.toThrow();
    const failures = [
      [{ limit: 3 }, '/query', /must have required property/],
      [{ query: 'mir', limit: 0 }, '/limit', /must be >= 1/],
      [{ query: 'mir', extra: true }, '', /additional properties/],
    ] as const;
    for (const [args, path, message] of failures)
      expect(() => checkToolArgs(schemas, tool, args)).toThrow(
        expect.objectContaining({
          code: 'TOOL_ARGS_INVALID',
          details: expect.objectContaining({
            tool: 'docs.search',
            errors: [{ path, message: expect.stringMatching(message) as unknown }],
          }) as unknown,
        }),
      );
  });
});
