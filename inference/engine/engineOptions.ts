import { DEFAULT_EXECUTION_PROVIDERS, normaliseExecutionProviders } from './executionProviders.js';
import type { ExecutionProviderName } from './executionProviders.js';

export interface OrtInferenceEngineOptions {
  /** Worker threads, each with its own sessions. Default 1. */
  readonly workers?: number;
  /**
   * Execution providers in order of preference. Default `['cuda', 'cpu']`; `cpu` is appended when absent (see
   * `normaliseExecutionProviders`). Unknown names throw at construction.
   */
  readonly executionProviders?: readonly string[];
  /** Requests that may wait for a worker; one more is refused with `OVERLOADED`. Default 256. */
  readonly maxQueue?: number;
  /** Time limit of a request without its own `timeoutMs`, queueing included. Default 30 000 ms. */
  readonly defaultTimeoutMs?: number;
  /** Most output elements (all outputs together) one run may return; beyond, `OUTPUT_TOO_LARGE`. Default 65 536. */
  readonly maxOutputElements?: number;
  /** ONNX Runtime intra-op threads per session. Default 1: workers are the unit of parallelism. */
  readonly intraOpThreads?: number;
}

export interface ResolvedEngineOptions {
  readonly workers: number;
  readonly executionProviders: readonly ExecutionProviderName[];
  readonly maxQueue: number;
  readonly defaultTimeoutMs: number;
  readonly maxOutputElements: number;
  readonly intraOpThreads: number;
}

export const ENGINE_DEFAULTS = {
  workers: 1,
  maxQueue: 256,
  defaultTimeoutMs: 30_000,
  maxOutputElements: 65_536,
  intraOpThreads: 1,
} as const;

/** Fills in defaults; throws RangeError for a count or limit that is not a positive integer. */
export function resolveEngineOptions(options: OrtInferenceEngineOptions): ResolvedEngineOptions {
  return {
    workers: positiveInteger('workers', options.workers ?? ENGINE_DEFAULTS.workers),
    executionProviders: normaliseExecutionProviders(
      options.executionProviders ?? DEFAULT_EXECUTION_PROVIDERS,
    ),
    maxQueue: positiveInteger('maxQueue', options.maxQueue ?? ENGINE_DEFAULTS.maxQueue),
    defaultTimeoutMs: positiveInteger(
      'defaultTimeoutMs',
      options.defaultTimeoutMs ?? ENGINE_DEFAULTS.defaultTimeoutMs,
    ),
    maxOutputElements: positiveInteger(
      'maxOutputElements',
      options.maxOutputElements ?? ENGINE_DEFAULTS.maxOutputElements,
    ),
    intraOpThreads: positiveInteger(
      'intraOpThreads',
      options.intraOpThreads ?? ENGINE_DEFAULTS.intraOpThreads,
    ),
  };
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer, not ${value}`);
  return value;
}
