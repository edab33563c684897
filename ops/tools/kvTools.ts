import type { JsonObject, JsonValue, ToolRegisteredData } from '../../domain/index.js';
import { KV_LIMITS } from './sqliteKvStore.js';
import type { KvEntry, SqliteKvStore } from './sqliteKvStore.js';
import { handlerKey } from './runtimeToolExecutor.js';
import type { RuntimeToolHandler } from './runtimeToolExecutor.js';

export const KV_TOOL_VERSION = '1';

const key: JsonObject = { type: 'string', minLength: 1, maxLength: KV_LIMITS.keyChars };
/** `null`: the key held nothing; `{ value }`: it held `value` (which may itself be JSON null). */
const entry: JsonObject = {
  anyOf: [
    { type: 'null' },
    { type: 'object', properties: { value: {} }, required: ['value'], additionalProperties: false },
  ],
};
const keyOnly: JsonObject = {
  type: 'object',
  properties: { key },
  required: ['key'],
  additionalProperties: false,
};
/** What every write returns: the entry it replaced, so the write can be undone. */
const writeOutput: JsonObject = {
  type: 'object',
  properties: { key, previous: entry },
  required: ['key', 'previous'],
  additionalProperties: false,
};

/** Every kv write is undone by restoring the entry it replaced (deleting the key when there was none). */
const restorePrevious = {
  tool: 'kv.restore',
  version: KV_TOOL_VERSION,
  args: { key: { from: '/args/key' }, previous: { from: '/output/previous' } },
} as const;

/**
 * Every kv write is rate limited per tenant (a sliding window over all its runs): 1,200 calls per minute for each
 * of kv.put, kv.delete and kv.restore, so that a runaway agent cannot write without bound (each call is several
 * ledger events). Reads are not limited. A limit is part of the immutable definition of version 1.
 */
export const KV_WRITE_RATE_LIMIT = Object.freeze({ calls: 1_200, perMs: 60_000 });

const common = {
  version: KV_TOOL_VERSION,
  timeoutMs: 5_000,
  rateLimit: null,
  execution: 'runtime',
  riskTags: ['state'],
} as const;
const write = { ...common, rateLimit: KV_WRITE_RATE_LIMIT } as const;

/**
 * The built-in key-value tools, ready to register. `kv.restore` must be registered before `kv.put` and
 * `kv.delete` (their compensation names it); it is its own compensation.
 */
export const KV_TOOL_DEFINITIONS: readonly ToolRegisteredData[] = [
  {
    ...write,
    name: 'kv.restore',
    description: "Makes a tenant's key hold the given entry (null: nothing); returns the entry it replaced.",
    inputSchema: {
      type: 'object',
      properties: { key, previous: entry },
      required: ['key', 'previous'],
      additionalProperties: false,
    },
    outputSchema: writeOutput,
    sideEffect: 'reversible',
    compensation: restorePrevious,
  },
  {
    ...common,
    name: 'kv.get',
    description: "Reads a tenant's key; `current` is null when the key holds nothing.",
    inputSchema: keyOnly,
    outputSchema: {
      type: 'object',
      properties: { key, current: entry },
      required: ['key', 'current'],
      additionalProperties: false,
    },
    sideEffect: 'read',
    compensation: null,
  },
  {
    ...write,
    name: 'kv.put',
    description: "Stores a JSON value under a tenant's key; returns the entry it replaced.",
    inputSchema: {
      type: 'object',
      properties: { key, value: {} },
      required: ['key', 'value'],
      additionalProperties: false,
    },
    outputSchema: writeOutput,
    sideEffect: 'reversible',
    compensation: restorePrevious,
  },
  {
    ...write,
    name: 'kv.delete',
    description: "Removes a tenant's key; returns the entry it removed (null when there was none).",
    inputSchema: keyOnly,
    outputSchema: writeOutput,
    sideEffect: 'reversible',
    compensation: restorePrevious,
  },
];

/** The handlers of the `kv.*` definitions over `store`, keyed for `createRuntimeToolExecutor`. */
export function kvToolHandlers(store: SqliteKvStore): Map<string, RuntimeToolHandler> {
  const handlers: Record<string, (args: KvArgs, tenant: string) => JsonValue> = {
    'kv.get': (args, tenant) => ({ key: args.key, current: store.get(tenant, args.key) }),
    'kv.put': (args, tenant) => ({
      key: args.key,
      previous: store.put(tenant, args.key, args.value ?? null),
    }),
    'kv.delete': (args, tenant) => ({ key: args.key, previous: store.delete(tenant, args.key) }),
    'kv.restore': (args, tenant) => ({
      key: args.key,
      previous: store.restore(tenant, args.key, args.previous ?? null),
    }),
  };
  return new Map(
    Object.entries(handlers).map(([name, run]) => [
      handlerKey(name, KV_TOOL_VERSION),
      (args, context) => Promise.resolve(run(args as unknown as KvArgs, context.tenant)),
    ]),
  );
}

/** Args as the input schemas admit them (the caller validated them against the schema). */
interface KvArgs {
  readonly key: string;
  readonly value?: JsonValue;
  readonly previous?: KvEntry;
}
