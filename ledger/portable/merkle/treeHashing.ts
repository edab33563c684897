import { sha256 } from '../hashing.js';
import type { Steps } from '../hashing.js';

/**
 * RFC 6962 §2.1 / RFC 9162 §2.1.1 tree hashing with SHA-256, as portable steps (ledger/merkle/treeHashing.ts is
 * Node's allocation-free hot path for the same bytes). Leaf: SHA-256(0x00 ‖ data); interior node:
 * SHA-256(0x01 ‖ left ‖ right); the empty tree's root is SHA-256 of the empty string.
 */

/** Size in bytes of every hash in the tree. */
export const HASH_SIZE = 32;
export const LEAF_PREFIX = 0x00;
export const NODE_PREFIX = 0x01;

/** The bytes a leaf hash covers: 0x00 ‖ data. */
export function leafInput(data: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + data.length);
  input[0] = LEAF_PREFIX;
  input.set(data, 1);
  return input;
}

/** The bytes an interior node's hash covers: 0x01 ‖ left ‖ right. */
export function nodeInput(left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + left.length + right.length);
  input[0] = NODE_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return input;
}

/** SHA-256(0x00 ‖ data). */
export function* hashLeafSteps(data: Uint8Array): Steps<Uint8Array> {
  return yield* sha256(leafInput(data));
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function* hashChildrenSteps(left: Uint8Array, right: Uint8Array): Steps<Uint8Array> {
  return yield* sha256(nodeInput(left, right));
}

/** The root of the tree with no leaves. */
export function* emptyRootSteps(): Steps<Uint8Array> {
  return yield* sha256(new Uint8Array(0));
}
