import { DEFAULT_APPROVAL_LIMITS, DEFAULT_POLICY_LIMITS, MirError } from '../../domain/index.js';
import type { PolicyLimits } from '../../domain/index.js';
import { parseExecutionProviders } from '../../inference/engine/executionProviders.js';
import { resolveDataDirectory } from '../dataDirectory.js';
import type { DataDirectory } from '../dataDirectory.js';
import { parseStoreLocation } from '../store/storeLocation.js';
import type { StoreLocation } from '../store/storeLocation.js';
import { parseWitnessEndpoints } from '../witnesses/witnessEndpoints.js';
import type { WitnessEndpoint } from '../witnesses/witnessEndpoints.js';

/** Everything the server is configured with, parsed once from flags and `MIR_*` variables, then frozen. */
export interface RuntimeConfig {
  readonly dataDir: DataDirectory;
  /**
   * Where the ledger lives (`--store` / `MIR_STORE`): unset = the data directory's SQLite file; a `postgres://` URL
   * = PostgreSQL, shared by every node given the same URL (see parseStoreLocation). The data directory keeps each
   * node's own read models, keys, tools, models and lock whatever the store.
   */
  readonly store: StoreLocation;
  readonly host: string;
  readonly port: number;
  /** Origins allowed by CORS; none by default (same-origin and non-browser clients only). */
  readonly corsOrigins: readonly string[];
  readonly maxRequestBytes: number;
  /** Serve the offline GraphiQL page at /graphql (off by default). */
  readonly graphiql: boolean;
  /** Serve MIR's web console at /console (on by default; `MIR_CONSOLE=0` turns it off). */
  readonly console: boolean;
  /** Development mode: field suggestions in errors. Never in production. */
  readonly development: boolean;
  /** /readyz fails while projections lag the ledger by more than this many events. */
  readonly readyMaxLag: number;
  readonly checkpointEveryEvents: number;
  readonly checkpointEveryMs: number;
  readonly inference: InferenceConfig;
  readonly governance: GovernanceConfig;
  /** Witnesses the checkpoints are submitted to (`--witnesses` / `MIR_WITNESSES`: `<url>=<verifier key>` list). */
  readonly witnesses: readonly WitnessEndpoint[];
}

/** Tools and approvals. */
export interface GovernanceConfig {
  /** `host:port` pairs the built-in http.* tools may reach (`MIR_HTTP_TOOL_HOSTS`, default none). */
  readonly httpAllowedHosts: readonly string[];
  /** How long a reviewer has to decide a gated call, and how long its grant lasts (`MIR_APPROVAL_TTL_MS`, default 15 min). */
  readonly approvalTtlMs: number;
  /**
   * Window in which identical refusals (same key, operation, subject, reason) are coalesced into one counted event
   * (`MIR_REFUSAL_WINDOW_MS`, default 60 s; 0 records every refusal as its own event).
   */
  readonly refusalWindowMs: number;
  /**
   * What `publishPolicy` accepts before the text reaches Cedar: `MIR_POLICY_MAX_BYTES` (default 65536),
   * `MIR_POLICY_MAX_POLICIES` (default 256), `MIR_POLICY_MAX_DEPTH` (default 48; see `measurePolicyText`).
   */
  readonly policyLimits: PolicyLimits;
  /** Approvals of one run that may wait at once (`MIR_MAX_PENDING_APPROVALS_PER_RUN`, default 32). */
  readonly maxPendingApprovalsPerRun: number;
  /** Approvals of one tenant that may wait at once (`MIR_MAX_PENDING_APPROVALS_PER_TENANT`, default 1,000). */
  readonly maxPendingApprovalsPerTenant: number;
}

