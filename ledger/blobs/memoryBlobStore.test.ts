import { MemoryBlobStore } from './memoryBlobStore.js';
import { describeBlobStoreContract } from './testing/blobStoreContract.js';

describeBlobStoreContract('memory', (options) => Promise.resolve(new MemoryBlobStore(options)));
