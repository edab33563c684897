// Public face of the ledger's RFC 6962 / RFC 9162 Merkle tree: hashing, compact ranges, proof planning
// and verification (pure), and the storage ports plus the reader that fetches nodes for them.
export { EMPTY_ROOT, HASH_SIZE, hashChildren, hashLeaf } from './treeHashing.js';
export { CompactRange, type OnNode } from './compactRange.js';
export { prefixNodes, type NodeId } from '../portable/merkle/nodeId.js';
export { planConsistency, planInclusion, type ProofPlan } from '../portable/merkle/proofPlan.js';
export { assembleProof } from './proofAssembly.js';
export { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './proofVerify.js';
export type { LeafHashSource } from './leafHashSource.js';
export { TILE_HEIGHT, type MerkleNodeStore, type StoredNode } from './merkleNodeStore.js';
export { createMemoryMerkleNodeStore } from './memoryMerkleNodeStore.js';
export { MerkleTreeReader } from './merkleTreeReader.js';
export { BufferedMerkleNodeStore } from './bufferedMerkleNodeStore.js';
export { MerkleTreeBuilder } from './merkleTreeBuilder.js';
export {
  MERKLE_ARGUMENT_ERROR_CODES,
  MERKLE_DATA_ERROR_CODES,
  MERKLE_PROOF_ERROR_CODES,
  MerkleArgumentError,
  MerkleDataError,
  MerkleProofError,
  isMerkleArgumentError,
  isMerkleDataError,
  isMerkleProofError,
  type MerkleArgumentErrorCode,
  type MerkleDataErrorCode,
  type MerkleProofErrorCode,
} from '../portable/merkle/merkleErrors.js';