/** How local models are run. */
export interface InferenceConfig {
  /** Execution providers in order of preference (`MIR_EXECUTION_PROVIDERS`, default `cuda,cpu`; cpu always last). */
  readonly executionProviders: readonly string[];
  /** Worker threads running sessions (`MIR_INFERENCE_WORKERS`, default 1). */
  readonly workers: number;
  /** Requests waiting beyond the running ones before `OVERLOADED` (`MIR_INFERENCE_QUEUE`, default 256). */
  readonly maxQueue: number;
  /** Per-request limit unless the request sets a shorter one (`MIR_INFERENCE_TIMEOUT_MS`, default 30 s). */
  readonly timeoutMs: number;
  /** Largest model file `registerModel` accepts over HTTP (`MIR_MAX_MODEL_UPLOAD_BYTES`, default 64 MiB). */
  readonly maxModelUploadBytes: number;
  /** Register the models shipped with MIR (risk-classifier, text-embedder) at start (`MIR_SHIPPED_MODELS=0` to skip). */
  readonly registerShippedModels: boolean;
}

export interface ConfigFlags {
  readonly data?: string;
  readonly store?: string;
  readonly host?: string;
  readonly port?: string;
  readonly corsOrigins?: string;
  readonly witnesses?: string;
}

/** A setting that cannot be used; the message names it and what was given. */
export class ConfigError extends MirError<'CONFIG_INVALID'> {
  constructor(message: string) {
    super('CONFIG_INVALID', message);
  }
}

/** Flags win over environment variables, which win over defaults. Throws ConfigError naming the bad setting. */
export function loadRuntimeConfig(
  flags: ConfigFlags = {},
  env: NodeJS.ProcessEnv = process.env,
): RuntimeConfig {
  const dataDir = resolveDataDirectory(flags.data, env);
  return Object.freeze({
    dataDir,
    store: Object.freeze(storeLocation(flags.store ?? env.MIR_STORE, dataDir)),
    host: flags.host ?? env.MIR_HOST ?? '127.0.0.1',
    port: integer('port', flags.port ?? env.MIR_PORT ?? '4000', 0, 65_535),
    corsOrigins: Object.freeze(list(flags.corsOrigins ?? env.MIR_CORS_ORIGINS)),
    maxRequestBytes: integer(
      'MIR_MAX_REQUEST_BYTES',
      env.MIR_MAX_REQUEST_BYTES ?? String(64 * 1024),
      1024,
      16 * 1024 * 1024,
    ),
    graphiql: flag(env.MIR_GRAPHIQL),
    console: onUnlessOff('MIR_CONSOLE', env.MIR_CONSOLE),
    development: env.NODE_ENV === 'development',
    readyMaxLag: integer('MIR_READY_MAX_LAG', env.MIR_READY_MAX_LAG ?? '1000', 0, Number.MAX_SAFE_INTEGER),
    checkpointEveryEvents: integer(
      'MIR_CHECKPOINT_EVERY_EVENTS',
      env.MIR_CHECKPOINT_EVERY_EVENTS ?? '10000',
      1,
      10_000_000,
    ),
    checkpointEveryMs: integer(
      'MIR_CHECKPOINT_EVERY_MS',
      env.MIR_CHECKPOINT_EVERY_MS ?? '1000',
      10,
      86_400_000,
    ),
    inference: inferenceConfig(env),
    witnesses: Object.freeze(
      parseWitnessEndpoints(
        flags.witnesses ?? env.MIR_WITNESSES,
        (message) => new ConfigError(`MIR_WITNESSES: ${message}`),
      ),
    ),
    governance: Object.freeze({
      httpAllowedHosts: Object.freeze(hostList(env.MIR_HTTP_TOOL_HOSTS)),
      approvalTtlMs: integer(
        'MIR_APPROVAL_TTL_MS',
        env.MIR_APPROVAL_TTL_MS ?? '900000',
        1_000,
        7 * 86_400_000,
      ),
      refusalWindowMs: integer('MIR_REFUSAL_WINDOW_MS', env.MIR_REFUSAL_WINDOW_MS ?? '60000', 0, 86_400_000),
      policyLimits: policyLimitsConfig(env),
      maxPendingApprovalsPerRun: integer(
        'MIR_MAX_PENDING_APPROVALS_PER_RUN',
        env.MIR_MAX_PENDING_APPROVALS_PER_RUN ?? String(DEFAULT_APPROVAL_LIMITS.perRun),
        1,
        1_000_000,
      ),
      maxPendingApprovalsPerTenant: integer(
        'MIR_MAX_PENDING_APPROVALS_PER_TENANT',
        env.MIR_MAX_PENDING_APPROVALS_PER_TENANT ?? String(DEFAULT_APPROVAL_LIMITS.perTenant),
        1,
        1_000_000,
      ),
    }),
  });
}

