import type { JsonObject, JsonValue } from '../../domain/index.js';
import type { CheckpointSignedData } from '../ledgerStreams.js';

/** Which field of a stored checkpoint is unusable, and why. */
export interface CheckpointDataProblem {
  readonly field: string;
  readonly reason: string;
}

export type CheckpointDataReading =
  | { readonly data: CheckpointSignedData; readonly problem?: undefined }
  | { readonly data?: undefined; readonly problem: CheckpointDataProblem };

const HEX_HASH = /^[0-9a-f]{64}$/;

/**
 * Reads the data of a `CheckpointSigned` event without trusting it: an object with a string `origin` and `note`,
 * `treeSize` and `timestamp` safe non-negative integers, `rootHash` 64 lowercase hex digits and, when present,
 * `consistencyProof` an array of such hashes. Anything else (null, other types, missing fields) is a problem
 * naming the first field at fault; it never throws. The signature is not checked here.
 */
export function readCheckpointData(value: JsonValue | undefined): CheckpointDataReading {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return problem('data', `checkpoint data must be an object, found ${describe(value)}`);
  }
  const { origin, treeSize, rootHash, timestamp, note, consistencyProof } = value as JsonObject;
  if (typeof origin !== 'string') return problem('origin', 'must be a string');
  if (typeof note !== 'string') return problem('note', 'must be a string');
  if (!isCount(treeSize)) return problem('treeSize', 'must be a safe non-negative integer');
  if (!isCount(timestamp)) return problem('timestamp', 'must be a safe non-negative integer');
  if (typeof rootHash !== 'string' || !HEX_HASH.test(rootHash))
    return problem('rootHash', 'must be 64 lowercase hex digits');
  if (consistencyProof === undefined) return { data: { origin, treeSize, rootHash, timestamp, note } };
  if (!Array.isArray(consistencyProof) || !consistencyProof.every(isHexHash))
    return problem('consistencyProof', 'must be an array of 64-hex-digit hashes');
  return { data: { origin, treeSize, rootHash, timestamp, note, consistencyProof } };
}

/** Parses stored canonical JSON text first: text that is not JSON is a problem of field `data`. */
export function readCheckpointDataText(text: string): CheckpointDataReading {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return problem('data', 'checkpoint data is not JSON');
  }
  return readCheckpointData(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isHexHash(value: unknown): value is string {
  return typeof value === 'string' && HEX_HASH.test(value);
}

function describe(value: JsonValue | undefined): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}

function problem(field: string, reason: string): CheckpointDataReading {
  return { problem: { field, reason } };
}
