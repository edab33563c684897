import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ToolRegistration, ToolRegistrationOrigin } from '../../domain/index.js';
import { checkToolArgs, SYSTEM_TENANT, ToolRegistry } from '../../domain/index.js';
import { openSqliteEventLog } from '../../ledger/index.js';
import type { SqliteEventLog } from '../../ledger/index.js';
import { manualClock, testIds } from '../../ledger/testing/testLedger.js';
import { AjvSchemaValidator } from './ajvSchemaValidator.js';
import { HTTP_TOOL_DEFINITIONS } from './httpTools.js';
import { KV_TOOL_DEFINITIONS } from './kvTools.js';

const admin: ToolRegistrationOrigin = { actor: { kind: 'user', id: 'admin-1' }, tenant: 'acme' };
const globexAdmin: ToolRegistrationOrigin = { actor: { kind: 'user', id: 'admin-2' }, tenant: 'globex' };
const system: ToolRegistrationOrigin = { actor: { kind: 'system', id: 'mir' }, tenant: SYSTEM_TENANT };

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
  it("when a tenant registers a tool, then ToolRegistered lands on tool-<tenant>:<name> with defaults filled and the tenant's find returns it", async () => {
    const tools = registry();
    const result = await tools.register(search, admin);
    expect(result.alreadyRegistered).toBe(false);
    expect(result.tool.tenant).toBe('acme');
    const [event] = await log.readStream('tool-acme:docs.search');
    expect(event).toMatchObject({ type: 'ToolRegistered', meta: { tenant: 'acme', actor: admin.actor } });
    expect(event!.data).toMatchObject({ description: '', compensation: null, rateLimit: null, riskTags: [] });
    expect(await tools.find('acme', 'docs.search', '1.0.0')).toMatchObject({
      name: 'docs.search',
      sideEffect: 'read',
    });
  });

  it('given a registered version, when another process asks, then it follows the ledger; unknown tools and versions are null', async () => {
    await registry().register(search, admin);
    const other = registry();
    expect(await other.find('acme', 'docs.search', '1.0.0')).not.toBeNull();
    expect(await other.find('acme', 'docs.search', '2.0.0')).toBeNull();
    expect(await other.find('acme', 'docs.unknown', '1.0.0')).toBeNull();
  });

  it('given a registered version, when the identical definition comes again, then nothing is recorded', async () => {
    const tools = registry();
    const first = await tools.register(search, admin);
    const again = await registry().register({ ...search, riskTags: [] }, admin);
    expect(again).toEqual({ tool: first.tool, alreadyRegistered: true });
    expect(await log.readStream('tool-acme:docs.search')).toHaveLength(1);
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
    expect((await tools.list('acme')).map((tool) => tool.version)).toEqual(['1.0.0', '1.0.1']);
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
    expect(await log.readStream('tool-acme:docs.search')).toHaveLength(1);
  });

  it('the built-in definitions register (kv.restore first) on tool-<name>, and their compensation targets exist', async () => {
    const tools = registry();
    for (const definition of [...KV_TOOL_DEFINITIONS, ...HTTP_TOOL_DEFINITIONS])
      expect((await tools.register(definition, system)).alreadyRegistered).toBe(false);
    expect(await log.readStream('tool-kv.put')).toHaveLength(1);
    expect(
      (await tools.list('acme')).map((tool) => `${tool.name}:${tool.sideEffect}:${tool.tenant}`),
    ).toEqual([
      'http.get:read:null',
      'http.post:irreversible:null',
      'kv.delete:reversible:null',
      'kv.get:read:null',
      'kv.put:reversible:null',
      'kv.restore:reversible:null',
    ]);
    expect((await tools.list(SYSTEM_TENANT)).map((tool) => `${tool.name}:${tool.sideEffect}`)).toEqual([
      'http.get:read',
      'http.post:irreversible',
      'kv.delete:reversible',
      'kv.get:read',
      'kv.put:reversible',
      'kv.restore:reversible',
    ]);
  });

  it("given acme's tool, then globex neither finds nor lists it, and registers the same name independently", async () => {
    const tools = registry();
    await tools.register(search, admin);
    const other = registry();
    expect(await other.find('globex', 'docs.search', '1.0.0')).toBeNull();
    expect(await other.list('globex')).toEqual([]);
    const theirs = await other.register({ ...search, sideEffect: 'irreversible' }, globexAdmin);
    expect(theirs).toMatchObject({
      alreadyRegistered: false,
      tool: { tenant: 'globex', sideEffect: 'irreversible' },
    });
    expect(await log.readStream('tool-globex:docs.search')).toHaveLength(1);
    expect(await tools.find('acme', 'docs.search', '1.0.0')).toMatchObject({
      tenant: 'acme',
      sideEffect: 'read',
    });
    expect(await tools.find('globex', 'docs.search', '1.0.0')).toMatchObject({ tenant: 'globex' });
  });

  it("given a built-in, when a tenant registers its name, then TOOL_NAME_RESERVED and nothing is recorded; a compensation may not name another tenant's tool", async () => {
    const tools = registry();
    for (const definition of KV_TOOL_DEFINITIONS) await tools.register(definition, system);
    const head = await log.headPosition();
    await expect(tools.register({ ...search, name: 'kv.put' }, admin)).rejects.toMatchObject({
      code: 'TOOL_NAME_RESERVED',
      details: { name: 'kv.put' },
    });
    await tools.register(search, globexAdmin);
    const undo = { tool: 'docs.search', version: '1.0.0', args: {} };
    await expect(
      tools.register({ ...search, name: 'docs.write', sideEffect: 'reversible', compensation: undo }, admin),
    ).rejects.toMatchObject({ code: 'TOOL_INVALID', details: { reason: 'unknown compensating tool' } });
    expect(await log.headPosition()).toBe(head! + 1);
  });

  it("given a tenant's tool, when a built-in of that name is added later, then the tenant keeps its own and the others get the built-in", async () => {
    const tools = registry();
    await tools.register(search, admin);
    await tools.register({ ...search, sideEffect: 'irreversible' }, system);
    expect(await tools.find('acme', 'docs.search', '1.0.0')).toMatchObject({
      tenant: 'acme',
      sideEffect: 'read',
    });
    expect(await tools.find('globex', 'docs.search', '1.0.0')).toMatchObject({ tenant: null });
    await expect(tools.register({ ...search, version: '2' }, globexAdmin)).rejects.toMatchObject({
      code: 'TOOL_NAME_RESERVED',
    });
    expect((await tools.register({ ...search, version: '2' }, admin)).tool.tenant).toBe('acme');
  });

  it("given a tenant registration recorded on tool-<name> (the layout before tools were scoped), then it stays that tenant's own", async () => {
    await log.append(
      'tool-docs.search',
      [
        {
          id: '0190c000-0000-7000-8000-000000000001',
          type: 'ToolRegistered',
          schemaVersion: 1,
          data: { ...search, description: '', compensation: null, rateLimit: null, riskTags: [] },
          meta: {
            tenant: 'acme',
            actor: admin.actor,
            correlationId: 'c',
            causationId: 'c',
            occurredAt: '2026-11-23T12:00:00.000Z',
          },
        },
      ],
      'no_stream',
    );
    const tools = registry();
    expect(await tools.find('acme', 'docs.search', '1.0.0')).toMatchObject({ tenant: 'acme' });
    expect(await tools.find('globex', 'docs.search', '1.0.0')).toBeNull();
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
