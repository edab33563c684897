import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { WorkerFailure, oneLine } from './workerFailure.js';
import type { WorkerModel } from './workerProtocol.js';

/** Read errors that mean "there is no model file there", as opposed to a transient failure to read one. */
const ABSENT_FILE_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

/**
 * Reads the model file once and returns its bytes only when they hash to `model.sha256` (lowercase hex). The
 * session is then created from these very bytes, never from the path again, so the file cannot change between
 * the check and the use.
 *
 * Throws `MODEL_INTEGRITY_VIOLATION` (details: expectedSha256, actualSha256, actualSize; the last two null when
 * the file is missing) or, when the file exists but cannot be read (permissions, descriptors), `ENGINE_FAILED`.
 */
export async function readVerifiedModel(model: WorkerModel): Promise<Uint8Array> {
  const expectedSha256 = model.sha256.toLowerCase();
  let bytes: Uint8Array;
  try {
    bytes = await readFile(model.location);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && ABSENT_FILE_CODES.has(code))
      throw new WorkerFailure(
        'MODEL_INTEGRITY_VIOLATION',
        `model file ${model.location} is missing (${code})`,
        {
          expectedSha256,
          actualSha256: null,
          actualSize: null,
        },
      );
    throw new WorkerFailure('ENGINE_FAILED', `cannot read model file ${model.location}: ${oneLine(error)}`);
  }
  const actualSha256 = createHash('sha256').update(bytes).digest('hex');
  if (actualSha256 !== expectedSha256)
    throw new WorkerFailure(
      'MODEL_INTEGRITY_VIOLATION',
      `model file ${model.location} hashes to ${actualSha256}, not the registered ${expectedSha256}: refused`,
      { expectedSha256, actualSha256, actualSize: bytes.byteLength },
    );
  return bytes;
}
