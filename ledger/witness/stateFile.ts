import { DurableWriteError, replaceFileDurably } from '../durableFile.js';
import { WitnessError } from './witnessErrors.js';

/**
 * Replaces the witness's state file durably (see replaceFileDurably): a crash leaves the old state or the new one.
 *
 * @throws WitnessError `WITNESS_STATE_IO` (details: path, operation, errno); `path` is then unchanged.
 */
export function replaceStateFile(path: string, content: Uint8Array): void {
  try {
    replaceFileDurably(path, content);
  } catch (error) {
    if (!(error instanceof DurableWriteError)) throw error;
    const { operation, errno } = error;
    throw new WitnessError(
      'WITNESS_STATE_IO',
      `cannot ${operation} ${path} (${errno})`,
      { path, operation, errno },
      error,
    );
  }
}
