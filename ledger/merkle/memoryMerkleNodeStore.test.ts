import { createMemoryMerkleNodeStore } from './memoryMerkleNodeStore.js';
import { describeMerkleNodeStoreContract } from './testing/merkleNodeStoreContract.js';

describeMerkleNodeStoreContract('memory', () => Promise.resolve(createMemoryMerkleNodeStore()));