/** `--store` / `MIR_STORE` (see parseStoreLocation); shared by `mir serve` and the CLI commands that open the ledger. */
export function storeLocation(text: string | undefined, dataDir: DataDirectory): StoreLocation {
  return parseStoreLocation(
    text,
    dataDir.ledgerFile,
    (message) => new ConfigError(`MIR_STORE (--store) ${message}`),
  );
}

function policyLimitsConfig(env: NodeJS.ProcessEnv): PolicyLimits {
  const setting = (name: string, fallback: number, min: number, max: number) =>
    integer(name, env[name] ?? String(fallback), min, max);
  return Object.freeze({
    maxBytes: setting('MIR_POLICY_MAX_BYTES', DEFAULT_POLICY_LIMITS.maxBytes, 1024, 16 * 1024 * 1024),
    maxPolicies: setting('MIR_POLICY_MAX_POLICIES', DEFAULT_POLICY_LIMITS.maxPolicies, 1, 100_000),
    maxDepth: setting('MIR_POLICY_MAX_DEPTH', DEFAULT_POLICY_LIMITS.maxDepth, 1, 1_000),
  });
}

function inferenceConfig(env: NodeJS.ProcessEnv): InferenceConfig {
  let executionProviders: readonly string[];
  try {
    executionProviders = parseExecutionProviders(env.MIR_EXECUTION_PROVIDERS);
  } catch (error) {
    throw new ConfigError(`MIR_EXECUTION_PROVIDERS: ${(error as Error).message}`);
  }
  return Object.freeze({
    executionProviders,
    workers: integer('MIR_INFERENCE_WORKERS', env.MIR_INFERENCE_WORKERS ?? '1', 1, 64),
    maxQueue: integer('MIR_INFERENCE_QUEUE', env.MIR_INFERENCE_QUEUE ?? '256', 1, 1_000_000),
    timeoutMs: integer('MIR_INFERENCE_TIMEOUT_MS', env.MIR_INFERENCE_TIMEOUT_MS ?? '30000', 10, 3_600_000),
    maxModelUploadBytes: integer(
      'MIR_MAX_MODEL_UPLOAD_BYTES',
      env.MIR_MAX_MODEL_UPLOAD_BYTES ?? String(64 * 1024 * 1024),
      1024,
      512 * 1024 * 1024,
    ),
    registerShippedModels: env.MIR_SHIPPED_MODELS !== '0' && env.MIR_SHIPPED_MODELS !== 'false',
  });
}

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return value;
}

function list(text: string | undefined): string[] {
  if (text === undefined || text.trim() === '') return [];
  return text.split(',').map((origin) => {
    const trimmed = origin.trim();
    if (!/^https?:\/\/[^\s/]+$/.test(trimmed))
      throw new ConfigError(`CORS origin must look like https://host[:port], got ${JSON.stringify(trimmed)}`);
    return trimmed;
  });
}

function hostList(text: string | undefined): string[] {
  if (text === undefined || text.trim() === '') return [];
  return text.split(',').map((entry) => {
    const trimmed = entry.trim();
    if (!/^[A-Za-z0-9.-]+:\d{1,5}$/.test(trimmed))
      throw new ConfigError(
        `MIR_HTTP_TOOL_HOSTS entries must look like host:port, got ${JSON.stringify(trimmed)}`,
      );
    return trimmed;
  });
}

function flag(text: string | undefined): boolean {
  return text === '1' || text === 'true';
}

/** A setting on by default: unset, `1` or `true` is on, `0` or `false` is off, anything else a ConfigError. */
function onUnlessOff(name: string, text: string | undefined): boolean {
  if (text === undefined || text === '' || text === '1' || text === 'true') return true;
  if (text === '0' || text === 'false') return false;
  throw new ConfigError(`${name} must be 0 or 1 (got ${JSON.stringify(text)})`);
}
