import { MerkleArgumentError } from './merkleErrors.js';
import { HASH_SIZE } from './treeHashing.js';

/**
 * Precondition checks shared by the Merkle modules. Each throws MerkleArgumentError naming the argument
 * and carrying the offending value.
 */

/** Throws MERKLE_INVALID_SIZE unless `value` is a non-negative safe integer. */
export function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new MerkleArgumentError('MERKLE_INVALID_SIZE', `${name} must be a non-negative safe integer`, {
      name,
      value: Number.isFinite(value) ? value : String(value),
    });
  }
}

/** Throws MERKLE_INVALID_HASH_LENGTH unless `hash` is exactly 32 bytes. */
export function checkHash(name: string, hash: Uint8Array): void {
  if (hash.length !== HASH_SIZE) {
    throw new MerkleArgumentError('MERKLE_INVALID_HASH_LENGTH', `${name} must be ${HASH_SIZE} bytes`, {
      name,
      expectedLength: HASH_SIZE,
      actualLength: hash.length,
    });
  }
}

/** Throws MERKLE_INDEX_OUT_OF_RANGE unless 0 <= index < size (both checked as counts first). */
export function checkIndex(index: number, size: number): void {
  checkCount('index', index);
  checkCount('size', size);
  if (index >= size) {
    throw new MerkleArgumentError(
      'MERKLE_INDEX_OUT_OF_RANGE',
      `index ${index} is outside a tree of size ${size}`,
      {
        index,
        size,
      },
    );
  }
}

/** Throws MERKLE_SIZES_OUT_OF_ORDER unless 0 <= size1 <= size2 (both checked as counts first). */
export function checkSizeOrder(size1: number, size2: number): void {
  checkCount('size1', size1);
  checkCount('size2', size2);
  if (size1 > size2) {
    throw new MerkleArgumentError(
      'MERKLE_SIZES_OUT_OF_ORDER',
      `size1 ${size1} is larger than size2 ${size2}`,
      {
        size1,
        size2,
      },
    );
  }
}
