import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonValue, RegisteredTool, ToolExecutor } from '../../domain/index.js';
import { checkToolArgs, checkToolOutput, resolveCompensation } from '../../domain/index.js';
import { AjvSchemaValidator } from './ajvSchemaValidator.js';
import { KV_TOOL_DEFINITIONS, kvToolHandlers } from './kvTools.js';
import { createRuntimeToolExecutor } from './runtimeToolExecutor.js';
import { SqliteKvStore } from './sqliteKvStore.js';

const schemas = new AjvSchemaValidator();
const tool = (name: string): RegisteredTool => {
  const definition = KV_TOOL_DEFINITIONS.find((candidate) => candidate.name === name)!;
  return { ...definition, tenant: null, registeredAt: '2026-11-23T12:00:00.000Z', position: 0 };
};

let dir: string;
let store: SqliteKvStore;
let executor: ToolExecutor;

/** What invokeTool will do: check args, execute, check the output against the declared schema. */
async function call(name: string, args: JsonValue, tenant = 'acme'): Promise<JsonValue> {
  const definition = tool(name);
  checkToolArgs(schemas, definition, args);
  const { output } = await executor.execute(definition, args, { tenant, timeoutMs: 1_000 });
  checkToolOutput(schemas, definition, output);
  return output;
}

/** What rollback will do with a completed call: resolve the declared compensation and run it. */
async function compensate(name: string, args: JsonValue, output: JsonValue, tenant = 'acme') {
  const compensating = resolveCompensation(tool(name).compensation!, { args, output });
  return call(compensating.tool, compensating.args, tenant);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mir-kv-'));
  store = new SqliteKvStore(join(dir, 'kv.db'));
  executor = createRuntimeToolExecutor(kvToolHandlers(store));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kv tools', () => {
  it('when a key is put, read and deleted, then each write returns the entry it replaced', async () => {
    expect(await call('kv.get', { key: 'k' })).toEqual({ key: 'k', current: null });
    expect(await call('kv.put', { key: 'k', value: { n: 1 } })).toEqual({ key: 'k', previous: null });
    expect(await call('kv.put', { key: 'k', value: null })).toEqual({
      key: 'k',
      previous: { value: { n: 1 } },
    });
    expect(await call('kv.get', { key: 'k' })).toEqual({ key: 'k', current: { value: null } });
    expect(await call('kv.delete', { key: 'k' })).toEqual({ key: 'k', previous: { value: null } });
    expect(await call('kv.delete', { key: 'k' })).toEqual({ key: 'k', previous: null });
  });

  it('given two tenants, then neither sees the other’s keys', async () => {
    await call('kv.put', { key: 'k', value: 'acme' }, 'acme');
    expect(await call('kv.get', { key: 'k' }, 'globex')).toEqual({ key: 'k', current: null });
  });

  it('given a put over an existing value, when its compensation runs, then the previous value is back', async () => {
    await call('kv.put', { key: 'k', value: 1 });
    const args = { key: 'k', value: 2 };
    const output = await call('kv.put', args);
    await compensate('kv.put', args, output);
    expect(await call('kv.get', { key: 'k' })).toEqual({ key: 'k', current: { value: 1 } });
  });

  it('given a put of a new key, when its compensation runs, then the key is gone', async () => {
    const args = { key: 'fresh', value: [1, 2] };
    const output = await call('kv.put', args);
    await compensate('kv.put', args, output);
    expect(await call('kv.get', { key: 'fresh' })).toEqual({ key: 'fresh', current: null });
  });

  it('given a delete, when its compensation runs, then the value is back; undoing that restore deletes again', async () => {
    await call('kv.put', { key: 'k', value: 'v' });
    const output = await call('kv.delete', { key: 'k' });
    const restored = await compensate('kv.delete', { key: 'k' }, output);
    expect(await call('kv.get', { key: 'k' })).toEqual({ key: 'k', current: { value: 'v' } });
    const restoreArgs = resolveCompensation(tool('kv.delete').compensation!, {
      args: { key: 'k' },
      output,
    }).args;
    await compensate('kv.restore', restoreArgs, restored);
    expect(await call('kv.get', { key: 'k' })).toEqual({ key: 'k', current: null });
  });

  it('given a reopened store file, then the values are still there (real SQLite, durable)', async () => {
    await call('kv.put', { key: 'k', value: 'kept' });
    store.close();
    store = new SqliteKvStore(join(dir, 'kv.db'));
    executor = createRuntimeToolExecutor(kvToolHandlers(store));
    expect(await call('kv.get', { key: 'k' })).toEqual({ key: 'k', current: { value: 'kept' } });
  });

  it('when args miss the schema, then TOOL_ARGS_INVALID before anything runs; an oversize value is TOOL_FAILED', async () => {
    await expect(call('kv.put', { key: '', value: 1 })).rejects.toMatchObject({
      code: 'TOOL_ARGS_INVALID',
      details: { errors: [{ path: '/key' }] },
    });
    await expect(call('kv.put', { key: 'big', value: 'x'.repeat(70_000) })).rejects.toMatchObject({
      code: 'TOOL_FAILED',
    });
    expect(await call('kv.get', { key: 'big' })).toEqual({ key: 'big', current: null });
  });

  it('when an app-executed or unknown tool version reaches the runtime executor, then TOOL_NOT_ALLOWED', async () => {
    const options = { tenant: 'acme', timeoutMs: 1_000 };
    await expect(
      executor.execute({ ...tool('kv.get'), execution: 'app' }, { key: 'k' }, options),
    ).rejects.toMatchObject({
      code: 'TOOL_NOT_ALLOWED',
    });
    await expect(
      executor.execute({ ...tool('kv.get'), version: '2' }, { key: 'k' }, options),
    ).rejects.toMatchObject({
      code: 'TOOL_NOT_ALLOWED',
    });
  });
});
