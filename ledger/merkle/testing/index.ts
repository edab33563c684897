// Test support for the Merkle tree, for specs in other folders (e.g. the SQLite MerkleNodeStore adapter).
// Imports vitest: never import this from production code.
export {
  describeMerkleNodeStoreContract,
  type MerkleNodeStoreContractCase,
  type MerkleNodeStoreContractOptions,
} from './merkleNodeStoreContract.js';
export { createMemoryLeafHashSource, type MemoryLeafHashSource } from './memoryLeafHashSource.js';
export { NaiveTree, pathSides, proofShape } from './naiveTree.js';
export {
  acceptedProbes,
  consistencyProbes,
  inclusionProbes,
  type ConsistencyClaim,
  type InclusionClaim,
  type Probe,
} from './corruptionProbes.js';
export { seededRandom } from './seededRandom.js';
