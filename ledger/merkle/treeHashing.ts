import { hash } from 'node:crypto';
import { HASH_SIZE, LEAF_PREFIX, NODE_PREFIX } from '../portable/merkle/treeHashing.js';

/**
 * RFC 6962 §2.1 / RFC 9162 §2.1.1 tree hashing with SHA-256. Domain separation between leaves and
 * interior nodes keeps a leaf from ever being mistaken for a node (second-preimage resistance).
 *
 * Leaf hash input (1 + n bytes):
 *   byte 0        0x00                     leaf prefix
 *   bytes 1..n    data                     the leaf's bytes; in MIR, the 32-byte event hash
 *
 * Interior node hash input (1 + 32 + 32 bytes for SHA-256 children):
 *   byte 0        0x01                     node prefix
 *   bytes 1..32   left child hash          covers the lower-indexed leaves
 *   bytes 33..64  right child hash         covers the higher-indexed leaves
 *
 * The root of the empty tree is SHA-256 of the empty string.
 *
 * The same bytes as the portable steps (ledger/portable/merkle/treeHashing.ts), which the browser verifier runs.
 * Hashing is on the hot path of ledger verification (about two hashes per appended leaf), so the common
 * 32-byte case copies into preallocated scratch buffers; every returned Buffer is freshly allocated and
 * owned by the caller.
 */

export { HASH_SIZE } from '../portable/merkle/treeHashing.js';

const leafScratch = Buffer.alloc(1 + HASH_SIZE);
leafScratch[0] = LEAF_PREFIX;
const nodeScratch = Buffer.alloc(1 + 2 * HASH_SIZE);
nodeScratch[0] = NODE_PREFIX;

/** SHA-256 of the empty string: the root of a tree with no leaves. Shared; never mutate it. */
export const EMPTY_ROOT: Buffer = hash('sha256', Buffer.alloc(0), 'buffer');

/** SHA-256(0x00 ‖ data): the hash of a leaf holding `data` (any length, including empty). */
export function hashLeaf(data: Uint8Array): Buffer {
  if (data.length === HASH_SIZE) {
    leafScratch.set(data, 1);
    return hash('sha256', leafScratch, 'buffer');
  }
  const input = Buffer.allocUnsafe(1 + data.length);
  input[0] = LEAF_PREFIX;
  input.set(data, 1);
  return hash('sha256', input, 'buffer');
}

/** SHA-256(0x01 ‖ left ‖ right): the hash of an interior node from its children's hashes. */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length === HASH_SIZE && right.length === HASH_SIZE) {
    nodeScratch.set(left, 1);
    nodeScratch.set(right, 1 + HASH_SIZE);
    return hash('sha256', nodeScratch, 'buffer');
  }
  const input = Buffer.allocUnsafe(1 + left.length + right.length);
  input[0] = NODE_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return hash('sha256', input, 'buffer');
}
