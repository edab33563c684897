/** The evidence bundle of a run as the `evidenceBundle` query answers it (graphql/types/evidenceBundle.ts). */
export interface EvidenceBundle {
  readonly runId: string;
  readonly format: string;
  readonly treeSize: number;
  /** SHA-256 of `content` (UTF-8), lowercase hex. */
  readonly sha256: string;
  readonly bytes: number;
  /** The bundle file: canonical JSON and one final newline, saved byte for byte. */
  readonly content: string;
}

export const EVIDENCE_BUNDLE = `query EvidenceBundle($runId: ID!) {
  evidenceBundle(runId: $runId) { runId format treeSize sha256 bytes content }
}`;

/** The checkpoint keys the server serves: the default trusted key, said to be no trust anchor. */
export const SERVED_KEYS = 'query ServedKeys { ledger { publicKeys } }';

/** The code the API answers while the run is newer than every signed checkpoint (409; about a second). */
export const NOT_YET_CHECKPOINTED = 'NOT_YET_CHECKPOINTED';

/**
 * The file name of a run's bundle: `run-<runId>.bundle.json`, the README's `mir export --run <runId> --out
 * run.bundle.json` named after the run's stream. Characters a file system may refuse become `_`.
 */
export function bundleFileName(runId: string): string {
  return `run-${runId.replace(/[^A-Za-z0-9._-]/g, '_')}.bundle.json`;
}

/** The file's bytes: `content` in UTF-8, exactly what `mir export --out` writes (no BOM, no conversion). */
export function bundleBytes(bundle: EvidenceBundle): Uint8Array {
  return new TextEncoder().encode(bundle.content);
}

export interface RetryOptions {
  /** Tries in all, the first included. */
  readonly attempts: number;
  readonly delayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Told before each wait: the attempt that just answered NOT_YET_CHECKPOINTED (1-based). */
  readonly onWaiting?: (attempt: number) => void;
}

/** Asking again every 1.5 s, five tries: checkpoints come every second by default (MIR_CHECKPOINT_EVERY_MS). */
export const CHECKPOINT_RETRY = { attempts: 5, delayMs: 1_500 } as const;

/**
 * Asks `ask` until it answers, asking again after `delayMs` while it fails with NOT_YET_CHECKPOINTED (the run has
 * events no signed checkpoint covers yet), at most `attempts` times in all; any other failure, or the last
 * NOT_YET_CHECKPOINTED, is thrown as it came.
 */
export async function whenCheckpointed<T>(ask: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ask();
    } catch (error) {
      if (!notYetCheckpointed(error) || attempt >= options.attempts) throw error;
      options.onWaiting?.(attempt);
      await options.sleep(options.delayMs);
    }
  }
}

function notYetCheckpointed(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === NOT_YET_CHECKPOINTED;
}
