import * as ort from 'onnxruntime-node';
import { missingProviderLibraries } from '../gpu/cudaProviderLibraries.js';
import type { ExecutionProviderName } from './executionProviders.js';
import { WorkerFailure, oneLine } from './workerFailure.js';
import type { WorkerConfig } from './workerProtocol.js';

export interface OpenedSession {
  readonly session: ort.InferenceSession;
  readonly executionProvider: ExecutionProviderName;
  /** Why earlier providers in the preference list were skipped, `; `-separated on one line; null if none was. */
  readonly fallbackReason: string | null;
}

export type SessionFactory = (
  bytes: Uint8Array,
  options: ort.InferenceSession.SessionOptions,
) => Promise<ort.InferenceSession>;

/** Why a provider cannot load on this machine before ONNX Runtime is even asked, or null when it may. */
export type ProviderPrecheck = (provider: ExecutionProviderName) => string | null;

const createWithOnnxRuntime: SessionFactory = (bytes, options) => ort.InferenceSession.create(bytes, options);

/**
 * Opens a session on the first provider in `config.executionProviders` that accepts the model. Providers whose
 * libraries are missing are skipped without asking ONNX Runtime (which would log an error line per attempt);
 * the others are tried for real, and their refusal is kept as the reason.
 *
 * Throws `ENGINE_FAILED` listing every provider's reason when none accepts the model (CPU refusing means the
 * bytes are not a model this runtime can run).
 */
export async function openSession(
  bytes: Uint8Array,
  config: WorkerConfig,
  create: SessionFactory = createWithOnnxRuntime,
  precheck: ProviderPrecheck = libraryPrecheck,
): Promise<OpenedSession> {
  const skipped: string[] = [];
  for (const provider of config.executionProviders) {
    const unavailable = precheck(provider);
    if (unavailable !== null) {
      skipped.push(`${provider}: ${unavailable}`);
      continue;
    }
    try {
      const session = await create(bytes, sessionOptions(provider, config));
      return {
        session,
        executionProvider: provider,
        fallbackReason: skipped.length > 0 ? skipped.join('; ') : null,
      };
    } catch (error) {
      skipped.push(`${provider}: ${oneLine(error)}`);
    }
  }
  throw new WorkerFailure(
    'ENGINE_FAILED',
    `no execution provider could open the model: ${skipped.join('; ')}`,
    {
      reasons: skipped,
    },
  );
}

function sessionOptions(
  provider: ExecutionProviderName,
  config: WorkerConfig,
): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [provider],
    // One intra-op thread runs the graph on the worker's own thread: the pool, not ONNX Runtime, provides the
    // parallelism, so N workers never oversubscribe the cores with N thread pools.
    intraOpNumThreads: config.intraOpThreads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  };
}

const precheckMemo = new Map<ExecutionProviderName, string | null>();

/** CUDA and TensorRT need provider libraries next to ONNX Runtime's; checked once per worker. */
function libraryPrecheck(provider: ExecutionProviderName): string | null {
  if (provider !== 'cuda' && provider !== 'tensorrt') return null;
  if (!precheckMemo.has(provider)) precheckMemo.set(provider, missingProviderLibraries(provider));
  return precheckMemo.get(provider) ?? null;
}
