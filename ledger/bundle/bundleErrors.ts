import { MirError } from '../../domain/errors/mirError.js';
import type { JsonValue } from '../../domain/index.js';

/**
 * Why a bundle could not be exported:
 * - `BUNDLE_SUBJECT_NOT_FOUND`: no such run (for this tenant), or an empty range (details: runId or from/to).
 * - `BUNDLE_NOT_CHECKPOINTED`: an event of the subject is newer than every signed checkpoint (details: position,
 *   treeSize); wait for the next checkpoint (a running server signs within a second) or run `mir checkpoint --now`.
 * - `BUNDLE_CHECKPOINT_NOT_FOUND`: no signed checkpoint of the requested tree size (details: treeSize).
 * - `BUNDLE_SINCE_TOO_NEW`: a `since` size beyond the bundle's checkpoint (details: since, treeSize).
 * - `BUNDLE_RANGE_INVALID`: from > to, a range beyond the log, or wider than MAX_RANGE_EVENTS (details).
 * - `BUNDLE_BLOB_MISSING`: an exported event names a blob the blob store does not hold (details: digest, position).
 */
export const BUNDLE_ERROR_CODES = [
  'BUNDLE_SUBJECT_NOT_FOUND',
  'BUNDLE_NOT_CHECKPOINTED',
  'BUNDLE_CHECKPOINT_NOT_FOUND',
  'BUNDLE_SINCE_TOO_NEW',
  'BUNDLE_RANGE_INVALID',
  'BUNDLE_BLOB_MISSING',
] as const;
export type BundleErrorCode = (typeof BUNDLE_ERROR_CODES)[number];

export class BundleError extends MirError<BundleErrorCode> {
  constructor(code: BundleErrorCode, message: string, details: Readonly<Record<string, JsonValue>> = {}) {
    super(code, message, details);
  }
}
