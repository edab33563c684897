import { MirError } from '../../../domain/errors/mirError.js';
import type { JsonValue } from '../../../domain/events/json.js';

type Details = Readonly<Record<string, JsonValue>>;

/**
 * A caller broke a documented precondition of the Merkle code: an index outside the tree, sizes out of
 * order, a size that is not a non-negative safe integer, a hash that is not 32 bytes, or a node list whose
 * length does not match what the tree shape requires. These are programming errors, not bad evidence.
 */
export const MERKLE_ARGUMENT_ERROR_CODES = [
  'MERKLE_INDEX_OUT_OF_RANGE',
  'MERKLE_SIZES_OUT_OF_ORDER',
  'MERKLE_INVALID_SIZE',
  'MERKLE_INVALID_HASH_LENGTH',
  'MERKLE_NODE_COUNT_MISMATCH',
] as const;
export type MerkleArgumentErrorCode = (typeof MERKLE_ARGUMENT_ERROR_CODES)[number];

export class MerkleArgumentError extends MirError<MerkleArgumentErrorCode> {
  constructor(code: MerkleArgumentErrorCode, message: string, details: Details) {
    super(code, message, details);
  }
}

export function isMerkleArgumentError(error: unknown): error is MerkleArgumentError {
  return error instanceof MerkleArgumentError;
}

/**
 * A proof did not verify. `MERKLE_PROOF_WRONG_LENGTH` carries expected and actual element counts;
 * `MERKLE_ROOT_MISMATCH` carries the expected root and the root the proof actually yields (hex) plus the
 * index and sizes; `MERKLE_PROOF_INVALID` covers claims that no proof can support (index >= size,
 * size1 > size2) and malformed elements.
 */
export const MERKLE_PROOF_ERROR_CODES = [
  'MERKLE_PROOF_INVALID',
  'MERKLE_PROOF_WRONG_LENGTH',
  'MERKLE_ROOT_MISMATCH',
] as const;
export type MerkleProofErrorCode = (typeof MERKLE_PROOF_ERROR_CODES)[number];

export class MerkleProofError extends MirError<MerkleProofErrorCode> {
  constructor(code: MerkleProofErrorCode, message: string, details: Details) {
    super(code, message, details);
  }
}

export function isMerkleProofError(error: unknown): error is MerkleProofError {
  return error instanceof MerkleProofError;
}

/**
 * Storage handed back data that cannot be part of the tree: fewer event hashes than asked for, a hash of
 * the wrong length, or an attempt to overwrite a stored node with a different hash (nodes of an
 * append-only tree never change, so a conflict means corruption or a forked ledger).
 */
export const MERKLE_DATA_ERROR_CODES = [
  'MERKLE_LEAVES_MISSING',
  'MERKLE_HASH_MALFORMED',
  'MERKLE_NODE_CONFLICT',
] as const;
export type MerkleDataErrorCode = (typeof MERKLE_DATA_ERROR_CODES)[number];

export class MerkleDataError extends MirError<MerkleDataErrorCode> {
  constructor(code: MerkleDataErrorCode, message: string, details: Details) {
    super(code, message, details);
  }
}

export function isMerkleDataError(error: unknown): error is MerkleDataError {
  return error instanceof MerkleDataError;
}
