import { checkCount, checkIndex, checkSizeOrder } from '../portable/merkle/argumentChecks.js';
import { CompactRange } from './compactRange.js';
import type { LeafHashSource } from './leafHashSource.js';
import { TILE_HEIGHT, type MerkleNodeStore } from './merkleNodeStore.js';
import { MerkleDataError } from '../portable/merkle/merkleErrors.js';
import { prefixNodes, type NodeId } from '../portable/merkle/nodeId.js';
import { planConsistency, planInclusion } from '../portable/merkle/proofPlan.js';
import { assembleProof } from './proofAssembly.js';
import { HASH_SIZE, hashChildren, hashLeaf } from './treeHashing.js';

/**
 * The fetch step: reads node hashes for proof plans, roots and compact ranges from storage. Nodes at
 * level >= TILE_HEIGHT come from the node store when present; anything else is recomputed, from children
 * or, below TILE_HEIGHT, from the leaves. Reads only; it never writes to either store.
 *
 * Precondition of every method: the sizes and node ranges asked for lie within the leaves `leaves`
 * can return. Errors: MerkleArgumentError for bad indexes and sizes, MerkleDataError when storage returns
 * fewer event hashes than asked (MERKLE_LEAVES_MISSING) or a hash that is not 32 bytes
 * (MERKLE_HASH_MALFORMED).
 */
export class MerkleTreeReader {
  readonly #leaves: LeafHashSource;
  readonly #nodes: MerkleNodeStore;

  constructor(leaves: LeafHashSource, nodes: MerkleNodeStore) {
    this.#leaves = leaves;
    this.#nodes = nodes;
  }

  /** Hash of the perfect subtree (level, index). Requires (index + 1) * 2^level to be a safe integer. */
  async nodeHash(level: number, index: number): Promise<Buffer> {
    checkNode(level, index);
    if (level >= TILE_HEIGHT) {
      const stored = await this.#nodes.get(level, index);
      if (stored !== undefined) return checkStored(stored, 'node', level, index);
      if (level > TILE_HEIGHT) {
        const left = await this.nodeHash(level - 1, 2 * index);
        return hashChildren(left, await this.nodeHash(level - 1, 2 * index + 1));
      }
    }
    const width = 2 ** level;
    return subtreeHash(await this.#leafHashes(index * width, (index + 1) * width));
  }

  /** The RFC 6962 root of the first `size` leaves (EMPTY_ROOT for 0). */
  async rootAt(size: number): Promise<Buffer> {
    return (await this.compactRangeAt(size)).root();
  }

  /** The compact range of [0, size), to resume appending (e.g. in a MerkleTreeBuilder) after a restart. */
  async compactRangeAt(size: number): Promise<CompactRange> {
    return CompactRange.fromNodes(size, await this.#fetch(prefixNodes(size)));
  }

  /** The RFC 9162 inclusion proof of leaf `index` in the tree of `size` leaves (index < size). */
  async inclusionProof(index: number, size: number): Promise<Buffer[]> {
    checkIndex(index, size);
    const plan = planInclusion(index, size);
    return assembleProof(plan, await this.#fetch(plan.nodes));
  }

  /** The RFC 9162 consistency proof from the tree of `size1` leaves to that of `size2` (size1 <= size2). */
  async consistencyProof(size1: number, size2: number): Promise<Buffer[]> {
    checkSizeOrder(size1, size2);
    const plan = planConsistency(size1, size2);
    return assembleProof(plan, await this.#fetch(plan.nodes));
  }

  /** Hashes of the perfect subtrees `ids`, in order (one leaf read per tile for the low ones). */
  async nodeHashes(ids: readonly NodeId[]): Promise<Buffer[]> {
    for (const id of ids) checkNode(id.level, id.index);
    return this.#fetch(ids);
  }

  /**
   * Hashes of `ids`, in order. Nodes below TILE_HEIGHT in the same tile share one leaf read, so a proof
   * costs a handful of reads rather than one per level.
   */
  async #fetch(ids: readonly NodeId[]): Promise<Buffer[]> {
    const hashes = new Map<number, Buffer>();
    const tiles = new Map<number, number[]>();
    for (const [position, id] of ids.entries()) {
      if (id.level >= TILE_HEIGHT) {
        hashes.set(position, await this.nodeHash(id.level, id.index));
      } else {
        const tile = Math.floor((id.index * 2 ** id.level) / 2 ** TILE_HEIGHT);
        const members = tiles.get(tile) ?? [];
        members.push(position);
        tiles.set(tile, members);
      }
    }
    for (const positions of tiles.values()) {
      const group = positions.map((position) => ids[position] as NodeId);
      const start = Math.min(...group.map((id) => id.index * 2 ** id.level));
      const end = Math.max(...group.map((id) => (id.index + 1) * 2 ** id.level));
      const leafHashes = await this.#leafHashes(start, end);
      group.forEach((id, member) => {
        const first = id.index * 2 ** id.level - start;
        hashes.set(positions[member] as number, subtreeHash(leafHashes.slice(first, first + 2 ** id.level)));
      });
    }
    return ids.map((_id, position) => hashes.get(position) as Buffer);
  }

  /** hashLeaf of the event hashes of [start, end), checking that storage returned all of them. */
  async #leafHashes(start: number, end: number): Promise<Buffer[]> {
    const eventHashes = await this.#leaves.eventHashes(start, end);
    if (eventHashes.length !== end - start) {
      throw new MerkleDataError('MERKLE_LEAVES_MISSING', `asked for events [${start}, ${end})`, {
        start,
        end,
        returnedCount: eventHashes.length,
      });
    }
    return eventHashes.map((eventHash, offset) =>
      hashLeaf(checkStored(eventHash, 'event hash', 0, start + offset)),
    );
  }
}

/** Root of a perfect subtree from its leaf hashes (a power-of-two count). */
function subtreeHash(leafHashes: readonly Buffer[]): Buffer {
  const range = new CompactRange();
  for (const leafHash of leafHashes) range.append(leafHash);
  return range.root();
}

function checkNode(level: number, index: number): void {
  checkCount('level', level);
  checkCount('index', index);
  checkCount('node end', (index + 1) * 2 ** level);
}

/** Returns `hash` when it is 32 bytes; MerkleDataError MERKLE_HASH_MALFORMED names what storage sent. */
function checkStored(hash: Buffer, what: string, level: number, index: number): Buffer {
  if (hash.length === HASH_SIZE) return hash;
  throw new MerkleDataError(
    'MERKLE_HASH_MALFORMED',
    `${what} ${level}/${index} from storage is not ${HASH_SIZE} bytes`,
    {
      what,
      level,
      index,
      actualLength: hash.length,
    },
  );
}
